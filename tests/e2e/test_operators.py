"""Operators manage the shared sources from the chat: /addsource, /pausesource,
/resumesource, /removesource (admins only), kept across restarts; /sources pages with health."""

from __future__ import annotations

from typing import Any

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, story
from tests.fakes.feeds import FeedServer

ADMIN, PERSON = 4242, 31


async def test_operators_add_pause_resume_and_remove_sources(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    clock = Newsroom(feeds, "clock.rss")  # a configured source polled every second
    config = write_config([{"name": "Clock", "url": clock.url, "interval": 1}])
    bot = await livebot_factory(config)
    wire = Newsroom(feeds, "wire.rss")
    wire.add(story("w0", "Backlog"))
    refused = await botapi.reply_to(PERSON, f"/addsource {wire.url}")
    assert refused.visible == "This command is for the bot's operators."
    added = (await botapi.reply_to(ADMIN, f"/addsource {wire.url} Wire desk every 1s")).visible
    assert added.startswith("➕ Added #") and "Feed “Wire desk” with 1 post" in added, added
    number = added.split("#", 1)[1].split(":", 1)[0]
    await botapi.reply_to(PERSON, "/subscribe storm")
    await wire.fetched(botapi)
    wire.add(story("w1", "Storm closes the port"))  # everyone's topics match it
    await botapi.wait_for(lambda m: m.chat_id == PERSON and m.visible.startswith("Storm closes"))
    mine = (await botapi.reply_to(ADMIN, "/sources")).visible
    assert f"Wire desk · 2 entries · #{number} · added in chat" in mine
    assert "Wire desk · 2 entries\n" in (await botapi.reply_to(PERSON, "/sources")).visible

    paused = (await botapi.reply_to(ADMIN, "/pausesource wire")).visible
    assert paused.startswith(f"⏸ Paused #{number} “Wire desk”"), paused
    await clock.fetched(botapi, 2)  # a poll under way ends
    hits = feeds.hits["wire.rss"]
    await clock.fetched(botapi, 3)  # the bot has looked three more times
    assert feeds.hits["wire.rss"] == hits
    assert "⏸ Wire desk" in (await botapi.reply_to(ADMIN, "/sources")).visible

    await bot.close()  # what operators did holds across a restart
    bot = await livebot_factory(config)
    await clock.fetched(botapi, 3)
    assert feeds.hits["wire.rss"] == hits
    resumed = (await botapi.reply_to(ADMIN, f"/resumesource {number}")).visible
    assert resumed == f"▶️ Resumed #{number} “Wire desk”: checking it now."
    await wire.fetched(botapi)

    removed = (await botapi.reply_to(ADMIN, "/removesource Clock")).visible
    assert removed.startswith("➖ Removed #") and "The config file still lists it" in removed
    await bot.close()
    await livebot_factory(config)  # the config still lists Clock: it stays removed
    listing = (await botapi.reply_to(ADMIN, "/sources")).visible
    assert "Clock" not in listing and "Wire desk" in listing
    nothing = (await botapi.reply_to(ADMIN, "/removesource Nowhere")).visible
    assert nothing == "No source is called “Nowhere”. See /sources."


async def test_sources_are_listed_a_page_at_a_time(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    desks = [Newsroom(feeds, f"desk{n:02}.rss") for n in range(11)]
    await livebot_factory(
        write_config(
            [{"name": f"Desk {n:02}", "url": d.url, "interval": 60} for n, d in enumerate(desks)]
        )
    )
    first = await botapi.reply_to(PERSON, "/sources")
    assert first.visible.startswith("Sources · page 1 of 2")
    assert "Desk 07" in first.visible and "Desk 08" not in first.visible
    assert first.buttons() == [("More ▸", "sr:1")]
    botapi.user_taps(first, "sr:1")
    await botapi.wait_until(lambda: first.edits, what="page 2")
    assert first.visible.startswith("Sources · page 2 of 2") and "Desk 10" in first.visible
    assert first.buttons() == [("◂ Back", "sr:0")]
    botapi.user_taps(first, "sr:99999999999999999999999")  # forged: too long for an id
    await botapi.wait_until(lambda: len(botapi.callback_answers) == 2, what="the answer")
    assert "no longer works" in str(list(botapi.callback_answers.values())[-1])

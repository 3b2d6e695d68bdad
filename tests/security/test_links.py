"""Links people bring: held to public addresses whatever the operator exempts (attack run
N3), refused politely when they cannot even be parsed (N11), and refused in the reader's
language without the operator's words (issue 27)."""

from __future__ import annotations

from typing import Any

from bot.config import load_settings
from bot.emulator.botapi import BotApiEmulator
from bot.store import sources
from bot.store.db import Database
from tests.e2e.helpers import Newsroom, story
from tests.fakes.feeds import FeedServer, rss

UNPARSABLE = [
    "http://0177.0.0.2:9/x",
    "http://①②⑦.0.0.2/",
    "http://[::1/x",
    "http://a..b/",
    "http://" + "a" * 70 + ".example/",
    "http://xn--/",
    "http://exa\x00mple.com/",
    "http://example.com:99999/",
]


async def test_the_operators_exempt_network_is_not_everyones(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    """Attack run N3: the operator exempts 127.0.0.1 for an intranet feed (their own
    source is polled); a person's /follow of the same server, or of a page redirecting
    there, is refused, and the server hears nothing from it."""
    intranet = Newsroom(feeds, "intranet.rss")
    intranet.add(story("i1", "Internal memo"))
    feeds.publish("jump", "", status=302, headers={"Location": intranet.url})
    config = write_config(
        [{"name": "Intranet", "url": intranet.url, "interval": 1}],
        ingest={"allow_private_addresses": False, "allow_networks": ["127.0.0.1/32"]},
        user_sources={"allow_private_addresses": False},
    )
    await livebot_factory(config)
    await intranet.fetched(botapi)  # the operator's own source is fetched
    hits = feeds.hits["intranet.rss"]
    for url in (intranet.url.replace("127.0.0.1", "localhost"), feeds.url("jump")):
        answer = (await botapi.reply_to(4, f"/follow {url}")).visible
        assert answer.startswith("I could not follow that link:"), answer
        assert "not on the public internet" in answer, answer
    assert feeds.hits["intranet.rss"] == hits
    assert "follows nothing yet" in (await botapi.reply_to(4, "/list")).visible


async def test_links_no_client_can_parse_get_a_polite_no(
    botapi: BotApiEmulator, write_config: Any, livebot_factory: Any
) -> None:
    """Attack run N11: links that crashed /follow ("something went wrong") are refused in
    one sentence; the chat follows nothing."""
    await livebot_factory(write_config([]))
    for url in UNPARSABLE:
        answer = (await botapi.reply_to(5, f"/follow {url}")).visible
        assert "Sorry, something went wrong" not in answer, (url, answer)
        assert "link" in answer or "address" in answer, (url, answer)
    assert "follows nothing yet" in (await botapi.reply_to(5, "/list")).visible


async def test_a_refused_link_is_explained_in_the_readers_language(
    botapi: BotApiEmulator, write_config: Any, livebot_factory: Any
) -> None:
    """Issue 27: the Ukrainian and Russian interface said "refused to connect to 10.1.2.3
    (… see ingest.allow_private_addresses)" and "ConnectError": now a short reason in the
    chat's language, with no setting's or exception's name."""
    await livebot_factory(write_config([], user_sources={"allow_private_addresses": False}))
    await botapi.reply_to(6, "/language uk")
    await botapi.reply_to(7, "/language ru")
    for chat, expected in ((6, "не в загальнодоступному інтернеті"), (7, "не в общедоступном")):
        answer = (await botapi.reply_to(chat, "/follow http://10.1.2.3/feed.xml")).visible
        assert expected in answer, answer
        for leak in ("allow_private", "ConnectError", "refused to connect", "ingest."):
            assert leak not in answer, answer


async def test_link_caps_hold_when_follows_come_at_once(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    """Attack run N7: with the feed answering after a second, 20 chats following 20 new
    links at once made 24 people's sources against ``max_total = 5``, and one chat's six
    simultaneous follows passed ``max_per_chat = 3``. The caps are counted in the
    transaction that adds a link now."""
    config = write_config([], user_sources={"max_total": 5, "max_per_chat": 3, "interval": 60})
    await livebot_factory(config)
    urls = []
    for n in range(26):
        feeds.publish(f"slow{n}.rss", rss([story(f"s{n}", f"Post {n}")]), delay=1.0)
        urls.append(feeds.url(f"slow{n}.rss"))
    for chat, url in zip(range(2000, 2020), urls, strict=False):
        botapi.user_sends(chat, f"/follow {url}")
    for url in urls[20:26]:
        botapi.user_sends(3000, f"/follow {url}")
    await botapi.wait_until(
        lambda: len([m for m in botapi.sent if m.chat_id >= 2000]) >= 26,
        within=30, what="an answer to every follow",
    )  # fmt: skip
    answers = [m.visible for m in botapi.sent if m.chat_id >= 2000]
    assert not [a for a in answers if "Sorry, something went wrong" in a]
    followed_total = sum(a.startswith("🔗") for a in answers)
    assert 1 <= followed_total <= 5, answers  # the cap, whoever won the races
    own = [m.visible for m in botapi.messages_to(3000)]
    assert sum(a.startswith("🔗") for a in own) <= 3, own
    listing = (await botapi.reply_to(3000, "/list")).visible
    assert listing.count("🔗") <= 3, listing
    settings = load_settings(config)
    db = await Database.open(settings.storage.location)
    try:
        assert await sources.user_count(db) <= 5
    finally:
        await db.close()

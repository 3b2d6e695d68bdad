"""Sources people bring: /follow a feed by its link (every new item once, or only those on a
topic), many chats on one URL cost one poll, private addresses are refused, a pasted link
gets a Follow button, and a source nobody follows stops being polled."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.test_alerts import Newsroom, story
from tests.fakes.feeds import FeedServer


@pytest.fixture
async def desk(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> Newsroom:
    """A bot whose people's sources are polled every second; its own source is the desk."""
    room = Newsroom(feeds)
    await livebot_factory(
        write_config(
            [{"name": "Live desk", "url": room.url, "interval": 1}],
            user_sources={"interval": 1, "max_per_chat": 3},
        )
    )
    await room.fetched(botapi)
    return room


async def test_follow_a_feed_and_get_each_new_item_once(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    blog = Newsroom(feeds, "blog.rss")
    blog.add(story("b0", "Old post from before"))
    answer = await botapi.reply_to(1, f"/follow {blog.url}")
    assert answer.visible.startswith("🔗 Feed “Test feed” with 1 post, newest ")
    assert "You will get each new post as its own alert" in answer.visible
    assert "🔗 Test feed" in (await botapi.reply_to(1, "/list")).visible
    await blog.fetched(botapi, 2)
    blog.add(story("b1", "First new post"), story("b2", "Second new post", minutes=1))
    for title in ("First new post", "Second new post"):
        alert = await botapi.wait_for(lambda m, t=title: m.chat_id == 1 and m.visible.startswith(t))
        assert "🔔 🔗 Test feed" in alert.visible
    why_data = next(d for t, d in alert.buttons() if t.startswith("❓"))
    query = botapi.user_taps(alert, why_data)["callback_query"]["id"]
    await botapi.wait_until(lambda: query in botapi.callback_answers, what="the answer")
    assert botapi.callback_answers[query] == "🔗 Test feed — you follow every new post there."
    await blog.fetched(botapi, 2)
    titles = [m.visible.split("\n")[0] for m in botapi.messages_to(1)]
    assert titles.count("First new post") == 1 and "Old post from before" not in titles
    listing = (await botapi.reply_to(2, "/sources")).visible  # another person's view
    assert "Live desk" in listing and "Test feed" not in listing


async def test_follow_with_a_topic_filter(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    blog = Newsroom(feeds, "filtered.rss")
    blog.add(story("f0", "Backlog"))
    answer = await botapi.reply_to(2, f"/follow {blog.url} storm")
    assert "each new post about “storm”" in answer.visible
    await botapi.reply_to(3, f"/follow {blog.url}")  # a control chat that gets everything
    blog.add(story("f1", "Markets calm"), story("f2", "Storm hits the coast", minutes=1))
    await botapi.wait_for(lambda m: m.chat_id == 3 and m.visible.startswith("Markets calm"))
    await botapi.wait_for(lambda m: m.chat_id == 2 and m.visible.startswith("Storm hits"))
    assert not [m for m in botapi.messages_to(2) if m.visible.startswith("Markets calm")]


async def test_fifty_chats_on_one_url_cost_one_poll(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    blog = Newsroom(feeds, "popular.rss")
    blog.add(story("p0", "Backlog"))
    chats = list(range(100, 150))
    for chat in chats:
        await botapi.reply_to(chat, f"/follow {blog.url}")
    await blog.fetched(botapi)
    before, polls = feeds.hits["popular.rss"], desk.feeds.hits[desk.path]
    await desk.fetched(botapi, 4)  # the desk is polled every second too: a clock
    assert feeds.hits["popular.rss"] - before <= (desk.feeds.hits[desk.path] - polls) + 1
    blog.add(story("p1", "Popular post"))
    await botapi.wait_until(
        lambda: sum(m.visible.startswith("Popular post") for m in botapi.sent) == len(chats),
        within=30,
        what="the post in every chat",
    )


async def test_links_to_private_addresses_are_refused(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    await livebot_factory(write_config([], ingest={"allow_private_addresses": False}))
    blog = Newsroom(feeds, "inside.rss")
    for url in (blog.url, "http://10.0.0.1/feed", "http://[::1]/feed"):
        answer = (await botapi.reply_to(4, f"/follow {url}")).visible
        assert answer.startswith("I could not follow that link:"), answer
        assert "private" in answer or "not allowed" in answer or "refused" in answer, answer
    assert "follows nothing yet" in (await botapi.reply_to(4, "/list")).visible
    assert feeds.hits["inside.rss"] == 0


async def test_a_pasted_link_gets_a_follow_button_and_unfollowing_stops_polling(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    blog = Newsroom(feeds, "pasted.rss")
    blog.add(story("x0", "Backlog"))
    offer = await botapi.reply_to(5, f"Look at this: {blog.url}")
    assert offer.buttons()[0][0] == "🔗 Follow this link"
    after = len(botapi.sent)
    botapi.user_taps(offer, offer.buttons()[0][1])
    followed = await botapi.wait_for(lambda m: m.chat_id == 5, after=after)
    assert followed.visible.startswith("🔗 Feed “Test feed”")
    await blog.fetched(botapi, 2)
    assert "Stopped following" in (await botapi.reply_to(5, "/unsubscribe Test feed")).visible
    await desk.fetched(botapi, 2)  # let a poll under way finish
    hits = feeds.hits["pasted.rss"]
    await desk.fetched(botapi, 3)  # the bot has looked three more times
    assert feeds.hits["pasted.rss"] == hits


async def test_a_link_the_operator_dropped_can_be_followed(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    """A source removed from the config is disabled; a person following its link makes it
    polled again (it was left unpolled)."""
    room = Newsroom(feeds, "dropped.rss")
    room.add(story("d0", "Backlog"))
    first = await livebot_factory(
        write_config([{"name": "Old desk", "url": room.url, "interval": 1}])
    )
    await room.fetched(botapi)
    await first.close()
    await livebot_factory(write_config([], user_sources={"interval": 1}))
    answer = await botapi.reply_to(6, f"/follow {room.url}")
    assert answer.visible.startswith("🔗 Feed “Test feed”")
    room.add(story("d1", "News after the operator left"))
    await botapi.wait_for(lambda m: m.chat_id == 6 and m.visible.startswith("News after"))


async def test_follow_with_a_place_filter(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    """📍 Kharkiv 50: only posts that mention a place within 50 km of Kharkiv."""
    blog = Newsroom(feeds, "places.rss")
    blog.add(story("k0", "Backlog"))
    answer = (await botapi.reply_to(7, f"/follow {blog.url} 📍 Kharkiv 50")).visible
    assert "each new post that mentions everything within 50 km of Kharkiv" in answer, answer
    assert "📍 Kharkiv" in (await botapi.reply_to(7, "/list")).visible
    await botapi.reply_to(8, f"/follow {blog.url}")  # a control chat that gets everything
    blog.add(
        story("k1", "Shelling reported in Lviv overnight"),
        story("k2", "Power cut in Chuhuiv after strike", minutes=1),
        story("k3", "Markets calm", minutes=2),
    )
    await botapi.wait_for(lambda m: m.chat_id == 8 and m.visible.startswith("Markets calm"))
    await botapi.wait_for(lambda m: m.chat_id == 7 and m.visible.startswith("Power cut"))
    titles = [m.visible.split("\n")[0] for m in botapi.messages_to(7)]
    assert not [t for t in titles if t.startswith(("Shelling", "Markets"))]
    unknown = (await botapi.reply_to(7, f"/follow {blog.url} 📍 Qwertyville")).visible
    assert unknown.startswith("I don’t know a place called “Qwertyville”")


async def test_a_persons_source_alerts_only_its_followers(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    """What a person brings is theirs: it does not reach other people's topics or /latest
    (anyone could otherwise push their own feed to every subscriber)."""
    blog = Newsroom(feeds, "mine.rss")
    blog.add(story("m0", "Backlog"))
    await botapi.reply_to(9, f"/follow {blog.url}")
    await botapi.reply_to(10, "/subscribe storm")
    blog.add(story("m1", "Storm warning from my own feed"))
    await botapi.wait_for(lambda m: m.chat_id == 9 and m.visible.startswith("Storm warning"))
    desk.add(story("m2", "Storm reaches the capital"))  # the control: the operator's source
    await botapi.wait_for(lambda m: m.chat_id == 10 and m.visible.startswith("Storm reaches"))
    assert not [m for m in botapi.messages_to(10) if m.visible.startswith("Storm warning")]
    latest = (await botapi.reply_to(10, "/latest storm")).visible
    assert "Storm reaches" in latest and "Storm warning" not in latest


async def test_a_dead_source_is_told_once_and_its_return_too(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    blog = Newsroom(feeds, "fragile.rss")
    blog.add(story("d0", "Backlog"))
    await livebot_factory(
        write_config(
            [],
            user_sources={"interval": 1, "dead_after": "2s"},
            ingest={"max_backoff": 1},
        )
    )
    await botapi.reply_to(11, f"/follow {blog.url}")
    await blog.fetched(botapi)
    feeds.publish(blog.path, "gone", status=500)
    dead = await botapi.wait_for(
        lambda m: m.chat_id == 11 and "has not worked for" in m.visible, within=20
    )
    assert dead.visible.startswith("⚠️ Test feed has not worked for ")
    assert [t for t, _ in dead.buttons()] == ["✖ Unfollow"]
    await blog.fetched(botapi, 3)  # more failures: told once
    assert sum("has not worked" in m.visible for m in botapi.messages_to(11)) == 1
    blog.add(story("d1", "Back on air"))
    back = await botapi.wait_for(lambda m: m.chat_id == 11 and m.visible.startswith("✅"))
    assert back.visible == "✅ Test feed works again: new posts come as before."
    blog.add(story("d2", "Second post after the return"))
    await botapi.wait_for(lambda m: m.chat_id == 11 and m.visible.startswith("Second post"))
    query = botapi.user_taps(dead, dead.buttons()[0][1])["callback_query"]["id"]
    await botapi.wait_until(lambda: query in botapi.callback_answers, what="the answer")
    assert "follows nothing yet" in (await botapi.reply_to(11, "/list")).visible

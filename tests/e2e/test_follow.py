"""Sources people bring: /follow a feed by its link (every new item once, or only those on a
topic), many chats on one URL cost one poll, private addresses are refused, a pasted link
gets a Follow button, and a source nobody follows stops being polled."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, fetched, live_blog, opml_of, story, update
from tests.fakes.feeds import FeedServer, rss


@pytest.fixture
async def desk(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> Newsroom:
    """A bot whose people's sources are polled every second; its own source is the desk."""
    room = Newsroom(feeds)
    await livebot_factory(
        write_config(
            [{"name": "Live desk", "url": room.url, "interval": 1}],
            user_sources={
                "interval": 1,
                "max_per_chat": 3,
                "allow_private_addresses": False,
                "allow_networks": ["127.0.0.1/32"],  # the tests' feed server, and nothing else
            },
        )
    )
    await room.fetched(botapi)
    return room


async def test_a_post_published_right_after_a_follow_alerts(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    """A post published between the check a follow makes and the feed's first poll was
    stored with the backlog and never alerted (CI met it: the first poll came seconds late
    on a busy machine). The feed here changes right after that check, before any poll."""
    url = feeds.publish(
        "race.rss",
        rss([story("r0", "Backlog")], title="Race"),
        then=rss([story("r1", "Published right after the follow"), story("r0", "Backlog")]),
    )
    answer = await botapi.reply_to(1, f"/follow {url}")
    assert answer.visible.startswith("🔗 Feed “Race” with 1 post")
    await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Published right after"), within=30
    )
    assert not [m for m in botapi.messages_to(1) if m.visible.startswith("Backlog")]


async def test_follow_a_feed_and_get_each_new_item_once(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    blog = Newsroom(feeds, "blog.rss")
    blog.add(story("b0", "Old post from before"))
    answer = await botapi.reply_to(1, f"/follow {blog.url}")
    assert answer.visible.startswith("🔗 Feed “Test feed” with 1 post, newest ")
    assert "You will get each new post as its own alert" in answer.visible
    assert "It is checked every 1 min." in answer.visible and "⚠️" not in answer.visible
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


async def test_a_feed_silent_for_months_is_followed_with_a_warning(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    """Newcomer trial, defect 22: a feed whose newest post is 291 days old was followed
    without a word."""
    stale = Newsroom(feeds, "stale.rss", "Old blog")
    stale.add(story("s0", "Last post of the season", minutes=-291 * 24 * 60))
    answer = (await botapi.reply_to(1, f"/follow {stale.url}")).visible
    assert "⚠️ Its newest post is 291 d ago: it may no longer be updated." in answer, answer


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
    await livebot_factory(
        write_config(
            [],
            ingest={"allow_private_addresses": False},
            user_sources={"allow_private_addresses": False},
        )
    )
    blog = Newsroom(feeds, "inside.rss")
    for url in (blog.url, "http://10.0.0.1/feed", "http://[::1]/feed"):
        answer = (await botapi.reply_to(4, f"/follow {url}")).visible
        assert answer.startswith("I could not follow that link:"), answer
        assert "not on the public internet" in answer, answer
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
    assert "each new post that mentions a place within 50 km of Kharkiv" in answer, answer
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
    empty = (await botapi.reply_to(7, f"/follow {blog.url} 📍")).visible  # no place named
    assert empty == "Which place? For example: /follow https://example.org/feed 📍 Kharkiv 50"


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


async def test_opml_import_follows_good_feeds_and_says_why_others_were_skipped(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    await livebot_factory(
        write_config(
            [],
            ingest={"allow_private_addresses": False, "allow_networks": ["127.0.0.1/32"]},
            user_sources={
                "interval": 1,
                "allow_private_addresses": False,
                "allow_networks": ["127.0.0.1/32"],
            },
        )
    )
    good, other = Newsroom(feeds, "good.rss"), Newsroom(feeds, "other.rss")
    good.add(story("g0", "Backlog"))
    other.add(story("o0", "Backlog"))
    await botapi.reply_to(12, f"/follow {other.url}")  # followed before the import
    broken = feeds.publish("broken.rss", "oops", status=500)
    upload = opml_of(
        ("Good", good.url),
        ("Good again", good.url.replace("http://", "HTTP://") + "#latest"),  # the same feed
        ("Other", other.url),
        ("Metadata service", "http://169.254.169.254/latest/meta-data/"),
        ("Broken", broken),
        ("Not a link", "javascript:alert(1)"),
    )
    botapi.user_sends_document(12, "feeds.opml", upload)
    summary = await botapi.wait_for(
        lambda m: m.chat_id == 12 and m.visible.startswith("📥 Followed"), within=20
    )
    text = summary.visible
    assert text.startswith("📥 Followed 1 of 6 feeds from the file.\n✅ Good\n"), text
    assert f"• HTTP://{good.url.removeprefix('http://')}#latest — listed twice" in text
    assert f"• {other.url} — followed already" in text
    assert (
        "• http://169.254.169.254/latest/meta-data/ — I could not follow that link: that "
        "address is not on the public internet" in text
    ), text
    assert f"• {broken} — I could not follow that link: the site answered with error 500" in text
    assert "• javascript:alert(1) — not a web link" in text
    good.add(story("g1", "New post after the import"))
    # polled every second; a loaded machine (both cores busy) took longer than ten once
    await botapi.wait_for(
        lambda m: m.chat_id == 12 and m.visible.startswith("New post after"), within=30
    )

    exported = await botapi.reply_to(12, "/export")
    assert exported.document is not None and exported.document[0] == "livebot-follows.opml"
    assert "The 2 links this chat follows, as OPML" in exported.visible
    await botapi.reply_to(12, "/help")  # a control: the export's handler has finished
    assert not [m for m in botapi.messages_to(12) if "something went wrong" in m.visible]
    botapi.user_sends_document(13, "back.opml", exported.document[1])  # another chat imports
    again = await botapi.wait_for(lambda m: m.chat_id == 13 and m.visible.startswith("📥 Followed"))
    assert again.visible.startswith("📥 Followed 2 of 2 feeds")


async def test_files_that_are_not_subscription_lists_get_a_clear_answer(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    botapi.user_sends_document(14, "photo.jpg", b"\xff\xd8\xff", mime_type="image/jpeg")
    hint = await botapi.wait_for(lambda m: m.chat_id == 14)
    assert hint.visible == "Send an OPML file (.opml) to follow the feeds it lists."
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<opml><body><outline text='&c;'/></body></opml>"
    )
    botapi.user_sends_document(14, "bomb.opml", bomb)
    answer = await botapi.wait_for(lambda m: m.chat_id == 14 and "subscription list" in m.visible)
    assert answer.visible == (
        "That file is not a subscription list I can read: it names no feeds "
        "(an OPML file lists them as xmlUrl)."
    )
    botapi.user_sends_document(14, "huge.opml", b" " * 1_000_001)
    too_big = await botapi.wait_for(lambda m: m.chat_id == 14 and "too large" in m.visible)
    assert too_big.visible == "That file is too large for a subscription list (over 1 MB)."


async def test_links_that_redirect_or_resolve_to_private_addresses_are_refused(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    """The feed server itself is allowed (127.0.0.1/32); where it redirects is checked
    again (a name resolving to ::1: tests/unit/test_addresses.py)."""
    guard = {"allow_private_addresses": False, "allow_networks": ["127.0.0.1/32"]}
    await livebot_factory(write_config([], ingest=guard, user_sources=guard))
    for target in ("http://10.0.0.1/feed", "http://127.0.0.2/feed"):
        hop = feeds.publish(f"hop{target[-9:-5]}.rss", "", status=302, headers={"Location": target})
        answer = (await botapi.reply_to(15, f"/follow {hop}")).visible
        assert answer == (
            "I could not follow that link: that address is not on the public internet"
        ), answer
    assert "follows nothing yet" in (await botapi.reply_to(15, "/list")).visible


async def test_unfollow_by_link_by_name_or_from_a_list(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    blog, other = Newsroom(feeds, "un.rss"), Newsroom(feeds, "other2.rss")
    blog.add(story("u0", "Backlog"))
    other.add(story("v0", "Backlog"))
    await botapi.reply_to(16, f"/follow {blog.url}")
    await botapi.reply_to(16, f"/follow {other.url} storm")
    await botapi.reply_to(16, "/subscribe storm")
    stopped = await botapi.reply_to(16, f"/unfollow {blog.url.replace('http://', 'HTTP://')}")
    assert stopped.visible == "Stopped following “🔗 Test feed”."
    listing = await botapi.reply_to(16, "/unfollow")
    assert [label for label, _ in listing.buttons()] == ["✖ 🔗 Test feed · storm"]
    assert (await botapi.reply_to(16, "/unfollow Test")).visible.startswith("Stopped following")
    assert (await botapi.reply_to(16, "/unfollow")).visible.startswith("This chat follows no links")
    assert "storm" in (await botapi.reply_to(16, "/list")).visible  # the topic stays
    nothing = (await botapi.reply_to(16, "/export")).visible
    assert nothing == "This chat follows no links yet. Follow one with /follow and its link."


async def test_follow_a_live_blog_and_get_each_new_post_once(
    botapi: BotApiEmulator, feeds: FeedServer, desk: Newsroom
) -> None:
    """A live-blog page pasted as a link: each new post is its own alert, once."""
    posts = [update(1, "Storm forms offshore", "Forecasters named the storm.")]
    url = feeds.publish("blog-live", live_blog(posts), content_type="text/html")
    answer = (await botapi.reply_to(17, f"/follow {url}")).visible
    assert answer.startswith("🔗 Live blog “Storm live” with 1 post, newest "), answer
    await fetched(botapi, feeds, "blog-live", 2)
    posts.append(update(2, "Storm warning issued", "Residents were told to prepare."))
    posts.append(update(3, "Storm makes landfall", "The storm reached the coast at dawn."))
    feeds.publish("blog-live", live_blog(posts), content_type="text/html")
    for title in ("Storm warning issued", "Storm makes landfall"):
        await botapi.wait_for(lambda m, t=title: m.chat_id == 17 and m.visible.startswith(t))
    await fetched(botapi, feeds, "blog-live", 3)  # three more polls of the same page
    titles = [m.visible.split("\n")[0] for m in botapi.messages_to(17)]
    assert titles.count("Storm warning issued") == 1 and titles.count("Storm makes landfall") == 1
    assert "Storm forms offshore" not in titles  # the backlog is not pushed

"""Live blogs, article pages and advertised feeds, polled through the real Application."""

from __future__ import annotations

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, fetched, live_blog, story, update
from tests.fakes.feeds import FeedServer

# Posts are dated an hour before the tests started, a minute apart: recent whatever the day
# (ingest.max_age drops old posts), and the same for every call of one post.


def alerts(botapi: BotApiEmulator, chat: int, start: str) -> list:
    return [m for m in botapi.messages_to(chat) if m.visible.startswith(start)]


async def test_live_blog_polled_three_times(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """Each new post alerts on its own with its anchor link; an edited post does not alert again."""
    posts = [
        update(1, "Storm forms offshore", "Forecasters named the storm."),
        update(2, "Storm warning issued", "Residents were told to prepare."),
    ]
    url = feeds.publish("live", live_blog(posts), content_type="text/html")
    await livebot_factory(write_config([{"name": "Storm blog", "url": url, "interval": 1}]))
    await fetched(botapi, feeds, "live")
    await botapi.reply_to(1, "/subscribe storm")
    posts.append(
        update(
            3, "Storm makes landfall", "The storm reached the coast at dawn. Winds hit 150 km/h."
        )
    )
    feeds.publish("live", live_blog(posts), content_type="text/html")
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Storm makes landfall")
    )
    assert "The storm reached the coast at dawn. Winds hit 150 km/h." in alert.visible
    assert 'href="https://news.example/live#post3"' in alert.text
    posts[1] = update(
        2, "Storm warning issued (updated)", "Residents were told to prepare and leave."
    )
    posts.append(update(4, "Storm weakens inland", "Winds dropped overnight."))
    feeds.publish("live", live_blog(posts), content_type="text/html")
    await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Storm weakens inland"))
    await fetched(botapi, feeds, "live", 2)
    assert alerts(botapi, 1, "Storm warning issued") == []
    assert len(alerts(botapi, 1, "Storm makes landfall")) == 1
    assert "Storm forms offshore" in (await botapi.reply_to(1, "/latest storm forms")).visible


async def test_article_page_alerts_on_material_change_only(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A page without feed or live-blog markup is one entry; a new version alerts, a typo fix
    does not; comment widgets and share bars never reach the alert."""

    def page(lead: str) -> str:
        body = "".join(
            f"<p>{lead if i == 0 else 'Officials said shelters remain open across the region and urged calm.'}</p>"
            for i in range(6)
        )
        return (
            f"<html><head><title>Storm over the city</title></head><body><nav><a href='/'>Home</a> | World</nav>"
            f"<article><h1>Storm over the city</h1>{body}</article>"
            "<div class='comments'><p>Notify of</p><p>Inline Feedbacks</p><p>View all comments</p></div>"
            "<footer>Share this article · Read More: other stories</footer></body></html>"
        )

    url = feeds.publish(
        "article",
        page("The storm reached the city at dawn, cutting power to thousands."),
        content_type="text/html",
    )
    await livebot_factory(write_config([{"name": "City paper", "url": url, "interval": 1}]))
    await fetched(botapi, feeds, "article")
    await botapi.reply_to(1, "/subscribe storm")
    feeds.publish(
        "article",
        page(
            "The storm has flooded the old town and the river burst its banks overnight, officials said."
        ),
        content_type="text/html",
    )
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Storm over the city")
    )
    assert "The storm has flooded the old town" in alert.visible
    for furniture in (
        "Notify of",
        "Inline Feedbacks",
        "View all comments",
        "Read More",
        "Share this",
    ):
        assert furniture not in alert.visible
    feeds.publish(
        "article",
        page(
            "The storm has flooded the old town, and the river burst its banks overnight, officials said."
        ),
        content_type="text/html",
    )
    await fetched(botapi, feeds, "article", 3)  # the third fetch comes after the second is stored
    assert len(alerts(botapi, 1, "Storm over the city")) == 1


async def test_feed_advertised_by_a_page_is_followed(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A source URL that is an HTML page advertising a feed follows the feed from then on."""
    room = Newsroom(feeds, "feeds/live.xml")
    page = feeds.publish(
        "home",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feeds/live.xml">'
        "</head><body><p>Welcome</p></body></html>",
        content_type="text/html",
    )
    await livebot_factory(write_config([{"name": "Site", "url": page, "interval": 1}]))
    await fetched(botapi, feeds, "feeds/live.xml")
    await botapi.reply_to(1, "/subscribe storm")
    room.add(story("f1", "Storm hits the islands"))
    await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Storm hits the islands")
    )
    await fetched(botapi, feeds, "feeds/live.xml", 2)
    assert feeds.hits["home"] == 1

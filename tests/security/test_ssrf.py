"""SSRF: sources, redirects and advertised feeds never reach an address the operator has
not allowed; the refusal is named in /sources."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, alerts_to, eventually, story
from tests.fakes.feeds import FeedServer, rss


@pytest.fixture
async def internal() -> AsyncIterator[FeedServer]:
    """A server on another loopback address, standing for the internal network."""
    server = FeedServer(host="127.0.0.2")
    await server.start()
    yield server
    await server.stop()


async def test_redirects_advertised_feeds_and_internal_names_are_refused(
    botapi: BotApiEmulator, feeds: FeedServer, internal: FeedServer, write_config, livebot_factory
) -> None:
    """With 127.0.0.1 allowed (ingest.allow_networks) and nothing else: a redirect to
    127.0.0.2, a page advertising a feed there, and 0.0.0.0 are refused and named in /sources; the internal server is never asked; the
    allowed feed alerts as usual."""
    secret = internal.publish("secret", rss([{"guid": "s", "title": "Storm secret payroll"}]))
    redirect = feeds.publish("redirect", "", status=302, headers={"Location": secret})
    page = feeds.publish(
        "page",
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{secret}">'
        "</head><body><p>Our feed</p></body></html>",
        content_type="text/html",
    )
    port = feeds.base.rsplit(":", 1)[1]
    good = Newsroom(feeds)
    sources = [
        {"name": "Good", "url": good.url, "interval": 1},
        {"name": "Redirect", "url": redirect, "interval": 1},
        {"name": "Advertised", "url": page, "interval": 1},
        {"name": "Zero", "url": f"http://0.0.0.0:{port}/live.rss", "interval": 1},
    ]
    config = write_config(
        sources, ingest={"allow_private_addresses": False, "allow_networks": ["127.0.0.1/32"]}
    )
    await livebot_factory(config)
    await good.fetched(botapi)
    await botapi.reply_to(1, "/subscribe storm")
    refusals = [
        "refused to connect to 127.0.0.2 (127.0.0.2 is a loopback address",
        "refused to connect to 0.0.0.0 (0.0.0.0 is an unspecified address",
    ]

    async def named() -> bool:
        listing = (await botapi.reply_to(4242, "/sources")).visible  # an operator: the detail
        twice = listing.count("refused to connect to 127.0.0.2") == 2  # redirect and advertised
        return all(refused in listing for refused in refusals) and twice

    await eventually(named, within=20, what="every refusal in /sources")
    person = (await botapi.reply_to(1, "/sources")).visible
    assert "that address is not on the public internet" in person and "loopback" not in person
    good.add(story("g1", "Storm makes landfall"))
    await botapi.wait_until(
        lambda: alerts_to(botapi, 1, "Storm makes landfall"), within=10, what="the good alert"
    )
    assert internal.hits["secret"] == 0
    assert "payroll" not in (await botapi.reply_to(1, "/latest storm")).visible


async def test_private_addresses_are_refused_unless_allowed(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """By default (no allow_networks) the loopback feed server is refused, by address and by
    the name 'localhost'."""
    good = Newsroom(feeds)
    port = feeds.base.rsplit(":", 1)[1]
    config = write_config(
        [
            {"name": "Local", "url": good.url, "interval": 1},
            {"name": "Named", "url": f"http://localhost:{port}/{good.path}", "interval": 1},
        ],
        ingest={"allow_private_addresses": False},
    )
    await livebot_factory(config)

    async def named() -> bool:
        listing = (await botapi.reply_to(4242, "/sources")).visible  # an operator: the detail
        return (
            "refused to connect to 127.0.0.1 (127.0.0.1 is a loopback address" in listing
            and "refused to connect to localhost (" in listing
        )

    await eventually(named, within=15, what="the refusal in /sources")
    assert feeds.hits[good.path] == 0

"""Broken sources: each failure is named in /sources and retried with backoff, while the
other sources carry on and the bot keeps answering."""

from __future__ import annotations

import asyncio

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, story, unused_port
from tests.fakes.feeds import FeedServer

UNREADABLE = "it is not a feed, a live blog or an article I can read"
SLOW = "the site took too long to answer"
BROKEN = [
    (
        "malformed",
        dict(body=b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut'),
        (UNREADABLE, "malformed feed"),
    ),
    ("empty", dict(body=b""), (UNREADABLE, "empty response")),
    ("huge", dict(body=b"<rss>" + b"x" * 300_000), ("too large", "response too large")),
    ("not utf-8", dict(body=b"\xff\xfe\x00\x81garbage\x00" * 50), (UNREADABLE, "not well-formed")),
    ("server error", dict(body=b"oops", status=500), ("answered with error 500", "HTTP 500")),
    (
        "html page where a feed is expected",
        dict(body=b"<html><body>Maintenance</body></html>", content_type="text/html", kind="feed"),
        (UNREADABLE, "HTML page"),
    ),
    ("timeout", dict(body=b"<rss/>", delay=5), (SLOW, "timed out after 1 s")),
    ("slow drip", dict(body=b"<rss>" + b" " * 200, drip=True), (SLOW, "timed out after 1 s")),
    ("unreachable", None, ("cannot be reached", "cannot fetch: ConnectError")),
]
"""Each broken source: what a person reads in /sources, and the detail an operator reads
after it."""


@pytest.mark.parametrize(("case", "resource", "error"), BROKEN, ids=[b[0] for b in BROKEN])
async def test_broken_source_is_reported_and_the_rest_carry_on(
    botapi: BotApiEmulator,
    feeds: FeedServer,
    write_config,
    livebot_factory,
    case: str,
    resource: dict | None,
    error: tuple[str, str],
) -> None:
    """The failure reason shows in /sources, in the reader's words (the operator also reads
    the technical detail); the good source still alerts; the bot answers."""
    good = Newsroom(feeds, "good.rss")
    options = dict(resource or {})
    kind = options.pop("kind", "auto")
    if resource is None:
        broken_url = f"http://127.0.0.1:{unused_port()}/feed.rss"
    else:
        broken_url = feeds.publish("broken.rss", options.pop("body"), **options)
    config = write_config(
        [
            {"name": "Good", "url": good.url, "interval": 1},
            {"name": "Broken", "url": broken_url, "interval": 1, "kind": kind},
        ],
        ingest={"timeout": 1, "max_bytes": 100_000},
    )
    await livebot_factory(config)
    await good.fetched(botapi)
    await botapi.reply_to(1, "/subscribe storm")
    good.add(story("g1", "Storm reaches the coast"))
    await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Storm reaches"), within=15
    )

    said, detail = error
    text = await sources_until(botapi, lambda text: said in text)
    assert "✅ Good" in text
    assert "⚠️ Broken" in text and detail not in text
    text = await sources_until(botapi, lambda text: detail in text, chat=4242)
    assert said in text


async def sources_until(
    botapi: BotApiEmulator, condition, within: float = 15.0, chat: int = 1
) -> str:
    """Ask /sources (as ``chat``) every half second until its answer satisfies ``condition``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        text = (await botapi.reply_to(chat, "/sources")).visible
        if condition(text):
            return text
        if loop.time() > deadline:
            raise AssertionError(f"/sources never satisfied the condition; last answer:\n{text}")
        await asyncio.sleep(0.5)


async def test_failing_source_backs_off_and_recovers(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """Retries come at growing intervals; once fixed, the source is healthy again."""
    good = Newsroom(feeds, "good.rss")
    broken = feeds.publish("flaky.rss", b"down", status=503)
    await livebot_factory(
        write_config(
            [
                {"name": "Good", "url": good.url, "interval": 1},
                {"name": "Flaky", "url": broken, "interval": 1},
            ]
        )
    )
    await botapi.wait_until(
        lambda: feeds.hits["flaky.rss"] >= 3, within=20, what="three failed fetches"
    )
    assert feeds.hits["good.rss"] > feeds.hits["flaky.rss"]  # 1 s interval vs 2, 4, 8 s backoff
    text = (await botapi.reply_to(1, "/sources")).visible
    assert "⚠️ Flaky" in text and "answered with error 503" in text and "in a row" in text
    feeds.publish("flaky.rss", Newsroom(feeds, "spare.rss").feeds.resources["spare.rss"].body)
    await botapi.wait_until(
        lambda: feeds.hits["flaky.rss"] >= 4, within=20, what="a fetch after the fix"
    )
    await sources_until(botapi, lambda text: "✅ Flaky" in text)

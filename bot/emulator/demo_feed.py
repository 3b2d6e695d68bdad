"""A small demo newsroom for ``livebot try``: an RSS feed on 127.0.0.1 that publishes a new
item every few seconds, so alerts flow within a minute without any network.

The stories are written for this project (a storm, talks, a city's day); none is real.
They mention topics and places people follow in the README's examples: peace talks, Kyiv,
Kharkiv, the storm, the election.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from aiohttp import web

from bot.emulator.serve import serve

STORIES = (
    ("Peace talks resume in Geneva after a two-week pause",
     "Delegations met on Tuesday morning; both sides called the first session constructive."),
    ("Air raid alert lifted in Kyiv after three hours",
     "City officials said no damage was reported; the metro resumed normal service."),
    ("Storm Aurora makes landfall on the western coast",
     "Winds of up to 120 km/h brought down power lines; schools in three districts closed."),
    ("Power restored to most of Kharkiv overnight",
     "Engineers worked through the night; about 4,000 homes are still waiting."),
    ("Election commission publishes the final turnout: 67 %",
     "The count in the capital ended at dawn; results are due on Thursday."),
    ("Peace talks: negotiators agree on a prisoner exchange",
     "The exchange is expected within days, mediators said after the second session."),
    ("Kyiv city council approves a new shelter map",
     "The map lists 5,200 shelters with opening hours and step-free access."),
    ("Storm Aurora weakens as it moves inland",
     "Forecasters expect heavy rain but lower winds through the weekend."),
    ("Trains between Kyiv and Kharkiv run on time again",
     "The railway said the line was repaired ahead of schedule."),
    ("Election observers report a calm voting day",
     "Observers visited 400 polling stations and noted minor delays only."),
)  # fmt: skip


def _rss(items: list[tuple[int, str, str, datetime]]) -> str:
    parts = [
        f"<item><title>{escape(title)}</title>"
        f"<link>https://demo.example/livebot/{number}</link>"
        f'<guid isPermaLink="false">demo-{number}</guid>'
        f"<description>{escape(text)}</description>"
        f"<pubDate>{format_datetime(at)}</pubDate></item>"
        for number, title, text, at in reversed(items)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Livebot demo desk</title><link>https://demo.example/livebot/</link>"
        "<description>Stories written for trying Livebot</description>"
        + "".join(parts)
        + "</channel></rss>"
    )


class DemoFeed:
    """The demo feed: two stories at start (the backlog), then one every ``every`` seconds,
    cycling through :data:`STORIES` with a running number."""

    def __init__(self, every: float = 5.0) -> None:
        self._every = every
        self._items: list[tuple[int, str, str, datetime]] = []
        self._numbers = itertools.count(1)
        self._task: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    def _publish(self) -> None:
        number = next(self._numbers)
        title, text = STORIES[(number - 1) % len(STORIES)]
        if number > len(STORIES):
            title = f"{title} (update {number // len(STORIES)})"
        self._items = [*self._items, (number, title, text, datetime.now(UTC))][-50:]

    async def _feed(self, _request: web.Request) -> web.Response:
        return web.Response(text=_rss(self._items), content_type="application/rss+xml")

    async def start(self) -> None:
        """Serve the feed on 127.0.0.1 and start publishing."""
        for _ in range(2):
            self._publish()
        app = web.Application()
        app.router.add_get("/demo.rss", self._feed)
        self._runner, base = await serve(app, shutdown_timeout=0.5)
        self.url = f"{base}/demo.rss"
        self._task = asyncio.create_task(self._publishing(), name="demo-feed")

    async def _publishing(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            while True:
                await asyncio.sleep(self._every)
                self._publish()

    async def stop(self) -> None:
        """Stop publishing and serving."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._runner is not None:
            await self._runner.cleanup()

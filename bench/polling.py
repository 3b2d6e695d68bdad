"""Polling 10,000 sources on one process: throughput, CPU per unchanged poll, loop lag.

Run from the repository root:  python -m bench.polling

A feed server in its own process serves 10,000 RSS feeds (the first 20 items of a real feed
from ../shared, each with its own ETag); every feed answers 304 to a conditional GET except the
1 % that publish a new item each minute. The real scheduler, refresher and SQLite store poll
them all every 60 s (the pool at its defaults: 32 fetches at once; all feeds share one host
here, so ``per_host`` is raised to the pool size). After every source has been fetched once
(its backlog stored), one minute is measured: polls per second against the 167/s the
schedule asks for, the bot process's CPU time per poll (almost all of them 304s), and the
event loop's lag (how late a 10 ms timer fires), 99th percentile.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from aiohttp import web

from bench.common import first_items
from bot.config import IngestSettings, SourceSettings
from bot.emulator.serve import serve
from bot.health import WriteHealth
from bot.ingest.fetcher import make_client
from bot.ingest.refresh import Refresher
from bot.ingest.scheduler import PollScheduler
from bot.match.stories import StoryIndex
from bot.store import sources, workers
from bot.store.db import Database
from bot.subscribers import Subscribers

SOURCES = 10_000
INTERVAL = 60.0
CHANGING = 0.01
ITEMS = 20
MEASURE = 60.0
GOAL_CPU_MS = 10.0


async def feed_server() -> None:
    """The child process: 10,000 feeds; 1 % gain an item every minute."""
    head, _, tail = first_items("bbc-news-world.rss.xml", ITEMS - 1).partition(b"<item>")
    started = time.time()

    async def handle(request: web.Request) -> web.Response:
        number = int(request.match_info["n"])
        version = int((time.time() - started) // 60) if number % int(1 / CHANGING) == 0 else 0
        etag = f'"{number}-{version}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        extra = b"".join(
            b"<item><title>Update %d of feed %d</title><guid>f%d-%d</guid>"
            b"<description>Officials said more on Tuesday.</description></item>"
            % (v, number, number, v)
            for v in range(1, version + 1)
        )
        return web.Response(
            body=head + extra + b"<item>" + tail,
            headers={"ETag": etag, "Content-Type": "application/rss+xml"},
        )

    app = web.Application()
    app.router.add_get("/feed/{n}.rss", handle)
    _, url = await serve(app, shutdown_timeout=0.1)
    print(url, flush=True)
    await asyncio.Event().wait()


async def lag_probe(samples: list[float], stop: asyncio.Event) -> None:
    """How late a 10 ms sleep wakes up: the event loop's responsiveness."""
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(0.01)
        samples.append(time.perf_counter() - start - 0.01)


@dataclass(frozen=True)
class Minute:
    """What one measured stretch of polling cost: polls, process CPU seconds, wall seconds,
    and the event loop's lag samples (sorted)."""

    polls: int
    cpu: float
    wall: float
    lag: list[float]

    def lag_rows(self) -> tuple[tuple[str, str, str], ...]:
        """The lag figures as table rows."""
        return (
            ("event-loop lag p99, ms", f"{self.lag[int(0.99 * len(self.lag))] * 1000:.1f}", ""),
            ("event-loop lag median, ms", f"{statistics.median(self.lag) * 1000:.1f}", ""),
        )


async def serve_feeds() -> tuple[asyncio.subprocess.Process, str]:
    """The feed server in its own process, and its base URL."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.polling", "--serve", stdout=asyncio.subprocess.PIPE
    )
    assert child.stdout is not None
    return child, (await child.stdout.readline()).decode().strip()


async def first_round(
    db: Database, subscribers: Subscribers, polled: dict[int, SourceSettings]
) -> tuple[PollScheduler, httpx.AsyncClient, float]:
    """Start the real scheduler on ``polled`` and wait until every source was fetched once
    (its backlog stored); the scheduler, its client, and the seconds that took."""
    settings = IngestSettings(per_host=32, allow_private_addresses=True)
    http: httpx.AsyncClient = make_client(timeout=20, user_agent="bench", allow_private=True)
    refresher = Refresher(
        db, http, http, subscribers, settings, retention=30 * 86400, language="english",
        tagger=None, stories=StoryIndex(), writes=WriteHealth(), on_alerts=lambda: None,
    )  # fmt: skip
    scheduler = PollScheduler(
        db, refresher, polled, settings, worker=await workers.register(db, "all")
    )
    started = time.perf_counter()
    scheduler.start()
    while scheduler.polls < len(polled):  # noqa: ASYNC110 - polling a counter is the point
        await asyncio.sleep(0.5)
    return scheduler, http, time.perf_counter() - started


async def measure(scheduler: PollScheduler, seconds: float) -> Minute:
    """Let the scheduler run for ``seconds`` and say what it cost."""
    lag: list[float] = []
    stop = asyncio.Event()
    probe = asyncio.create_task(lag_probe(lag, stop))
    polls, cpu, wall = scheduler.polls, time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    minute = Minute(
        scheduler.polls - polls,
        time.process_time() - cpu,
        time.perf_counter() - wall,
        lag,
    )
    stop.set()
    await probe
    lag.sort()
    return minute


async def main() -> None:
    child, base = await serve_feeds()
    configured = [
        SourceSettings(name=f"Feed {n}", url=f"{base}/feed/{n}.rss", interval=INTERVAL)
        for n in range(SOURCES)
    ]
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        states = await sources.sync(db, configured)
        polled = {state.id: source for state, source in zip(states, configured, strict=True)}
        subscribers = Subscribers(db, language="english", per_chat_limit=50)
        scheduler, http, first = await first_round(db, subscribers, polled)
        print(f"first fetch of {SOURCES:,} feeds (backlogs stored): {first:.0f} s")
        minute = await measure(scheduler, MEASURE)
        await scheduler.stop()
        await http.aclose()
        await db.close()
    child.terminate()
    await child.wait()
    polls, cpu, wall = minute.polls, minute.cpu, minute.wall
    rows = (
        ("polls per second", f"{polls / wall:,.0f}", f"{SOURCES / INTERVAL:,.0f} (the schedule)"),
        ("CPU per poll (99 % are 304s), ms", f"{cpu / polls * 1000:.2f}", f"<= {GOAL_CPU_MS:g}"),
        *minute.lag_rows(),
        ("bot process CPU, share of one core", f"{cpu / wall:.0%}", ""),
    )
    print(f"{'figure':<38} | {'measured':>10} | goal")
    for label, value, goal in rows:
        print(f"{label:<38} | {value:>10} | {goal}")


if __name__ == "__main__":
    if "--serve" in sys.argv:
        asyncio.run(feed_server())
    else:
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        asyncio.run(main())

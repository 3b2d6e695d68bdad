"""10,000 sources people brought, followed by 100,000 chats, polled and matched by one process.

Run from the repository root:  python -m bench.user_sources

A feed server in its own process (the one of ``bench.polling``) serves 10,000 RSS feeds (the
first 20 items of a real feed, each with its own ETag); 1 % publish a new item each minute,
and the rest answer 304. 100,000 private chats follow them, one link each, with Zipf
popularity (weight 1/rank; every source has at least one follower, the most popular about
10,000): a fifth with a topic filter, as /follow stores them. The bot's real start-up path
loads the follows, and the real scheduler, refresher, matcher and SQLite store poll every
source every 60 s (five times the default ``user_sources.interval``). After every source has
been fetched once (its backlog stored quietly), one minute is measured: polls per second
against the schedule, the process's CPU time for that minute (polling, parsing, matching
and queueing the alerts), the time spent matching, the alerts queued, the event loop's lag,
and the process's peak RSS.
"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from bench.polling import first_round, measure, serve_feeds
from bot.config import SourceSettings
from bot.match.query import parse_query
from bot.store import sources
from bot.store.db import Database
from bot.subscribers import Subscribers

SOURCES = 10_000
CHATS = 100_000
FILTERED = 0.2
FILTERS = ("ukraine", "gaza OR israel", "election", '"new item"', "update -sport", "storm")
INTERVAL = 60.0
MEASURE = 60.0
GOAL_CPU_SHARE = 0.5
GOAL_RSS_MIB = 500


async def populate(db: Database, base: str) -> None:
    """The sources (as /follow stores them) and one follow per chat, Zipf-popular."""
    now = time.time()
    await db.executemany(
        "INSERT INTO sources (name, url, enabled, kind, origin, next_check_at) "
        "VALUES (?, ?, 1, 'auto', 'user', 0)",
        [(f"Feed {n}", f"{base}/feed/{n}.rss") for n in range(SOURCES)],
    )
    ids = [int(row[0]) for row in await db.fetchall("SELECT id FROM sources ORDER BY id")]
    rng = random.Random(13)
    chosen = ids + rng.choices(ids, [1 / rank for rank in range(1, SOURCES + 1)], k=CHATS - SOURCES)
    filters = [parse_query(text) for text in FILTERS]
    rows = []
    for chat, source_id in enumerate(chosen, 1):
        topic = rng.choice(filters) if rng.random() < FILTERED else None
        key = f"source:{source_id}:{topic.key if topic else ''}"
        rows.append((chat, f"Feed {source_id}", key, now, source_id, topic.text if topic else None))
    await db.executemany(
        "INSERT INTO chats (id, kind, active, created_at) VALUES (?, 'private', 1, ?)",
        [(chat, now) for chat in range(1, CHATS + 1)],
    )
    await db.executemany(
        "INSERT INTO subscriptions (chat_id, query, key, after_entry_id, created_at, source_id, "
        "filter) VALUES (?, ?, ?, 0, ?, ?, ?)",
        rows,
    )


async def main() -> None:
    child, base = await serve_feeds()
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        await populate(db, base)
        subscribers = Subscribers(db, language="english", per_chat_limit=50)
        started = time.perf_counter()
        loaded = await subscribers.load()
        load_s = time.perf_counter() - started
        matching = [0.0]
        match = subscribers.match

        def timed_match(*args, **kwargs):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            try:
                return match(*args, **kwargs)
            finally:
                matching[0] += time.perf_counter() - began

        subscribers.match = timed_match  # type: ignore[method-assign]
        polled = {
            state.id: SourceSettings(name=state.name, url=state.url, interval=INTERVAL)
            for state in await sources.followed_user_sources(db)
        }
        scheduler, http, first = await first_round(db, subscribers, polled)
        queued = await outbox_rows(db)
        matching[0] = 0.0
        minute = await measure(scheduler, MEASURE)
        queued = await outbox_rows(db) - queued
        await scheduler.stop()
        await http.aclose()
        await db.close()
    child.terminate()
    await child.wait()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{SOURCES:,} sources, {CHATS:,} chats following them (Zipf), {loaded:,} follows loaded "
        f"in {load_s:.1f} s; first fetch of every source {first:.0f} s"
    )
    wall = minute.wall
    rows = (
        (
            "polls per second",
            f"{minute.polls / wall:,.0f}",
            f">= {SOURCES / INTERVAL:,.0f} (schedule)",
        ),
        (
            "CPU for one minute, share of one core",
            f"{minute.cpu / wall:.0%}",
            f"<= {GOAL_CPU_SHARE:.0%}",
        ),
        ("  of which matching, s per minute", f"{matching[0] * 60 / wall:.2f}", ""),
        ("alerts queued per minute", f"{queued * 60 / wall:,.0f}", "(1 % of sources post)"),
        *minute.lag_rows(),
        ("peak RSS, MiB", f"{rss:,.0f}", f"<= {GOAL_RSS_MIB}"),
    )
    print(f"{'figure':<40} | {'measured':>10} | goal")
    for label, value, goal in rows:
        print(f"{label:<40} | {value:>10} | {goal}")


async def outbox_rows(db: Database) -> int:
    """How many alerts are queued."""
    row = await db.fetchone("SELECT count(*) FROM outbox")
    return int(row[0]) if row else 0


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    asyncio.run(main())

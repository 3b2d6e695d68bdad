"""Ingest on the path production runs: ``Refresher.ingest`` of new real entries, and how long
a new chat's first message waits meanwhile.

Run from the repository root:  python -m bench.ingest

* refresh: 100 new entries at a time (real titles and texts from ../shared/data/feeds, new
  ids each round) through prepare, match, store, cluster and enqueue, into a real database
  with 10,000 subscriptions (7,000 Zipf topics, 3,000 places) and places on, after the
  whole pool has gone through once (a running process has loaded its dictionaries and
  word lists). Median of the rounds, in entries per second.
* a new chat during ingest: while 600 new entries are ingested (6 sources of 100), new
  chats send their first message every 5 ms; the time ``Subscribers.chat_seen`` (what
  every handler awaits first) takes for each, p95 and max.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.common import Row, real_entries, table
from bench.population import place_rows, populate, zipf_topics
from bot.config import IngestSettings, SourceSettings
from bot.geo.tagger import Tagger, load_tagger
from bot.health import WriteHealth
from bot.ingest.fetcher import make_client
from bot.ingest.refresh import Refresher
from bot.match.stories import StoryIndex
from bot.models import ChatKind, ParsedEntry
from bot.store import sources
from bot.store.db import Database
from bot.subscribers import Subscribers

BATCH = 100
ROUNDS = 7
WARM_UP_ROUNDS = 1000  # batch numbers of the warm-up: other ids than the timed rounds
GOAL_RATE = 2000.0
GOAL_WAIT_MS = 200.0


async def _refresher(path: Path, tagger: Tagger, sources_count: int) -> tuple[Refresher, Database]:
    db = await Database.open(path)
    subscribers = Subscribers(db, language="english", per_chat_limit=50, gazetteer=tagger.gazetteer)
    await subscribers.load()
    await sources.sync(
        db,
        [
            SourceSettings(name=f"s{n}", url=f"https://bench{n}.example/feed")
            for n in range(sources_count)
        ],
    )
    client = make_client(timeout=5, user_agent="bench", allow_private=True, allowed=())
    refresher = Refresher(
        db,
        client,
        client,
        subscribers,
        IngestSettings(max_new_per_poll=10_000),
        retention=30 * 86400.0,
        language="english",
        tagger=tagger,
        stories=StoryIndex(threshold=0.5, window=12 * 3600.0, max_open=50_000),
        writes=WriteHealth(on_change=lambda: None),
        on_alerts=lambda: None,
    )
    return refresher, db


def _batch(pool: list[ParsedEntry], round_: int) -> list[ParsedEntry]:
    start = (round_ * BATCH) % (len(pool) - BATCH)
    now = time.time()
    return [
        replace(item, guid=f"{item.guid}#{round_}", published_at=now - 60)
        for item in pool[start : start + BATCH]
    ]


async def refresh_rate(folder: Path, tagger: Tagger) -> tuple[float, float]:
    """(entries/s, alerts queued per entry) for batches of new entries."""
    pool = real_entries()
    path = folder / "refresh.db"
    await populate(path, zipf_topics(pool, 7_000), place_rows(tagger.gazetteer, 3_000))
    refresher, db = await _refresher(path, tagger, 1)
    state = await sources.get(db, 1)
    assert state is not None
    # Warm up on every entry of the pool once, as a running process is: the dictionaries,
    # the word lists of each script and the story index load at first need, which a
    # round would otherwise time instead of the refresh.
    for round_ in range(WARM_UP_ROUNDS, WARM_UP_ROUNDS + -(-len(pool) // BATCH)):
        await refresher.ingest(state, "bench", _batch(pool, round_), alert=False)
    seconds, queued = [], 0
    for round_ in range(ROUNDS):
        batch = _batch(pool, round_)
        start = time.perf_counter()
        _, alerts = await refresher.ingest(state, "bench", batch, alert=True)
        seconds.append(time.perf_counter() - start)
        queued += alerts
    await db.close()
    return BATCH / statistics.median(seconds), queued / (ROUNDS * BATCH)


async def new_chat_waits(folder: Path, tagger: Tagger) -> list[float]:
    """Milliseconds each new chat's first contact waited during a 600-entry ingest."""
    pool = real_entries()
    path = folder / "chats.db"
    await populate(path, zipf_topics(pool, 7_000), place_rows(tagger.gazetteer, 3_000))
    refresher, db = await _refresher(path, tagger, 6)
    subscribers = refresher._subscribers
    states = [await sources.get(db, n) for n in range(1, 7)]
    waits: list[float] = []
    done = asyncio.Event()

    async def chats() -> None:
        chat = 10_000_000
        while not done.is_set():
            chat += 1
            start = time.perf_counter()
            await subscribers.chat_seen(chat, ChatKind.PRIVATE, None)
            waits.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.005)

    talker = asyncio.create_task(chats())
    await asyncio.sleep(0.1)
    await asyncio.gather(
        *(refresher.ingest(s, s.name, _batch(pool, 50 + n), alert=True)
          for n, s in enumerate(states) if s is not None)
    )  # fmt: skip
    done.set()
    await talker
    await db.close()
    return waits


async def figures() -> list[Row]:
    """(what, goal, measured, unit) rows for the summary table."""
    tagger = load_tagger()
    with tempfile.TemporaryDirectory() as folder:
        rate, per_entry = await refresh_rate(Path(folder), tagger)
        waits = sorted(await new_chat_waits(Path(folder), tagger))
    p95 = waits[int(0.95 * (len(waits) - 1))]
    return [
        (f"refresh of {BATCH} new real entries, 10k subscriptions, places on",
         f">= {GOAL_RATE:,.0f}/s", rate, f"entries/s ({per_entry:.0f} alerts queued/entry)"),
        ("a new chat's first message during a 600-entry ingest, p95",
         f"< {GOAL_WAIT_MS:.0f} ms", p95, f"ms (max {waits[-1]:.0f} ms, {len(waits)} chats)"),
    ]  # fmt: skip


def main() -> None:
    print(table(asyncio.run(figures())))


if __name__ == "__main__":
    main()

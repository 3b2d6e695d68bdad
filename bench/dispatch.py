"""Delivery dispatch on a database with history: does the queue's and the log's size slow it?

Run from the repository root:  python -m bench.dispatch

Two databases: an empty one, and one with 1,000,000 rows of delivery history (100,000 chats,
ten messages each over the last 30 days) and 100,000 queued alerts held back (their chats
wait out a flood cap or a 429). On each, a new story is fanned out to 2,000 other chats
through the real worker, sender and limiter against the Bot API emulator (in its own
process, 5 ms answers, a 1,000/s limit so the database path, not Telegram's pace, decides).
Printed: the time of each query the dispatch loop runs per chat, and the fan-out rate on
both databases with their ratio. The goal is a due-chats query under 1 ms and a ratio of 1.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.delivery import WHY, Emulator, achieved, seed
from bot.delivery.sender import Sender
from bot.delivery.worker import DeliveryWorker
from bot.emulator.botapi import TOKEN
from bot.store import deliveries, entries, outbox, reasons, workers
from bot.store.db import Database
from bot.subscribers import Subscribers
from bot.telegram.client import LivebotBot
from bot.telegram.limiter import FloodLimiter
from bot.telegram.transport import sends_request

HISTORY_CHATS = 100_000
HISTORY_PER_CHAT = 10
PENDING = 100_000
FAN_OUT = 2_000
GOAL_QUERY_MS = 1.0


def fill(path: Path) -> None:
    """The history and the held queue, written straight into the file (as months of use
    would have left them: every row as the delivery path writes it)."""
    now = time.time()
    rng = random.Random(8)
    why = reasons.encode(WHY)
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO sources (id, name, url) VALUES (900, 'Old', 'https://o.example/')")
        raw.executemany(
            "INSERT INTO entries (id, source_id, guid, title, link, ingested_at, summary) "
            "VALUES (?, 900, ?, 'Old story', 'https://o.example/', ?, '')",
            ((n, f"old-{n}", now - 30 * 86400 * n / 5000) for n in range(1_000_000, 1_005_000)),
        )
        chats = range(20_000_001, 20_000_001 + HISTORY_CHATS)
        raw.executemany(
            "INSERT INTO chats (id, kind, created_at, due_at) VALUES (?, 'private', 0, ?)",
            ((chat, now + 3600 if chat - chats[0] < PENDING else None) for chat in chats),
        )
        raw.executemany(
            "INSERT INTO deliveries (chat_id, entry_id, story_id, kind, outcome, message_id, "
            "reasons, at) VALUES (?, ?, ?, 'alert', 'sent', ?, ?, ?)",
            (
                (chat, entry, entry, n, why, now - rng.uniform(0, 30 * 86400))
                for chat in chats
                for n, entry in enumerate(rng.sample(range(1_000_000, 1_005_000), HISTORY_PER_CHAT))
            ),
        )
        raw.executemany(
            "INSERT INTO outbox (chat_id, entry_id, story_id, reasons, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            ((chat, 1_004_999, 1_004_999, why, now) for chat in chats[:PENDING]),
        )


async def timed(call: Callable[[], Awaitable[object]], runs: int = 300) -> tuple[float, float]:
    """Median and 99th percentile of ``runs`` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.99 * len(times)) - 1]


async def fan_out(emulator: Emulator, db: Database) -> float:
    """Deliver one alert to each of FAN_OUT new chats; the emulator's achieved rate."""
    await emulator.configure(latency=0.005, random_429=0.0)
    chat_ids = list(range(30_000_001, 30_000_001 + FAN_OUT))
    await seed(db, chat_ids)
    limiter = FloodLimiter(global_rate=1000, private_interval=0, group_per_minute=20)
    bot = LivebotBot(
        TOKEN, base_url=f"{emulator.url}/bot", rate_limiter=limiter,
        request=sends_request(80),
    )  # fmt: skip
    await bot.initialize()
    sender = Sender(bot, db, Subscribers(db, language="english", per_chat_limit=50),
                    max_attempts=8, paid_broadcast=False)  # fmt: skip
    worker = DeliveryWorker(
        db, sender, worker=await workers.register(db, "all"), concurrency=64, burst=100,
        window=600,
    )  # fmt: skip
    await worker.start()
    while sender.stats.alerts < FAN_OUT:  # noqa: ASYNC110 - polling a counter is the point
        await asyncio.sleep(0.05)
    await worker.stop()
    await bot.shutdown()
    sent, _ = await emulator.sent()
    return achieved(sent)


async def measure(folder: Path, *, history: bool) -> dict[str, float]:
    path = folder / ("full.sqlite3" if history else "empty.sqlite3")
    db = await Database.open(path)
    if history:
        await db.close()
        started = time.perf_counter()
        fill(path)
        print(f"filled in {time.perf_counter() - started:.0f} s")
        db = await Database.open(path)
    busy = list(range(20_000_001, 20_000_065))
    figures: dict[str, float] = {}
    figures["due"], figures["due p99"] = await timed(
        lambda: outbox.due_chats(db, limit=64, busy=busy)
    )
    figures["next due"], _ = await timed(lambda: outbox.next_due_at(db, 1, busy=busy))
    figures["window"], _ = await timed(
        lambda: deliveries.messages_since(db, 20_000_500, time.time() - 600)
    )
    figures["story"], _ = await timed(lambda: deliveries.story_alert(db, 20_000_500, 1_004_000))
    async with Emulator() as emulator:
        figures["rate"] = await fan_out(emulator, db)
    if history:  # half the old entries are past a 15-day retention; one is still queued
        started = time.perf_counter()
        removed = await entries.prune(db, older_than=time.time() - 15 * 86400)
        figures["prune per 1k"] = (time.perf_counter() - started) / removed * 1000 * 1000
        figures["pruned"] = removed
    await db.close()
    return figures


async def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "warm-up").mkdir()
        await measure(Path(folder) / "warm-up", history=False)  # imports, caches: not reported
        empty = await measure(Path(folder), history=False)
        full = await measure(Path(folder), history=True)
    print(f"{'query (ms, median of 300)':<40} | {'empty':>8} | {'1M log + 100k queued':>20} | goal")
    for key, label in (
        ("due", "due chats (64, skipping 64 busy)"),
        ("due p99", "  the same, 99th percentile"),
        ("next due", "next due time"),
        ("window", "a chat's flood window"),
        ("story", "a chat's alert for a story"),
    ):
        goal = f"< {GOAL_QUERY_MS:g} ms" if key.startswith("due") else ""
        print(f"{label:<40} | {empty[key]:>8.3f} | {full[key]:>20.3f} | {goal}")
    print(
        f"prune {full['pruned']:,.0f} entries (in batches of {entries.PRUNE_BATCH:,}, with the "
        f"100k queue and 1M log): {full['prune per 1k']:.0f} ms per 1,000 entries"
    )
    ratio = full["rate"] / empty["rate"]
    print(
        f"fan-out to {FAN_OUT:,} chats at a 1,000/s limit: {empty['rate']:,.0f}/s empty, "
        f"{full['rate']:,.0f}/s with history; ratio {ratio:.2f} (goal: 1.00)"
    )


if __name__ == "__main__":
    asyncio.run(main())

"""Fan-out of one alert to many subscribers through the Bot API emulator.

Run from the repository root:  python -m bench.delivery

Livebot's delivery (persistent outbox, per-chat worker, FloodLimiter) against the common
approach measured in the same run: python-telegram-bot's AIORateLimiter with every send
started at once (asyncio.gather, no persistence). The emulator runs in its own process, as
Telegram would, answers each request after 30 ms, and in the "5 % 429" rows refuses that
share of sends with retry_after 1. Telegram's rates are scaled up (300/s) for the big runs
and real (30/s) for one run. Achieved rates are measured at the emulator, first to last send.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import httpx
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.config import SourceSettings
from bot.delivery.sender import Sender
from bot.delivery.worker import DeliveryWorker
from bot.emulator.botapi import TOKEN
from bot.models import ChatKind, ParsedEntry, Reason, Relation
from bot.store import chats, entries, reasons, sources, workers
from bot.store.db import Database
from bot.subscribers import Subscribers
from bot.telegram.client import LivebotBot
from bot.telegram.limiter import FloodLimiter
from bot.telegram.transport import sends_request

LATENCY = 0.03
WHY = (Reason(0, Relation.NOTE, text="storm"),)
TEXT = "<b>Storm makes landfall</b>\n\nThe storm reached the coast at dawn."


@dataclass
class Run:
    label: str
    messages: int
    limit: float
    rate: float
    seconds: float
    refused: int
    memory_mib: float | None = None
    times: list[float] | None = None  # when each message reached the emulator


class Emulator:
    """The Bot API emulator in a child process, configured and read over HTTP."""

    def __init__(self) -> None:
        self.url = ""
        self._process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> Emulator:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.emulator.botapi", stdout=asyncio.subprocess.PIPE
        )
        assert self._process.stdout is not None
        self.url = (await self._process.stdout.readline()).decode().strip()
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._process is not None
        self._process.terminate()
        await self._process.wait()

    async def configure(self, *, latency: float, random_429: float) -> None:
        async with httpx.AsyncClient() as client:
            settings = {"latency": latency, "random_429": random_429, "reset": True}
            await client.post(f"{self.url}/_control/configure", json=settings)

    async def sent(self) -> tuple[list[tuple[int, float]], int]:
        async with httpx.AsyncClient() as client:
            body = (await client.get(f"{self.url}/_control/sent")).json()
        return [(int(c), float(t)) for c, t in body["sent"]], int(body["refused"])


def achieved(sent: list[tuple[int, float]]) -> float:
    times = sorted(at for _, at in sent)
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


async def seed(db: Database, chat_ids: list[int], alerts_each: int = 1) -> None:
    """One entry (or a few) owed to every chat, as matching would have queued it."""
    [state] = await sources.sync(db, [SourceSettings(name="Bench", url="https://bench.example/")])
    parsed = [
        ParsedEntry(f"e{n}", f"Storm update {n}", f"https://bench.example/{n}", float(n),
                    "The storm reached the coast at dawn.", "The storm reached the coast at dawn.")
        for n in range(alerts_each)
    ]  # fmt: skip
    now = time.time()
    async with db.transaction() as conn:
        stored = await entries.insert_new(
            conn, source_id=state.id, source_name="Bench", parsed=parsed, now=now
        )
        for chat in chat_ids:
            await chats.ensure(conn, chat, ChatKind.PRIVATE, None)
        # Rows as enqueueing leaves them, with a reason written as text (no subscription
        # to look up at send time, which is not what this measures).
        await conn.executemany(
            "INSERT INTO outbox (chat_id, entry_id, story_id, reasons, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(chat, e.id, e.id, reasons.encode(WHY), now) for chat in chat_ids for e in stored],
        )
        await conn.execute("UPDATE chats SET due_at = ? WHERE due_at IS NULL", (now,))


async def livebot_fan_out(
    emulator: Emulator, chat_ids: list[int], *, rate: float, alerts_each: int = 1,
    private_interval: float = 1.0, trace: bool = False, store: str | None = None,
) -> float:  # fmt: skip
    """Deliver through the real outbox, worker, sender and limiter; return seconds taken.
    The store is a fresh SQLite file, or the empty database at ``store`` (PostgreSQL)."""
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(store or Path(folder) / "bench.sqlite3")
        await seed(db, chat_ids, alerts_each)
        limiter = FloodLimiter(
            global_rate=rate, private_interval=private_interval, group_per_minute=20
        )
        bot = LivebotBot(
            TOKEN, base_url=f"{emulator.url}/bot", rate_limiter=limiter,
            request=sends_request(80),
        )  # fmt: skip
        await bot.initialize()
        subscribers = Subscribers(db, language="english", per_chat_limit=50)
        sender = Sender(bot, db, subscribers, max_attempts=8, paid_broadcast=False)
        worker = DeliveryWorker(
            db, sender, worker=await workers.register(db, "all"), concurrency=64, burst=100,
            window=600,
        )  # fmt: skip
        expected = len(chat_ids) * alerts_each
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        await worker.start()
        while sender.stats.alerts < expected:  # noqa: ASYNC110 - polling a counter is the point
            await asyncio.sleep(0.05)
        seconds = time.perf_counter() - start
        await worker.stop()
        await bot.shutdown()
        await db.close()
    return seconds


async def baseline_fan_out(emulator: Emulator, chat_ids: list[int], *, rate: float) -> float:
    """The common approach: AIORateLimiter, every send started at once, retries on 429."""
    limiter = AIORateLimiter(overall_max_rate=rate, max_retries=10)
    bot = ExtBot(
        TOKEN, base_url=f"{emulator.url}/bot", rate_limiter=limiter,
        request=HTTPXRequest(connection_pool_size=80, pool_timeout=600),
    )  # fmt: skip
    await bot.initialize()
    start = time.perf_counter()
    await asyncio.gather(*(bot.send_message(chat, TEXT, parse_mode="HTML") for chat in chat_ids))
    seconds = time.perf_counter() - start
    await bot.shutdown()
    return seconds


async def scenario(label: str, count: int, rate: float, *, flood: float = 0.0,
                   baseline: bool = False, trace: bool = False,
                   sent_times: bool = False) -> Run:  # fmt: skip
    async with Emulator() as emulator:
        await emulator.configure(latency=LATENCY, random_429=flood)
        chat_ids = list(range(10_000_001, 10_000_001 + count))
        if baseline:
            seconds = await baseline_fan_out(emulator, chat_ids, rate=rate)
        else:
            seconds = await livebot_fan_out(emulator, chat_ids, rate=rate, trace=trace)
        memory = None
        if trace:
            memory = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        sent, refused = await emulator.sent()
    times = [at for _, at in sent] if sent_times else None
    return Run(label, len(sent), rate, achieved(sent), seconds, refused, memory, times)


async def spacing() -> tuple[float, float]:
    """Three private chats owed five alerts each: gaps between one chat's messages."""
    async with Emulator() as emulator:
        await emulator.configure(latency=LATENCY, random_429=0.0)
        await livebot_fan_out(emulator, [1, 2, 3], rate=300, alerts_each=5)
        sent, _ = await emulator.sent()
    gaps = []
    for chat in (1, 2, 3):
        times = sorted(at for c, at in sent if c == chat)
        gaps += [b - a for a, b in itertools.pairwise(times)]
    return min(gaps), statistics.mean(gaps)


async def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    await scenario("warm-up (not reported)", 300, 300)
    runs = [
        await scenario("livebot 1k @ 300/s", 1_000, 300),
        await scenario("baseline 1k @ 300/s", 1_000, 300, baseline=True),
        await scenario("livebot 1k @ 300/s, 5 % 429", 1_000, 300, flood=0.05),
        await scenario("baseline 1k @ 300/s, 5 % 429", 1_000, 300, flood=0.05, baseline=True),
        await scenario("livebot 10k @ 300/s", 10_000, 300),
        await scenario("livebot 10k @ 300/s, 5 % 429", 10_000, 300, flood=0.05),
        await scenario("livebot 1k @ 30/s (Telegram's rate)", 1_000, 30),
    ]
    traced = await scenario("livebot 10k @ 300/s, memory traced", 10_000, 300, trace=True)
    print(
        f"{'run':<38} | {'delivered':>9} | {'limit/s':>7} | {'delivered/s':>11} | "
        f"{'of limit':>8} | {'requests/s':>10} | {'total s':>7} | {'429s':>5}"
    )
    for run in runs:
        requests = run.rate * (run.messages + run.refused) / run.messages
        print(
            f"{run.label:<38} | {run.messages:>9,} | {run.limit:>7.0f} | {run.rate:>11.1f} | "
            f"{run.rate / run.limit:>7.1%} | {requests:>10.1f} | {run.seconds:>7.1f} | "
            f"{run.refused:>5}"
        )
    by_label = {run.label: run for run in runs}
    for load in ("", ", 5 % 429"):
        ours, theirs = by_label[f"livebot 1k @ 300/s{load}"], by_label[f"baseline 1k @ 300/s{load}"]
        ratio = ours.rate / theirs.rate
        print(f"ratio livebot / baseline, 1k @ 300/s{load}: {ratio:.2f}x delivered/s")
    print(
        f"peak Python memory of the bot process, 10k fan-out (tracemalloc): "
        f"{traced.memory_mib:.1f} MiB"
    )
    low, mean = await spacing()
    print(f"per private chat spacing (1 s limit): min {low:.2f} s, mean {mean:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())

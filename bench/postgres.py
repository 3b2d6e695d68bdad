"""The same fan-out from one Livebot process on each store engine: SQLite against
PostgreSQL, at a paid-broadcast limit of 1,000 messages/s.

Run from the repository root:  python -m bench.postgres

The real outbox, delivery worker, sender and flood limiter deliver one alert to each of
3,000 chats through the Bot API emulator (its own process, 30 ms per answer), as
:mod:`bench.delivery` does; the store is a fresh SQLite file, then a fresh database on a
throwaway PostgreSQL server on 127.0.0.1 (Debian's binaries, see ``tests/postgres.py``).
Measured: the rate achieved at the emulator, the busiest second, and the process's CPU time
per message (the emulator's own is not counted).
"""

from __future__ import annotations

import asyncio
import collections
import os
import time

from bench.common import Row, table
from bench.delivery import LATENCY, Emulator, achieved, livebot_fan_out
from tests.postgres import PostgresServer, binaries

CHATS = 3_000
LIMIT = 1_000.0


async def fan_out(store: str | None) -> tuple[float, int, float]:
    """(achieved rate, busiest second, CPU ms per message) of one fan-out."""
    async with Emulator() as emulator:
        await emulator.configure(latency=LATENCY, random_429=0.0)
        chat_ids = list(range(20_000_001, 20_000_001 + CHATS))
        cpu = time.process_time()
        await livebot_fan_out(emulator, chat_ids, rate=LIMIT, store=store)
        cpu = time.process_time() - cpu
        sent, _ = await emulator.sent()
    seconds = collections.Counter(int(at) for _, at in sent)
    return achieved(sent), max(seconds.values()), cpu * 1000 / len(sent)


async def figures() -> list[Row]:
    """(what, goal, measured, unit) rows for the summary table."""
    bindir = binaries()
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    lite = await fan_out(None)
    server = PostgresServer(bindir)
    server.start()
    try:
        pg = await fan_out(server.create_database())
    finally:
        server.stop()
    goal = f"<= {LIMIT:,.0f}/s"
    return [
        (f"fan-out to {CHATS:,} chats at {LIMIT:,.0f}/s, SQLite: achieved", goal, lite[0],
         f"messages/s (busiest second {lite[1]}), {lite[2]:.2f} ms CPU per message"),
        ("  ... the same, PostgreSQL: achieved", goal, pg[0],
         f"messages/s (busiest second {pg[1]}), {pg[2]:.2f} ms CPU per message"),
        ("  ... PostgreSQL against SQLite", "-", pg[0] / lite[0],
         f"x the rate, {pg[2] / lite[2]:.2f}x the CPU per message"),
    ]  # fmt: skip


def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    print(table(asyncio.run(figures())))


if __name__ == "__main__":
    main()

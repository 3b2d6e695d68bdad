"""Fan-out at a paid-broadcast limit of 1,000 messages/s: SQLite against PostgreSQL in one
process, then 1, 2 and 4 ``livebot run --role deliver`` processes sharing PostgreSQL.

Run from the repository root:  python -m bench.postgres

Then people first, scaled out (:mod:`bench.replies`): how long people wait for an answer
with one process and with roles, during a burst of new people and during a fan-out.

The real outbox, delivery worker, sender and flood limiter deliver one alert to each of
3,000 chats through the Bot API emulator (its own process, 30 ms per answer), as
:mod:`bench.delivery` does; the store is a fresh SQLite file, then a fresh database on a
throwaway PostgreSQL server on 127.0.0.1 (Debian's binaries, see ``tests/postgres.py``).
With several workers, each is a real ``livebot`` process started on an empty queue; the
alerts are queued once all of them deliver (and told by NOTIFY, as ingest does), and they
split the rate between them. Measured: the rate achieved at the emulator, the busiest
second, and the delivering processes' CPU time per message (the emulator's and
PostgreSQL's own are not counted). The machine's cores are printed: workers beyond them
share CPUs with each other, the emulator and the server.
"""

from __future__ import annotations

import asyncio
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import replies
from bench.common import Row, table
from bench.delivery import LATENCY, Emulator, achieved, livebot_fan_out, seed
from bot.emulator.botapi import TOKEN
from bot.store.db import Database
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


async def workers_fan_out(url: str, count: int) -> tuple[float, int, float]:
    """(achieved rate, busiest second, CPU ms per message) of ``count`` deliver processes."""
    async with Emulator() as emulator:
        await emulator.configure(latency=LATENCY, random_429=0.0)
        with tempfile.TemporaryDirectory() as folder:
            config = Path(folder) / "livebot.toml"
            config.write_text(_CONFIG.format(api=emulator.url, url=url, rate=LIMIT))
            config.chmod(0o600)
            processes = [await _deliver(config, Path(folder) / f"{n}.log") for n in range(count)]
            try:
                db = await Database.open(url)
                chat_ids = list(range(30_000_001, 30_000_001 + CHATS))
                before = [_cpu(p.pid) for p in processes]
                await seed(db, chat_ids)
                async with db.transaction() as conn:
                    await conn.notify("outbox")
                await db.close()
                while len((await emulator.sent())[0]) < CHATS:  # noqa: ASYNC110 - a counter
                    await asyncio.sleep(0.2)
                cpu = sum(_cpu(p.pid) - b for p, b in zip(processes, before, strict=True))
            finally:
                for process in processes:
                    process.terminate()
                    await process.wait()
        sent, _ = await emulator.sent()
    seconds = collections.Counter(int(at) for _, at in sent)
    return achieved(sent), max(seconds.values()), cpu * 1000 / len(sent)


_CONFIG = f"""
[telegram]
token = "{TOKEN}"
api_url = "{{api}}"
[storage]
url = "{{url}}"
[places]
enabled = false
[delivery]
global_rate = {{rate}}
private_interval = 1.0
concurrency = 64
[logging]
level = "INFO"
"""


async def _deliver(config: Path, log: Path) -> asyncio.subprocess.Process:
    """A ``livebot run --role deliver`` process, once it delivers."""
    with log.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--config", str(config), "--role", "deliver",
            stderr=stderr, env={**os.environ, "PTB_TIMEDELTA": "true"},
        )  # fmt: skip
    for _ in range(600):
        said = _read(log)
        if "delivering" in said:
            return process
        if process.returncode is not None:
            raise SystemExit(f"a deliver process exited: {said}")
        await asyncio.sleep(0.1)
    raise SystemExit(f"a deliver process did not start: {_read(log)}")


def _read(log: Path) -> str:
    return log.read_text(errors="replace")


def _cpu(pid: int) -> float:
    """Seconds of CPU the process has used (user and system, from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        shared = {n: await workers_fan_out(server.create_database(), n) for n in (1, 2, 4)}
        one = await replies.measure(server.create_database(), replies.TOPOLOGIES["all"])
        split = await replies.measure(server.create_database(), replies.TOPOLOGIES["roles"])
    finally:
        server.stop()
    goal = f"<= {LIMIT:,.0f}/s"
    scaled: list[Row] = [
        (f"  ... {n} deliver process{'es' if n > 1 else ''} ({os.cpu_count()} cores)", goal,
         rate, f"messages/s (busiest second {busiest}), {cpu:.2f} ms CPU per message")
        for n, (rate, busiest, cpu) in shared.items()
    ]  # fmt: skip
    return [
        (f"fan-out to {CHATS:,} chats at {LIMIT:,.0f}/s, SQLite: achieved", goal, lite[0],
         f"messages/s (busiest second {lite[1]}), {lite[2]:.2f} ms CPU per message"),
        ("  ... the same, PostgreSQL: achieved", goal, pg[0],
         f"messages/s (busiest second {pg[1]}), {pg[2]:.2f} ms CPU per message"),
        ("  ... PostgreSQL against SQLite", "-", pg[0] / lite[0],
         f"x the rate, {pg[2] / lite[2]:.2f}x the CPU per message"),
        *scaled,
        *people_first(one, split),
    ]  # fmt: skip


def people_first(one: replies.Replies, split: replies.Replies) -> list[Row]:
    """The rows of :mod:`bench.replies`: one process against roles."""
    rate = f"{replies.RATE:.0f}/s"
    return [
        (f"{replies.BURST} people /subscribe at once ({rate}), one process: last answered",
         "-", one.burst_last, f"s (median {one.burst_median:.1f} s)"),
        ("  ... roles (updates x2, ingest, deliver x2): last answered",
         f"<= {1.5 * one.burst_last:.1f} s (1.5x)", split.burst_last,
         f"s (median {split.burst_median:.1f} s)"),
        ("a reply during a full-rate fan-out, p95: one process", "< 0.5 s", one.probe_p95, "s"),
        ("  ... roles", "< 0.5 s", split.probe_p95, "s"),
        (f"fan-out of {replies.FAN_OUT:,} at {rate}, one process", "-", one.fan_out_rate,
         f"messages/s (busiest second {one.busiest})"),
        ("  ... roles", f">= {0.9 * one.fan_out_rate:.0f}/s (90 %), <= {rate}",
         split.fan_out_rate, f"messages/s (busiest second {split.busiest})"),
    ]  # fmt: skip


def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    print(table(asyncio.run(figures())))


if __name__ == "__main__":
    main()

"""Start-up and memory of the real process, places on, with 100,000 topic and 100,000 place
subscriptions in its database.

Run from the repository root:  python -m bench.startup

The database is written first (Zipf topics from real titles and population-weighted places,
see :mod:`bench.population`); then ``python -m bot run`` starts against the Bot API
emulator (in this process). Measured: the time from launch to its first ``getUpdates``
(when people get answers), to the log line saying the subscriptions are loaded (when
matching, delivery and polling start), and after that its peak resident memory (VmHWM,
from /proc).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row, real_entries, table
from bench.population import place_rows, populate, zipf_topics
from bot.emulator.botapi import TOKEN, BotApiEmulator
from bot.geo.tagger import load_tagger
from tests.conftest import toml_dumps

SUBSCRIPTIONS = 100_000
GOAL_SECONDS = 2.0
GOAL_MIB = 200.0


def peak_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc (Linux only)")


async def launch(config: Path, botapi: BotApiEmulator) -> tuple[float, float, float]:
    """Start ``python -m bot run``: seconds to its first getUpdates, seconds until the
    subscriptions are loaded, and its peak resident memory (MiB) two seconds later."""
    botapi.calls.clear()
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config),
        env={**os.environ, "PTB_TIMEDELTA": "true"}, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    while not any(method == "getUpdates" for method, _ in botapi.calls):
        if process.returncode is not None:
            raise SystemExit(f"livebot exited with {process.returncode}")
        await asyncio.sleep(0.01)
    seconds = time.perf_counter() - started
    assert process.stderr is not None
    while b"subscriptions loaded" not in await process.stderr.readline():
        pass
    ready = time.perf_counter() - started
    await asyncio.sleep(2)
    mib = peak_mib(process.pid)
    process.send_signal(signal.SIGTERM)
    await process.communicate()
    return seconds, ready, mib


async def figures() -> list[Row]:
    """(what, goal, measured, unit) rows for the summary table."""
    tagger = load_tagger()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "livebot.sqlite3"
        await populate(
            database,
            zipf_topics(real_entries(), SUBSCRIPTIONS),
            place_rows(tagger.gazetteer, SUBSCRIPTIONS),
        )
        del tagger
        botapi = BotApiEmulator()
        await botapi.start()
        config = Path(folder) / "livebot.toml"
        config.write_text(
            toml_dumps(
                {
                    "telegram": {"token": TOKEN, "api_url": botapi.url, "poll_timeout": 1},
                    "storage": {"database": str(database)},
                    "sources": [],
                }
            )
        )
        config.chmod(0o600)
        seconds, ready, mib = await launch(config, botapi)
        # As after an upgrade that reads topics differently: every topic is re-keyed once.
        with sqlite3.connect(database) as db:
            db.execute("DELETE FROM facts WHERE name = 'topic_reading'")
        _, upgraded, _ = await launch(config, botapi)
        await botapi.stop()
    return [
        ("start-up to the first getUpdates, 100k topic + 100k place subscriptions",
         f"<= {GOAL_SECONDS:.0f} s", seconds, "s"),
        ("  ... until subscriptions are loaded and matching, delivery and polling run", "-",
         ready, "s (people get answers meanwhile)"),
        ("  ... the same on the first start after topics are read differently", "-",
         upgraded, "s (every topic re-keyed once)"),
        ("peak resident memory, the same process", f"<= {GOAL_MIB:.0f} MiB", mib, "MiB"),
    ]  # fmt: skip


def main() -> None:
    print(table(asyncio.run(figures())))


if __name__ == "__main__":
    main()

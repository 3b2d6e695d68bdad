"""People first, scaled out: how long a person waits for an answer, one process (``all``)
against roles (``updates`` ×2, one of them standing by, ``ingest`` ×1, ``deliver`` ×2),
both on PostgreSQL at ``delivery.global_rate = 100``. Part of ``python -m bench.postgres``.

Three figures per topology, on the same machine and inputs: 400 new people send
``/subscribe storm`` at once (when the last and the median are answered); then a fan-out
of one alert to each of 3,000 chats, during which a new person sends ``/list`` every
quarter second (the 95th percentile of their waits); and that fan-out's rate and busiest
second across all processes, counted at the emulator (which runs in this process and
answers in 30 ms). The processes are real ``livebot run`` processes.
"""

from __future__ import annotations

import asyncio
import collections
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.delivery import LATENCY, achieved, seed
from bot.emulator.botapi import TOKEN, BotApiEmulator
from bot.store.db import Database

RATE = 100.0
BURST = 400
FAN_OUT = 3_000
PROBES = 40
TOPOLOGIES = {"all": ("all",), "roles": ("updates", "updates", "ingest", "deliver", "deliver")}

_CONFIG = f"""
[telegram]
token = "{TOKEN}"
api_url = "{{api}}"
poll_timeout = 1
[storage]
url = "{{url}}"
[places]
enabled = false
[delivery]
global_rate = {RATE}
private_interval = 1.0
concurrency = 64
"""


@dataclass(frozen=True)
class Replies:
    """What one topology measured."""

    burst_last: float  # seconds until the last of the burst was answered
    burst_median: float
    probe_p95: float  # seconds a person waited for /list during the fan-out (95th percentile)
    fan_out_rate: float  # messages/s achieved
    busiest: int  # the most messages that reached the emulator in one second


async def _start(role: str, config: Path, log: Path) -> asyncio.subprocess.Process:
    with log.open("wb") as stderr:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--config", str(config), "--role", role,
            stderr=stderr, env={**os.environ, "PTB_TIMEDELTA": "true"},
        )  # fmt: skip


async def _ready(emulator: BotApiEmulator, logs: list[Path], roles: tuple[str, ...]) -> None:
    """Until every process says it runs (a standby, that it stands by) and polling began."""
    for _ in range(900):
        said = [log.read_text(errors="replace") for log in logs]
        running = sum("Livebot is running" in s for s in said)
        wanted = len(roles) - roles.count("updates") + min(1, roles.count("updates"))
        if running >= wanted and any(method == "getUpdates" for method, _ in emulator.calls):
            return
        await asyncio.sleep(0.1)
    raise SystemExit("processes did not start:\n" + "\n".join(log.read_text() for log in logs))


def _answered(emulator: BotApiEmulator, asked: dict[int, float]) -> list[float]:
    """How long each chat in ``asked`` waited for its first answer (chat -> when it asked)."""
    first: dict[int, float] = {}
    for message in emulator.sent:
        if message.chat_id in asked and message.chat_id not in first:
            first[message.chat_id] = message.at - asked[message.chat_id]
    return [first[chat] for chat in asked if chat in first]


async def _wait_answers(emulator: BotApiEmulator, asked: dict[int, float]) -> list[float]:
    for _ in range(3000):
        waits = _answered(emulator, asked)
        if len(waits) == len(asked):
            return waits
        await asyncio.sleep(0.1)
    raise SystemExit(f"only {len(_answered(emulator, asked))} of {len(asked)} were answered")


async def measure(url: str, roles: tuple[str, ...]) -> Replies:
    """Run one topology on the empty database at ``url``."""
    emulator = BotApiEmulator()
    emulator.latency = LATENCY
    await emulator.start()
    processes: list[asyncio.subprocess.Process] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            config = Path(folder) / "livebot.toml"
            config.write_text(_CONFIG.format(api=emulator.url, url=url))
            config.chmod(0o600)
            logs = [Path(folder) / f"{n}-{role}.log" for n, role in enumerate(roles)]
            for role, log in zip(roles, logs, strict=True):
                processes.append(await _start(role, config, log))
                await asyncio.sleep(0.5)  # the first updates process takes the lock
            await _ready(emulator, logs, roles)
            await asyncio.sleep(2)  # the leases have told each other what they want

            burst = {40_000_000 + n: time.time() for n in range(BURST)}
            for chat in burst:
                emulator.user_sends(chat, "/subscribe storm")
            waits = await _wait_answers(emulator, burst)
            await asyncio.sleep(2)

            emulator.sent.clear()
            db = await Database.open(url)
            chat_ids = list(range(50_000_001, 50_000_001 + FAN_OUT))
            await seed(db, chat_ids)
            async with db.transaction() as conn:
                await conn.notify("outbox")
            await db.close()
            probes: dict[int, float] = {}
            for n in range(PROBES):
                await asyncio.sleep(0.25)
                chat = 60_000_000 + n
                probes[chat] = time.time()
                emulator.user_sends(chat, "/list")
            probe_waits = await _wait_answers(emulator, probes)
            owed = set(chat_ids)
            for _ in range(3000):
                if sum(1 for m in emulator.sent if m.chat_id in owed) >= FAN_OUT:
                    break
                await asyncio.sleep(0.2)
            fanned = [(m.chat_id, m.at) for m in emulator.sent if m.chat_id in owed]
            seconds = collections.Counter(int(m.at) for m in emulator.sent)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            await process.wait()
        await emulator.stop()
    return Replies(
        burst_last=max(waits),
        burst_median=statistics.median(waits),
        probe_p95=statistics.quantiles(probe_waits, n=20)[-1],
        fan_out_rate=achieved(fanned),
        busiest=max(seconds.values()),
    )

"""Processes of single roles on one PostgreSQL database: ``livebot run --role updates``
(two: one stands by), ``ingest`` and ``deliver`` (two), as real processes, and SIGKILL."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.emulator.botapi import BotApiEmulator
from bot.match.query import parse_query
from bot.store import outbox
from bot.store.db import Database
from tests.e2e.helpers import Newsroom, first_report, livebot, refused, second_report_edits, story
from tests.fakes.feeds import FeedServer

pytestmark = pytest.mark.parametrize("engine", ["postgres"], indirect=True)


class Processes:
    """Livebot processes of given roles, each logging to its own file (a pipe would fill)."""

    def __init__(self, config: Path, folder: Path, botapi: BotApiEmulator) -> None:
        self.config, self.folder, self.botapi = config, folder, botapi
        self.running: dict[str, asyncio.subprocess.Process] = {}
        self.started = Counter[str]()
        self.started_names: list[str] = []

    async def start(self, role: str, *, ready: str | None = None) -> str:
        """Start a process of ``role``; its name once its log says ``ready`` (by default,
        that it runs)."""
        self.started[role] += 1
        name = f"{role}-{self.started[role]}"
        self.started_names.append(name)
        log = self.folder / f"{name}.log"
        with log.open("wb") as stderr:
            self.running[name] = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--config", str(self.config),
                "--role", role, stderr=stderr, env={**os.environ, "PTB_TIMEDELTA": "true"},
            )  # fmt: skip
        await self.wait_for(name, ready or "Livebot is running")
        return name

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    async def wait_for(self, name: str, text: str, within: float = 40) -> None:
        process = self.running[name]

        def said() -> bool:
            if process.returncode is not None:
                raise AssertionError(f"{name} exited with {process.returncode}: {self.log(name)}")
            return text in self.log(name)

        await self.botapi.wait_until(said, within=within, what=f"{name} to say {text!r}")

    async def kill(self, name: str) -> None:
        process = self.running.pop(name)
        process.kill()
        await process.wait()

    async def stop_all(self) -> None:
        """Stop every process cleanly; then no queued alert may be left without a due chat
        (a row no worker would ever take: attack run N1)."""
        for name, process in list(self.running.items()):
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 30) == 0, self.log(name)
            assert "Traceback" not in self.log(name), self.log(name)
        self.running.clear()
        db = await Database.open(load_settings(self.config).storage.location)
        try:
            assert await outbox.repair_stranded(db) == [], "queued alerts no worker would take"
        finally:
            await db.close()
        for name in self.started_names:
            assert "were not due" not in self.log(name), self.log(name)


def storm_alerts(botapi: BotApiEmulator, title: str) -> Counter[int]:
    return Counter(m.chat_id for m in botapi.sent if m.visible.startswith(title))


async def test_roles_share_the_work_and_follow_each_others_changes(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, tmp_path: Path
) -> None:
    """People talk to the ``updates`` process; the ``ingest`` process matches what they
    subscribed to there (and no longer what they left); the ``deliver`` process sends;
    /stats names the processes; each has its own health. A whole bot (role all) is refused
    on the database while they run, in one line."""
    room = Newsroom(feeds)
    config = write_config(
        [{"name": "Live desk", "url": room.url, "interval": 1}], places={"enabled": False}
    )
    processes = Processes(config, tmp_path, botapi)
    await processes.start("updates")
    await processes.start("ingest")
    await processes.start("deliver", ready="delivering")
    try:
        await botapi.reply_to(1, "/subscribe storm")
        await botapi.reply_to(2, "/subscribe storm")
        room.add(story("r1", "Storm makes landfall"))
        await botapi.wait_until(
            lambda: set(storm_alerts(botapi, "Storm makes")) == {1, 2},
            within=20, what="both alerts",
        )  # fmt: skip
        listed = await botapi.reply_to(2, "/list")
        assert "storm" in listed.visible
        await botapi.reply_to(2, "/unsubscribe storm")
        room.add(story("r2", "Storm weakens over land", minutes=1))
        await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Storm weakens"))
        await botapi.reply_to(3, "/help")  # a control message: the second story is out
        assert storm_alerts(botapi, "Storm weakens") == {1: 1}

        status = (await botapi.reply_to(4242, "/stats")).visible  # 4242: an operator
        assert "Processes on this database: 1 deliver, 1 ingest, 1 updates;" in status
        for role in ("updates", "ingest", "deliver"):  # each its own heartbeat file
            health = await livebot("health", "--config", str(config), "--role", role)
            said, _ = await asyncio.wait_for(health.communicate(), 30)
            assert health.returncode == 0 and said.decode().startswith("healthy"), role

        line = await refused("run", "--config", str(config))
        assert line.endswith(
            "another Livebot is running on this database; stop it first, give this one its "
            "own database, or run it with --standby"
        ), line
    finally:
        await processes.stop_all()


async def test_one_story_reported_to_two_ingest_processes_alerts_once(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, tmp_path: Path
) -> None:
    """DW's report is stored by one ingest process, which then stops; Al Jazeera's report of
    the same arrests is stored by the other, which learns the first before it stores: one
    alert, edited with "Also reported by", not two."""
    dw, aljazeera = Newsroom(feeds, "dw.rss"), Newsroom(feeds, "aj.rss")
    config = write_config(
        [{"name": "DW", "url": dw.url, "interval": 1},
         {"name": "Al Jazeera", "url": aljazeera.url, "interval": 1}],
        places={"enabled": False},
    )  # fmt: skip
    processes = Processes(config, tmp_path, botapi)
    await processes.start("updates")
    ingest = [await processes.start("ingest") for _ in range(2)]
    await processes.start("deliver", ready="delivering")
    try:
        alert = await first_report(botapi, dw, aljazeera)
        # The storing process logs after its COMMIT, which may be after the alert is sent.
        await botapi.wait_until(
            lambda: any("DW: 1 new entries" in processes.log(name) for name in ingest),
            within=30,
            what="an ingest process to log DW's entry",
        )
        [first] = [name for name in ingest if "DW: 1 new entries" in processes.log(name)]
        process = processes.running.pop(first)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0
        await second_report_edits(botapi, aljazeera, alert)
    finally:
        await processes.stop_all()


CHATS = 3000
KILLS = 10
CONCURRENCY = 16
RATE = 200


async def subscribed(url: str, chats: range) -> None:
    """``chats`` follow "storm", written straight into the database (the fan-out is what is
    tested, not 3,000 conversations)."""
    db = await Database.open(url)
    try:
        now = time.time()
        key = parse_query("storm").key
        async with db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO chats (id, kind, created_at) VALUES (?, 'private', ?)",
                [(chat, now) for chat in chats],
            )
            await conn.executemany(
                "INSERT INTO subscriptions (chat_id, query, key, after_entry_id, created_at) "
                "VALUES (?, 'storm', ?, 0, ?)",
                [(chat, key, now) for chat in chats],
            )
    finally:
        await db.close()


async def test_workers_killed_at_random_lose_no_alert(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, tmp_path: Path, postgres_url: str
) -> None:
    """Updates ×2, ingest ×1, deliver ×2 on one database; a fan-out to 3,000 chats; ten
    SIGKILLs of random processes (the updates holder among them), each started again.
    Every chat gets both alerts (the second queued while the first is being sent);
    duplicates only among sends in flight at a kill; the
    standby takes over updates; no second carries more than the bot's rate."""
    chats = range(10_001, 10_001 + CHATS)
    await subscribed(postgres_url, chats)
    room = Newsroom(feeds)
    config = write_config(
        [{"name": "Live desk", "url": room.url, "interval": 1}],
        places={"enabled": False},
        delivery={"concurrency": CONCURRENCY, "global_rate": RATE},
    )
    processes = Processes(config, tmp_path, botapi)
    holder = await processes.start("updates")
    standby = await processes.start("updates", ready="standing by")
    await processes.start("ingest")
    for _ in range(2):
        await processes.start("deliver", ready="delivering")
    botapi.latency = 0.03
    started = time.monotonic()
    room.add(story("f1", "Storm makes landfall"))
    await botapi.wait_until(
        lambda: sum(storm_alerts(botapi, "Storm makes").values()) >= 400,
        within=30, what="the fan-out to begin",
    )  # fmt: skip
    # A second story queued for chats while their first alert is being sent: each chat's
    # next row must stay due (attack run N1: 2 of 2,000 were stranded, without any kill).
    room.add(
        story("f2", "Storm closes Lisbon airport", "Flights were cancelled at Humberto Delgado.")
    )
    rng = random.Random(15)
    deliver_kills = 0
    try:
        for kill in range(KILLS):
            # The fourth kill is the updates holder's: the standby takes over.
            name = holder if kill == 3 else rng.choice(sorted(processes.running))
            role = name.rsplit("-", 1)[0]
            await processes.kill(name)
            deliver_kills += role == "deliver"
            if name == holder:
                await processes.wait_for(standby, "taking over")
                holder, standby = standby, await processes.start("updates", ready="standing by")
            elif name == standby:
                standby = await processes.start("updates", ready="standing by")
            else:
                await processes.start(role, ready="delivering" if role == "deliver" else None)
            await asyncio.sleep(rng.uniform(0.2, 1.0))
        await botapi.wait_until(
            lambda: set(storm_alerts(botapi, "Storm makes")) == set(chats)
            and set(storm_alerts(botapi, "Storm closes")) == set(chats),
            within=120, what="every chat to get both alerts",
        )  # fmt: skip
        took = time.monotonic() - started
        assert "storm" in (await botapi.reply_to(chats[0], "/list")).visible
        duplicates = sum(
            n - 1
            for title in ("Storm makes", "Storm closes")
            for n in storm_alerts(botapi, title).values()
        )
        in_flight = deliver_kills * CONCURRENCY
        assert duplicates <= in_flight, f"{duplicates} duplicates, {in_flight} sends in flight"
        times = sorted(m.at for m in botapi.sent)
        busiest = max(
            sum(1 for t in times[i : i + RATE + 1] if t < start + 1.0)
            for i, start in enumerate(times)
        )
        print(
            f"{CHATS} chats, {KILLS} kills ({deliver_kills} of deliver workers) in {took:.1f} s: "
            f"{duplicates} duplicates (at most {in_flight} in flight), busiest second {busiest} "
            f"(rate {RATE}/s)"
        )
        # the shared bucket's one spare token: as tests/unit/test_roles.py allows (201 was
        # measured once, with a deliver worker killed mid-second)
        assert busiest <= RATE + 1
    finally:
        await processes.stop_all()

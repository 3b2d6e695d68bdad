"""The real ``livebot`` process: start-up errors, graceful stop, and kill -9 with restart."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from bot.emulator.botapi import BotApiEmulator
from bot.store.db import Database
from bot.store.postgres import INSTANCE_LOCK
from tests.conftest import ENGINES
from tests.e2e.helpers import Newsroom, finished, livebot, refused, start, story
from tests.fakes.feeds import FeedServer


async def test_bad_config_exits_2_with_one_line(tmp_path: Path) -> None:
    """A bad config is one line naming file and key, exit code 2, no traceback."""
    config = tmp_path / "bad.toml"
    config.write_text('[[sources]]\nname = "A"\nurl = "https://a.example/"\ninterval = 0\n')
    code, stderr = await finished(
        await livebot("run", "--config", str(config), env={"TELEGRAM_BOT_TOKEN": "1:" + "a" * 30})
    )
    assert code == 2
    assert stderr.strip().splitlines() == [
        f"livebot: config error: {config}: sources[0].interval: Input should be greater than or equal to 1"
    ]


async def test_missing_token_and_missing_file(tmp_path: Path) -> None:
    """No token and no file are both one clear line with exit code 2."""
    config = tmp_path / "ok.toml"
    config.write_text("")
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--config",
        str(config),
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    code, stderr = await finished(process)
    assert code == 2 and "telegram.token: missing; set TELEGRAM_BOT_TOKEN" in stderr
    code, stderr = await finished(await livebot("run", "--config", str(tmp_path / "none.toml")))
    assert code == 2 and "none.toml: file not found" in stderr and "Traceback" not in stderr


async def test_unreachable_bot_api_and_rejected_token(
    tmp_path: Path, botapi: BotApiEmulator
) -> None:
    """An unreachable Bot API exits 1, a token Telegram rejects exits 2; one line each, and
    nothing after it."""
    config = tmp_path / "c.toml"
    config.write_text('[telegram]\napi_url = "http://127.0.0.1:9"\n')
    code, stderr = await finished(
        await livebot("run", "--config", str(config), env={"TELEGRAM_BOT_TOKEN": "1:" + "a" * 30})
    )
    assert (
        code == 1
        and "cannot reach the Bot API at http://127.0.0.1:9" in stderr
        and "Traceback" not in stderr
        and "Unclosed client session" not in stderr  # newcomer trial, defect 25
    )
    config.write_text(f'[telegram]\napi_url = "{botapi.url}"\n')
    code, stderr = await finished(
        await livebot("run", "--config", str(config), env={"TELEGRAM_BOT_TOKEN": "1:" + "b" * 30})
    )
    assert code == 2 and "Telegram rejected the bot token" in stderr and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


async def test_sigterm_stops_cleanly(botapi: BotApiEmulator, write_config) -> None:
    """SIGTERM stops the bot with exit code 0; while it ran, its heartbeat said healthy, and
    once it stopped `livebot health` says unhealthy at once (it said healthy for a minute:
    issue 27). health, backup and sources need no push source's token (they did)."""
    config = write_config([])
    process = await start(config, botapi)
    await botapi.reply_to(1, "/help")
    heartbeat = config.parent / "livebot.sqlite3.heartbeat"
    await botapi.wait_until(heartbeat.exists, within=5, what="the first heartbeat")
    health = await livebot("health", "--config", str(config))
    code, stderr = await finished(health)
    assert code == 0, stderr
    process.send_signal(signal.SIGTERM)
    code, stderr = await finished(process)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    code, stderr = await finished(await livebot("health", "--config", str(config)))
    assert code == 1 and "unhealthy: no heartbeat" in stderr + "", stderr
    pushed = config.with_name("pushed.toml")
    pushed.write_text(
        config.read_text()
        + '\n[[sources]]\nname = "Wire"\nkind = "push"\ntoken_env = "WIRE_TOKEN_UNSET"\n'
    )
    for command in (["health"], ["backup", str(config.parent / "nightly.sqlite3")],
                    ["sources", "export"]):  # fmt: skip
        code, stderr = await finished(await livebot(*command, "--config", str(pushed)))
        assert "WIRE_TOKEN_UNSET" not in stderr, (command, stderr)


@pytest.mark.parametrize("engine", ENGINES, indirect=True)
async def test_kill_9_during_fan_out_loses_nothing(
    botapi: BotApiEmulator, feeds: FeedServer, write_config
) -> None:
    """SIGKILL mid fan-out, restart: every subscriber gets the alert; only sends in flight at
    the kill may arrive twice; a second kill when idle re-sends nothing (on either store)."""
    chats = list(range(2001, 2031))
    room = Newsroom(feeds)
    config = write_config(
        [{"name": "Live desk", "url": room.url, "interval": 1}],
        delivery={"concurrency": 4, "global_rate": 40},
        places={"enabled": False},  # three starts; the gazetteer would add seconds to each
    )
    process = await start(config, botapi)
    for chat in chats:
        await botapi.reply_to(chat, "/subscribe storm")
    botapi.latency = 0.05
    room.add(story("k1", "Storm makes landfall"))

    def delivered() -> Counter[int]:
        return Counter(
            m.chat_id for m in botapi.sent if m.visible.startswith("Storm makes landfall")
        )

    await botapi.wait_until(
        lambda: sum(delivered().values()) >= 8, within=20, what="part of the fan-out"
    )
    process.kill()
    await process.wait()
    at_kill = sum(delivered().values())
    assert at_kill < len(chats), "the kill must land mid fan-out"

    process = await start(config, botapi)
    await botapi.wait_until(
        lambda: set(delivered()) == set(chats), within=30, what="every chat to get the alert"
    )
    await asyncio.sleep(0.5)
    counts = delivered()
    duplicates = sum(n - 1 for n in counts.values())
    assert all(counts[c] >= 1 for c in chats)
    assert duplicates <= 4, f"{duplicates} duplicates; at most the 4 sends in flight may repeat"

    process.kill()  # idle now: everything is confirmed
    await process.wait()
    before = len(botapi.sent)
    process = await start(config, botapi)
    await room.fetched(botapi, 2)
    assert len(botapi.sent) == before, "nothing is re-sent after a restart"
    process.send_signal(signal.SIGTERM)
    await finished(process)


async def test_a_second_bot_on_the_same_database_refuses(
    botapi: BotApiEmulator, write_config
) -> None:
    """Two processes on one database would both poll and both send: the second one stops
    with one line naming the first one's pid, exit code 2, and the first keeps running."""
    config = write_config([])
    first = await start(config, botapi)
    code, stderr = await finished(await livebot("run", "--config", str(config)))
    assert code == 2, stderr
    assert stderr.strip().splitlines() == [
        f"livebot: {config.parent / 'livebot.sqlite3'}: another Livebot (pid {first.pid}) is "
        "running on this database; stop it first, or give this one its own storage.database"
    ]
    assert first.returncode is None
    await botapi.reply_to(1, "/help")
    first.send_signal(signal.SIGTERM)
    assert (await finished(first))[0] == 0


async def test_database_problems_at_start_are_one_line(
    tmp_path: Path, botapi: BotApiEmulator
) -> None:
    """A database path that is a folder, under a file, in a place nobody may write, not a
    database, or from a newer Livebot: one line naming the path and the fix, exit code 2."""
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as raw:
        raw.execute("PRAGMA user_version = 99")
    cases = {
        folder: "is a folder, not a database file; set storage.database to a file path",
        blocker / "data" / "livebot.sqlite3": "blocker: is a file, so the database cannot be kept",
        Path("/proc/livebot.sqlite3"): "cannot create the lock file",
        garbage: "is not a SQLite database",
        newer: "the database has schema version 99, newer than this Livebot understands",
    }
    for database, expected in cases.items():
        config = tmp_path / "c.toml"
        config.write_text(
            f'[telegram]\napi_url = "{botapi.url}"\n[storage]\ndatabase = "{database}"\n'
        )
        code, stderr = await finished(
            await livebot(
                "run", "--config", str(config), env={"TELEGRAM_BOT_TOKEN": "1:" + "a" * 30}
            )
        )
        lines = stderr.strip().splitlines()
        assert code == 2, (database, stderr)
        assert len(lines) == 1 and expected in lines[0], (database, stderr)
        assert lines[0].startswith("livebot: /") and "Traceback" not in stderr


def read_only_config() -> Path:
    """A config in a read-only folder that any user can read (outside pytest's private tmp)."""
    home = Path(tempfile.mkdtemp(prefix="livebot-ro-"))
    config = home / "etc" / "livebot.toml"
    config.parent.mkdir()
    config.write_text('[telegram]\napi_url = "http://127.0.0.1:9"\n')
    for path, mode in ((home, 0o755), (config.parent, 0o555), (config, 0o444)):
        path.chmod(mode)
    return config


async def test_a_user_who_cannot_write_beside_the_config_gets_one_line() -> None:
    """A container's non-root user with the config mounted read-only and the database next
    to it: one line naming the folder and the fix (run as another user when we are root)."""
    config = read_only_config()
    try:
        command = [sys.executable, "-m", "bot", "run", "--config", str(config)]
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv to drop privileges")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        process = await asyncio.create_subprocess_exec(
            *command,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "TELEGRAM_BOT_TOKEN": "1:" + "a" * 30, "PTB_TIMEDELTA": "true"},
            cwd="/",
        )
        code, stderr = await finished(process)
        assert code == 2, stderr
        assert stderr.strip().splitlines() == [
            f"livebot: {config.parent}: the database folder is not writable by user "
            f"{65534 if os.geteuid() == 0 else os.geteuid()}; make it writable (e.g. mount a "
            "volume there) or set storage.database to a writable path"
        ]
    finally:
        config.parent.chmod(0o755)
        shutil.rmtree(config.parent.parent)


async def recorded(url: str) -> None:
    """Wait until the bot has recorded a sent alert in its PostgreSQL database."""
    store = await Database.open(url)
    try:
        for _ in range(200):
            row = await store.fetchone("SELECT count(*) FROM deliveries WHERE outcome = 'sent'")
            if row is not None and row[0]:
                return
            await asyncio.sleep(0.05)
        raise AssertionError("timed out waiting for the alert to be recorded")
    finally:
        await store.close()


async def standing_by(
    config: Path, log: Path, botapi: BotApiEmulator
) -> asyncio.subprocess.Process:
    """``livebot run --standby``, its log in a file (it runs on: a pipe would fill), once it
    says it stands by."""
    with log.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--config", str(config), "--standby",
            stderr=stderr, env={**os.environ, "PTB_TIMEDELTA": "true"},
        )  # fmt: skip
    await botapi.wait_until(
        lambda: "standing by" in log.read_text(), within=30, what=f"{log.stem} to stand by"
    )
    return process


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
async def test_a_standby_takes_over_when_the_running_bot_is_killed(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, tmp_path: Path, postgres_url: str
) -> None:
    """Two machines, one PostgreSQL database: a process of one role is refused while a whole
    bot runs; a second bot run with --standby waits while the first runs; when the first is SIGKILLed, the standby takes over: it answers people,
    keeps their subscriptions and delivers the next story, and no alert comes twice. A
    standby told to stop while it waits exits 0."""
    room = Newsroom(feeds)
    config = write_config(
        [{"name": "Live desk", "url": room.url, "interval": 1}], places={"enabled": False}
    )
    first = await start(config, botapi)
    await botapi.reply_to(1, "/subscribe storm")
    # The other machine: the same database, its own heartbeat file.
    other = tmp_path / "standby.toml"
    other.write_text(
        config.read_text().replace("livebot.sqlite3", "standby.sqlite3"), encoding="utf-8"
    )
    other.chmod(0o600)
    # Processes of one role never share a database with a whole bot.
    line = await refused("run", "--config", str(other), "--role", "deliver")
    assert line.endswith(
        "a Livebot with every role (--role all) is running on this database; stop it before "
        "starting processes of one role"
    ), line
    log = tmp_path / "standby.log"
    standby = await standing_by(other, log, botapi)
    health = await livebot("health", "--config", str(other))
    said, _ = await asyncio.wait_for(health.communicate(), 30)
    assert health.returncode == 0
    assert said.decode().startswith("healthy: standing by to take over")
    room.add(story("s1", "Storm makes landfall"))
    await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Storm makes"))
    await recorded(postgres_url)  # its send is no longer in flight: killing cannot repeat it
    botapi.commands = []  # a bot publishes its command menu when it starts
    first.kill()
    await first.wait()
    await botapi.wait_until(lambda: bool(botapi.commands), within=20, what="the takeover")
    assert "taking over" in log.read_text()
    assert "storm" in (await botapi.reply_to(1, "/list")).visible
    room.add(story("s2", "Storm weakens over land", minutes=1))
    await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Storm weakens"))
    landfall = [m for m in botapi.messages_to(1) if m.visible.startswith("Storm makes")]
    assert len(landfall) == 1

    third = tmp_path / "third.log"  # the running standby holds the database: this one waits
    waiting = await standing_by(config, third, botapi)
    waiting.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(waiting.wait(), 30) == 0
    assert "Traceback" not in third.read_text()
    standby.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(standby.wait(), 30) == 0


@pytest.mark.parametrize("option", [["--standby"], ["--role", "deliver"]])
async def test_standby_and_roles_need_postgresql(write_config, option: list[str]) -> None:
    """--standby or a single role with a SQLite file (one process's database) is refused
    in one line."""
    config = write_config([])
    code, stderr = await finished(await livebot("run", "--config", str(config), *option))
    assert code == 2
    assert stderr.strip().splitlines() == [
        f"livebot: {' '.join(option)} needs a database several processes share: set "
        "storage.url to a postgresql:// URL"
    ]


async def test_an_unknown_role_from_the_environment_is_one_line(write_config) -> None:
    config = write_config([])
    process = await livebot("health", "--config", str(config), env={"LIVEBOT_ROLE": "<b>x"})
    code, stderr = await finished(process)
    assert code == 2
    assert stderr.strip().splitlines() == [
        "livebot: LIVEBOT_ROLE='<b>x' is not a role; use one of all, updates, ingest, deliver"
    ]


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
async def test_a_bot_that_loses_its_hold_on_the_database_stops(
    botapi: BotApiEmulator, write_config, postgres_url: str
) -> None:
    """The connection holding a PostgreSQL database breaks (a server restart, a network
    cut: here the server ends it): the bot stops with one line and exit code 1, since a
    standby may already run in its place, and a restarted bot runs again."""
    config = write_config([], places={"enabled": False})
    bot = await start(config, botapi)
    store = await Database.open(postgres_url)
    try:  # the backend holding the bot's instance lock (an advisory lock on one bigint key)
        await store.fetchall(
            "SELECT pg_terminate_backend(pid) FROM pg_locks "
            "WHERE locktype = 'advisory' AND classid = 0 AND objid = ?",
            (INSTANCE_LOCK,),
        )
    finally:
        await store.close()
    code, stderr = await finished(bot)
    assert code == 1
    assert stderr.strip().splitlines()[-1] == (
        f"livebot: {postgres_url}: the connection holding the database broke, so this "
        "Livebot stopped (a standby may have taken over); start it again to take its turn"
    )
    again = await start(config, botapi)
    assert "/subscribe" in (await botapi.reply_to(1, "/help")).visible
    again.send_signal(signal.SIGTERM)
    assert (await finished(again))[0] == 0

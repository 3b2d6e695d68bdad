"""Shared fixtures: the network guard, the Bot API emulator, the feed server, a running bot."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app import run
from bot.config import Settings, load_settings
from bot.emulator.botapi import TOKEN, BotApiEmulator
from bot.ingest.prepare import prepare
from bot.models import ParsedEntry
from tests.fakes.feeds import FeedServer
from tests.postgres import PostgresServer, binaries

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
os.environ.setdefault("PTB_TIMEDELTA", "true")


def shared(relative: str) -> Path:
    """A file from ../shared/data, or skip the test with the reason when it is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(
            f"third-party fixture {relative} not found under {SHARED} (not vendored: licence)"
        )
    return path


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that tries to reach beyond 127.0.0.1 (like PTB's OfflineRequest)."""

    def allowed(address: Any) -> bool:
        if not isinstance(address, tuple) or address[0] in ("::1", "localhost"):
            return True
        return str(address[0]).startswith("127.")  # all of 127.0.0.0/8 is this machine

    def guarded(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(self: socket.socket, address: Any) -> Any:
            if not allowed(address):
                raise ConnectionRefusedError(f"tests may not reach the network: {address!r}")
            return real(self, address)

        return call

    monkeypatch.setattr(socket.socket, "connect", guarded(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(socket.socket.connect_ex))
    yield


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test process's own (about 0.7 s to start), or skip the
    test when the machine has none (``.ci/run`` installs Debian's ``postgresql``)."""
    bindir = binaries()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql; CI installs it)")
    server = PostgresServer(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return postgres.create_database()


@pytest.fixture
async def botapi() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def feeds() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    await server.start()
    yield server
    await server.stop()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def toml_dumps(config: dict[str, Any]) -> str:
    """Enough TOML for test configs: tables of scalars and an array of source tables."""
    lines: list[str] = []
    for section, values in config.items():
        if section == "sources":
            for source in values:
                lines.append("[[sources]]")
                lines += [f"{k} = {_toml_value(v)}" for k, v in source.items()]
        else:
            lines.append(f"[{section}]")
            lines += [f"{k} = {_toml_value(v)}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


ConfigWriter = Callable[..., Path]


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The store engine a test's bot runs on: "sqlite" unless the test module asks for both
    (``pytest.mark.parametrize("engine", ENGINES, indirect=True)``)."""
    return str(getattr(request, "param", "sqlite"))


ENGINES = ["sqlite", "postgres"]


@pytest.fixture
def write_config(
    tmp_path: Path, botapi: BotApiEmulator, engine: str, request: pytest.FixtureRequest
) -> ConfigWriter:
    """Write a config pointing at the emulator; keyword arguments override sections."""
    storage: dict[str, Any] = {"database": str(tmp_path / "livebot.sqlite3")}
    if engine == "postgres":
        storage["url"] = request.getfixturevalue("postgres_url")

    def write(sources: list[dict[str, Any]] | None = None, **sections: dict[str, Any]) -> Path:
        config: dict[str, Any] = {
            "telegram": {
                "token": TOKEN,
                "api_url": botapi.url,
                "admins": [4242],
                "poll_timeout": 1,
            },
            "storage": storage,
            # The feed servers are on 127.0.0.1, which the bot refuses unless told.
            "ingest": {"timeout": 3, "max_bytes": 2_000_000, "allow_private_addresses": True},
            # ... and for the links the tests' people bring (held apart: see attack run N3).
            "user_sources": {"allow_private_addresses": True},
            # Telegram's 1 s per private chat would make every test wait; the limiter has its own tests.
            "delivery": {"private_interval": 0.02},
        }
        for name, values in sections.items():
            config[name] = {**config.get(name, {}), **values}
        config["sources"] = sources or []
        path = tmp_path / "livebot.toml"
        path.write_text(toml_dumps(config), encoding="utf-8")
        path.chmod(0o600)  # it holds the token: private, as the bot asks operators
        return path

    return write


@dataclass
class RunningBot:
    """A real Application running in the test's event loop."""

    settings: Settings
    stop: asyncio.Event
    task: asyncio.Task[None]

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 15)


async def start_bot(config: Path, botapi: BotApiEmulator) -> RunningBot:
    """Run the bot from ``config`` until it has registered its commands and is polling."""
    settings = load_settings(config, environ={})
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop))
    polls_before = sum(1 for method, _ in botapi.calls if method == "getUpdates")

    def started() -> bool:
        if task.done():
            task.result()  # raises what made the bot fail to start
        polls = sum(1 for method, _ in botapi.calls if method == "getUpdates")
        return bool(botapi.commands) and polls > polls_before

    await botapi.wait_until(started, within=15, what="the bot to start polling")
    return RunningBot(settings, stop, task)


@pytest.fixture
async def livebot_factory(botapi: BotApiEmulator) -> AsyncIterator[Callable[[Path], Any]]:
    """Start bots from config files; all are stopped at teardown."""
    running: list[RunningBot] = []

    async def factory(config: Path) -> RunningBot:
        bot = await start_bot(config, botapi)
        running.append(bot)
        return bot

    yield factory
    for bot in running:
        if not bot.task.done():
            await bot.close()


def summary_of(entry: ParsedEntry) -> str:
    """The summary an entry is stored with (the lead is written when it is prepared)."""
    return prepare([entry], alert=False, language="english", tagger=None)[0].summary


@pytest.fixture
async def desk(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: ConfigWriter, livebot_factory: Any
) -> Any:
    """A running bot polling one newsroom feed ("Live desk") every second, its first fetch
    done; returns the newsroom to add stories to."""
    from tests.e2e.helpers import Newsroom

    room = Newsroom(feeds)
    await livebot_factory(write_config([{"name": "Live desk", "url": room.url, "interval": 1}]))
    await room.fetched(botapi)
    return room

"""The PostgreSQL engine of :class:`bot.store.db.Database` (asyncpg): for installations that
outgrow one process, where several Livebot processes share one database.

Inside a process it behaves as the SQLite engine does: one writer connection under the
store's lock (so a process's transactions never interleave) and a small pool of readers for
committed data. The store's SQL is written with ``?`` parameters; they become ``$1, $2…``
here. The schema comes from the same ordered list of migrations as SQLite's
(:data:`bot.store.migrations.MIGRATIONS`, from :data:`~bot.store.migrations.POSTGRES_FIRST`
on), counted in a ``schema_version`` table; a transaction-scoped advisory lock lets one
process migrate while others wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import asyncpg

from bot.dburl import without_password
from bot.models import Role
from bot.store import errors
from bot.store.db import Database, Dialect, Row, Transaction, Turn
from bot.store.migrations import MIGRATIONS, POSTGRES_FIRST

log = logging.getLogger(__name__)

_PARAMETER = re.compile(r"'[^']*'|\?")
_MIGRATION_LOCK = 0x4C697665  # "Live": the advisory lock held while migrating
INSTANCE_LOCK = 0x4C697666
"""The advisory lock (one bigint key) held by the one process running on a database (role
``all``), or shared by the processes of single roles."""
UPDATES_LOCK = 0x4C697667
"""The advisory lock held by the one process receiving Telegram's updates (role ``updates``)."""
NOTICES = "livebot"
"""The channel of :meth:`PostgresTransaction.notify` and :meth:`PostgresDatabase.listen`."""
_STANDBY_POLL = 0.5  # seconds between a standby's attempts to take over
_READERS = 4


@functools.lru_cache(maxsize=4096)
def placeholders(sql: str) -> str:
    """``?`` parameters as PostgreSQL's ``$1, $2…`` (a ``?`` inside a quoted literal stays).
    The store's statements are few and repeated: each is rewritten once."""
    number = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal number
        if match.group(0) != "?":
            return match.group(0)
        number += 1
        return f"${number}"

    return _PARAMETER.sub(replace, sql)


def _changed(status: str) -> int:
    """The row count of a command status ("UPDATE 3", "INSERT 0 1", "DELETE 0")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PostgresTransaction(Transaction):
    """A transaction on the writer connection."""

    dialect: Dialect = "postgres"

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with _translated():
            return _changed(await self._conn.execute(placeholders(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(row) for row in rows]
        if batch:
            with _translated():
                await self._conn.executemany(placeholders(sql), batch)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with _translated():
            return list(await self._conn.fetch(placeholders(sql), *params))

    async def notify(self, notice: str) -> None:
        with _translated():
            await self._conn.execute("SELECT pg_notify($1, $2)", NOTICES, notice)

    async def serialize(self, key: Turn) -> None:
        with _translated():
            await self._conn.execute("SELECT pg_advisory_xact_lock($1)", int(key))


class PostgresDatabase(Database):
    """An open PostgreSQL database: a locked writer and a pool of readers."""

    dialect: Dialect = "postgres"

    def __init__(self, url: str, writer: asyncpg.Connection, readers: asyncpg.Pool) -> None:
        super().__init__(without_password(url))
        self._url = url
        self._writer = writer
        self._readers = readers
        self._listener: asyncpg.Connection | None = None
        self._closing = False
        writer.add_termination_listener(self._ended)

    def _ended(self, _conn: object) -> None:
        if not self._closing:
            self.lost.set()

    @classmethod
    async def open(cls, url: str) -> PostgresDatabase:  # type: ignore[override]
        """Connect to the database at ``url`` and bring its schema up to date.

        Raises :class:`errors.StoreError` with one line naming the URL (without its
        password) when it cannot be reached or used."""
        writer: asyncpg.Connection | None = None
        try:
            writer = await asyncpg.connect(url, timeout=30)
            await _migrate(writer, without_password(url))
            readers = await asyncpg.create_pool(
                url, min_size=1, max_size=_READERS, timeout=30, reset=_as_they_are
            )
        except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
            if writer is not None:
                await writer.close()
            raise errors.StoreError(f"{without_password(url)}: {_reason(exc)}") from None
        return cls(url, writer, readers)

    async def hold(self, standby: asyncio.Event | None = None, role: Role = "all") -> bool:
        """Session advisory locks on the writer connection: PostgreSQL releases them when the
        connection ends, however the holding process ends (a killed process's connection
        closes with it), so a standby asking twice a second takes over within a second.
        Role ``all`` holds :data:`INSTANCE_LOCK` alone; processes of one role share it, and
        ``updates`` holds :data:`UPDATES_LOCK` alone."""
        if role != "all":
            if not await self._locked("pg_try_advisory_lock_shared", INSTANCE_LOCK):
                raise errors.InstanceLockedError(
                    f"{self.where}: a Livebot with every role (--role all) is running on this "
                    "database; stop it before starting processes of one role"
                )
            if role != "updates":
                return True
        key, what = (
            (INSTANCE_LOCK, "another Livebot is running on this database")
            if role == "all"
            else (UPDATES_LOCK, "another Livebot is receiving this bot's updates")
        )
        told = False
        while True:
            if await self._locked("pg_try_advisory_lock", key):
                if told:
                    log.warning("%s: the running Livebot is gone; taking over", self.where)
                return True
            if standby is None:
                raise errors.InstanceLockedError(
                    f"{self.where}: {what}; stop it first, give this one its own database, "
                    "or run it with --standby"
                )
            if not told:
                log.warning("%s: %s; standing by to take over when it stops", self.where, what)
                told = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(standby.wait(), _STANDBY_POLL)
            if standby.is_set():
                return False

    async def _locked(self, function: str, key: int) -> bool:
        rows = await self.execute_returning(f"SELECT {function}(?)", (key,))
        return bool(rows[0][0])

    async def listen(self, on_notice: Callable[[str], None]) -> None:
        with _translated():
            listener = await asyncpg.connect(self._url, timeout=30)
        listener.add_termination_listener(self._ended)
        own = self._writer.get_server_pid()  # this process's own notices: already applied

        def heard(_conn: object, sender: int, _channel: str, notice: object) -> None:
            if sender != own:
                on_notice(str(notice))

        await listener.add_listener(NOTICES, heard)
        self._listener = listener

    async def close(self) -> None:
        self._closing = True
        async with self._lock:
            if self._listener is not None:
                await self._listener.close()
            await self._readers.close()
            await self._writer.close()

    async def _begin(self) -> Transaction:
        with _translated():
            await self._writer.execute("BEGIN")
        return PostgresTransaction(self._writer)

    async def _commit(self) -> None:
        with _translated():
            await self._writer.execute("COMMIT")

    async def _settle(self) -> None:
        if not self._writer.is_closed() and self._writer.is_in_transaction():
            with _translated():
                await self._writer.execute("ROLLBACK")

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with _translated():
            async with self._readers.acquire() as conn:
                return list(await conn.fetch(placeholders(sql), *params))

    async def batches(
        self, sql: str, params: Sequence[Any] = (), size: int = 10_000
    ) -> AsyncIterator[list[Row]]:
        with _translated():
            async with self._readers.acquire() as conn, conn.transaction(readonly=True):
                cursor = await conn.cursor(placeholders(sql), *params)
                while rows := await cursor.fetch(size):
                    yield list(rows)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with _translated():
            async with self._lock:
                return _changed(await self._writer.execute(placeholders(sql), *params))

    async def execute_returning(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with _translated():
            async with self._lock:
                return list(await self._writer.fetch(placeholders(sql), *params))


async def _as_they_are(_conn: asyncpg.Connection) -> None:
    """A reader goes back to the pool as it is: it only ever reads (no locks, no LISTEN, no
    session settings, cursors inside transactions that end with them), so the pool's
    default reset (``pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL``) would be
    one more round trip per query for nothing."""


@contextmanager
def _translated() -> Iterator[None]:
    """asyncpg's errors as the store's (see :data:`bot.store.db.FAILURES`), the original
    kept as the cause."""
    try:
        yield
    except asyncpg.IntegrityConstraintViolationError as exc:
        raise errors.ServerConflictError(str(exc)) from exc
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise errors.ServerError(str(exc)) from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError | TimeoutError):
        return f"cannot connect ({exc.__class__.__name__}: {exc}); is PostgreSQL running there?"
    return f"{exc.__class__.__name__}: {exc}"


async def _migrate(conn: asyncpg.Connection, where: str) -> None:
    """Run the PostgreSQL steps the database has not seen, each in its own transaction, one
    migrating process at a time (the others wait on the advisory lock, then find it done)."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
        await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        version = await conn.fetchval("SELECT max(version) FROM schema_version") or 0
        if version > len(MIGRATIONS):
            raise errors.StoreError(
                f"{where}: the database has schema version {version}, newer than this Livebot "
                f"understands ({len(MIGRATIONS)}); run the newer Livebot that wrote it"
            )
        for number, step in enumerate(MIGRATIONS, start=1):
            if number <= version or number < POSTGRES_FIRST:
                continue
            assert step.postgres is not None, f"migration {number} has no PostgreSQL script"
            async with conn.transaction():  # a savepoint: each step is all or nothing
                await conn.execute(step.postgres)
                await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", number)

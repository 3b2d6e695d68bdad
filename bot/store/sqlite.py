"""The SQLite engine of :class:`bot.store.db.Database`: one file, WAL mode, a writer
connection and a reader connection (aiosqlite runs each on its own thread).

Migrations are append-only: each entry of ``MIGRATIONS`` runs once, in order, and the count
that ran is kept in ``PRAGMA user_version``. Order is important; never edit a shipped one.
SQLite lacks PostgreSQL's ``least()`` and ``greatest()``: both are registered here (with
PostgreSQL's meaning: NULLs are ignored), so the store's SQL is the same for both.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from bot.models import Role
from bot.store import errors
from bot.store.db import Database, Dialect, Row, Transaction, Turn
from bot.store.migrations import MIGRATIONS, statements

log = logging.getLogger(__name__)


class SqliteTransaction(Transaction):
    """A transaction on the writer connection."""

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cursor = await self._conn.execute(sql, params)
        return cursor.rowcount

    async def notify(self, notice: str) -> None:
        """One process per file: nobody else to tell."""

    async def serialize(self, key: Turn) -> None:
        """One process per file, whose transactions already take turns."""

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, params))


class SqliteDatabase(Database):
    """An open SQLite database with a locked writer and a free reader."""

    dialect: Dialect = "sqlite"

    def __init__(
        self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection
    ) -> None:
        super().__init__(str(path))
        self.path = path
        self._writer = writer
        self._reader = reader

    @classmethod
    async def open(cls, path: Path) -> SqliteDatabase:  # type: ignore[override]
        """Open (creating if needed) the database at ``path`` and bring its schema up to date.

        Raises :class:`errors.StoreError` with one line naming the path and the fix when the
        file cannot be used (a folder, not writable, not a database, a newer schema).
        """
        errors.check_path(path)
        writer: aiosqlite.Connection | None = None
        try:
            writer = await aiosqlite.connect(path, isolation_level=None)
            await writer.execute("PRAGMA journal_mode = WAL")
            await writer.execute("PRAGMA synchronous = NORMAL")
            await writer.execute("PRAGMA busy_timeout = 5000")
            await _functions(writer)
            await _migrate(writer, path)
            await writer.execute("PRAGMA foreign_keys = ON")
            reader = await aiosqlite.connect(path, isolation_level=None)
            await reader.execute("PRAGMA busy_timeout = 5000")
            await _functions(reader)
        except BaseException as exc:
            if writer is not None:
                await writer.close()  # its thread would keep the process alive
            if isinstance(exc, sqlite3.Error | OSError):
                raise errors.explain(path, exc) from None
            raise
        reader.row_factory = writer.row_factory = aiosqlite.Row
        return cls(path, writer, reader)

    async def close(self) -> None:
        """Close both connections, checkpointing the WAL."""
        async with self._lock:
            await self._reader.close()
            await self._writer.close()

    async def listen(self, on_notice: Callable[[str], None]) -> None:
        """One process per file: nobody else to hear."""

    async def hold(self, standby: asyncio.Event | None = None, role: Role = "all") -> bool:
        """Nothing more to take: a file is held by its lock file, which has to be taken
        before the file is opened (migrations must not run under another instance)."""
        return True

    async def _begin(self) -> Transaction:
        await self._writer.execute("BEGIN IMMEDIATE")
        return SqliteTransaction(self._writer)

    async def _commit(self) -> None:
        await self._writer.execute("COMMIT")

    async def _settle(self) -> None:
        await self._writer.execute("SELECT 1")  # the writer's thread runs statements in order
        if self._writer.in_transaction:
            await self._writer.execute("ROLLBACK")

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a read-only query, from committed data (one trip to the reader's thread)."""
        return list(await self._reader.execute_fetchall(sql, params))

    async def batches(
        self, sql: str, params: Sequence[Any] = (), size: int = 10_000
    ) -> AsyncIterator[list[Row]]:
        async with self._reader.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(size):
                yield list(rows)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement, atomic on its own (SQLite commits a statement outside a
        transaction by itself: one trip to the writer's thread); return the rows it changed."""
        async with self._lock:
            cursor = await self._writer.execute(sql, params)
            return cursor.rowcount

    async def execute_returning(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self._lock:
            return list(await self._writer.execute_fetchall(sql, params))


def _ignoring_nulls(pick: Callable[[list[Any]], Any]) -> Callable[..., Any]:
    """A SQL function with PostgreSQL's least()/greatest() meaning: ``pick`` among the
    arguments that are not NULL (NULL when all are)."""

    def function(*values: Any) -> Any:
        present = [v for v in values if v is not None]
        return pick(present) if present else None

    return function


async def _functions(conn: aiosqlite.Connection) -> None:
    await conn.create_function("least", -1, _ignoring_nulls(min), deterministic=True)
    await conn.create_function("greatest", -1, _ignoring_nulls(max), deterministic=True)


async def fresh_schema(path: Path, version: int) -> None:
    """Create a new database at ``path`` with the schema of ``version`` (what a backup of
    that version must hold, and nothing else: see :mod:`bot.store.backup`)."""
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await _functions(conn)
        await _migrate(conn, path, until=version)


async def _migrate(conn: aiosqlite.Connection, path: Path, until: int | None = None) -> None:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    version = int(row[0]) if row else 0
    if version > len(MIGRATIONS):
        raise errors.StoreError(
            f"{path}: the database has schema version {version}, newer than this Livebot "
            f"understands ({len(MIGRATIONS)}); run the newer Livebot that wrote it, or restore "
            "a backup"
        )
    # Rebuilding a table (the way SQLite changes a column) needs foreign keys off, and the
    # pragma has no effect inside a transaction; each migration checks them before COMMIT.
    await conn.execute("PRAGMA foreign_keys = OFF")
    for number, step in enumerate(MIGRATIONS[version:until], start=version + 1):
        migration = step.sqlite
        await conn.execute("BEGIN IMMEDIATE")
        try:
            if isinstance(migration, str):
                for statement in statements(migration):
                    await conn.execute(statement)
            else:
                await migration(conn)
            async with conn.execute("PRAGMA foreign_key_check") as cursor:
                broken = await cursor.fetchone()
            if broken is not None:
                raise sqlite3.IntegrityError(f"migration {number}: broken link {tuple(broken)}")
            await conn.execute(f"PRAGMA user_version = {number}")
            await conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        if version:
            log.info("database %s: schema upgraded to version %d", path, number)

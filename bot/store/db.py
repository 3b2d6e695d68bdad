"""The SQLite database: connections, WAL mode, migrations and write transactions.

There is one writer connection guarded by an asyncio lock and one reader connection. With a
single shared connection, two coroutines awaiting inside their own transactions would commit
each other's half-done work; the lock makes each ``transaction()`` block atomic. WAL lets the
reader see committed data while a write is in progress.

In-memory state (the story index, the subscription indexes) follows the database and never
leads it: a transaction registers such changes with :meth:`Database.after_commit`, and they
run after COMMIT, still under the writer lock, so no other transaction can see the database
and the memory disagree. A rolled-back transaction discards them.

Migrations are append-only: each entry of ``MIGRATIONS`` runs once, in order, and the count
that ran is kept in ``PRAGMA user_version``. Order is important; never edit a shipped one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store import errors
from bot.store.migrations import MIGRATIONS, statements

log = logging.getLogger(__name__)


Row = sqlite3.Row
"""A result row: by position or by column name."""


class Transaction:
    """A write transaction as the store's modules see it: statements with ``?`` parameters
    and rows back (actions to run after COMMIT go to :meth:`Database.after_commit`). It is
    what :meth:`Database.transaction` gives, and what the rest of the bot hands to the
    store's functions (never the driver's connection), so those functions do not depend on
    which engine runs them."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return how many rows it changed."""
        cursor = await self._conn.execute(sql, params)
        return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each of ``rows``."""
        await self._conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows of a query (or of a statement with RETURNING), as this transaction sees
        the data."""
        return list(await self._conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query (or of a statement with RETURNING), or None."""
        return next(iter(await self.fetchall(sql, params)), None)


class Database:
    """An open SQLite database with a locked writer and a free reader."""

    def __init__(
        self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection
    ) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._lock = asyncio.Lock()
        self._bulk = asyncio.Lock()
        self._on_commit: list[Callable[[], None]] | None = None

    @classmethod
    async def open(cls, path: Path) -> Database:
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
            await _migrate(writer, path)
            await writer.execute("PRAGMA foreign_keys = ON")
            reader = await aiosqlite.connect(path, isolation_level=None)
            await reader.execute("PRAGMA busy_timeout = 5000")
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

    @asynccontextmanager
    async def transaction(self, *, bulk: bool = False) -> AsyncIterator[Transaction]:
        """Run a block as one write transaction: all of it is committed, or none of it.

        ``bulk`` transactions (ingest, pruning) queue for the writer one at a time, so a
        person's small write waits at most for the one running and one bulk transaction,
        however many sources finished at once.

        Actions registered with :meth:`after_commit` inside the block run after COMMIT.
        A task cancelled mid-transaction (at shutdown) leaves the connection clean: a COMMIT
        under way is awaited to its end (and its actions run); otherwise the statements
        already handed to the writer's thread finish and the transaction is rolled back.
        """
        async with contextlib.AsyncExitStack() as gates:
            if bulk:  # one bulk writer queues at the writer at a time: others never wait long
                await gates.enter_async_context(self._bulk)
            await gates.enter_async_context(self._lock)
            actions: list[Callable[[], None]] = []
            self._on_commit = actions
            try:
                try:
                    await self._writer.execute("BEGIN IMMEDIATE")
                    yield Transaction(self._writer)
                    cancelled = await _complete(self._writer.execute("COMMIT"))
                except BaseException:
                    await _complete(self._settle())
                    raise
                for action in actions:
                    action()
                if cancelled:  # the COMMIT went through; now the cancellation is delivered
                    raise asyncio.CancelledError
            finally:
                self._on_commit = None

    async def _settle(self) -> None:
        """After an exception: let statements already queued finish (the writer's thread
        runs them in order), then roll back the transaction if it is still open."""
        await self._writer.execute("SELECT 1")
        if self._writer.in_transaction:
            await self._writer.execute("ROLLBACK")

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the current transaction commits (never if it rolls back)."""
        if self._on_commit is None:
            raise RuntimeError("after_commit() outside a transaction")
        self._on_commit.append(action)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a read-only query, from committed data (one trip to the reader's thread)."""
        return list(await self._reader.execute_fetchall(sql, params))

    async def batches(
        self, sql: str, params: Sequence[Any] = (), size: int = 10_000
    ) -> AsyncIterator[list[Row]]:
        """The rows of a large read-only query, ``size`` at a time (start-up loads hundreds
        of thousands of subscriptions without holding them all at once)."""
        async with self._reader.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(size):
                yield list(rows)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a read-only query, or None."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement, atomic on its own (SQLite commits a statement outside a
        transaction by itself: one trip to the writer's thread); return the rows it changed."""
        async with self._lock:
            cursor = await self._writer.execute(sql, params)
            return cursor.rowcount

    async def execute_returning(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one write statement with a RETURNING clause, atomic on its own; its rows."""
        async with self._lock:
            return list(await self._writer.execute_fetchall(sql, params))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one write statement for many rows in a single transaction."""
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)


async def _complete(step: Awaitable[object]) -> bool:
    """Await ``step`` to its end even if the waiting task is cancelled meanwhile; return
    whether it was (the caller delivers the cancellation once it is safe). An exception of
    ``step`` itself propagates."""
    task = asyncio.ensure_future(step)
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            cancelled = True
    task.result()
    return cancelled


async def _migrate(conn: aiosqlite.Connection, path: Path) -> None:
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
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
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

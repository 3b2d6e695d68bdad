"""The database as the rest of the bot sees it: :class:`Database` (queries, one-statement
writes, write transactions, actions after COMMIT) and :class:`Transaction`, with two engines
behind them: SQLite (:mod:`bot.store.sqlite`, the embedded default) and PostgreSQL
(:mod:`bot.store.postgres`, shared by several processes). SQL is written once, with ``?``
parameters, in the subset both engines share; the few statements that differ ask
:attr:`Database.dialect`.

Each engine has one writer connection guarded by an asyncio lock and separate readers. With a
single shared connection, two coroutines awaiting inside their own transactions would commit
each other's half-done work; the lock makes each ``transaction()`` block atomic, and readers
see committed data while a write is in progress.

In-memory state (the story index, the subscription indexes) follows the database and never
leads it: a transaction registers such changes with :meth:`Database.after_commit`, and they
run after COMMIT, still under the writer lock, so no other transaction can see the database
and the memory disagree. A rolled-back transaction discards them.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from enum import IntEnum
from pathlib import Path
from typing import Any, Literal, Protocol, overload

from bot.dburl import location_of
from bot.models import Role
from bot.store import errors

Dialect = Literal["sqlite", "postgres"]


class Turn(IntEnum):
    """Work processes sharing a database do one at a time (:meth:`Transaction.serialize`);
    the values are PostgreSQL advisory lock keys, apart from the ones
    :mod:`bot.store.postgres` holds for a whole session ("Liv" and a letter)."""

    STORING = 0x4C697668
    """Ingest storing new entries and assigning their stories."""
    REKEYING = 0x4C697669
    """Start-up giving topics the keys today's reading makes."""
    FOLLOWING = 0x4C69766A
    """Adding a link people follow, counted against the caps of ``user_sources``."""


FAILURES: tuple[type[Exception], ...] = (sqlite3.Error, errors.ServerError, OSError)
"""What a statement may raise on either engine when the database cannot take it (a lost
connection, a full disk, a constraint): callers log it and carry on."""
CONFLICTS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, errors.ServerConflictError)
"""A constraint a statement broke (a duplicate key, a missing row it refers to)."""


class Row(Protocol):
    """A result row: by position or by column name."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Any]: ...


class Transaction(ABC):
    """A write transaction as the store's modules see it: statements with ``?`` parameters
    and rows back (actions to run after COMMIT go to :meth:`Database.after_commit`). It is
    what :meth:`Database.transaction` gives, and what the rest of the bot hands to the
    store's functions (never the driver's connection), so those functions do not depend on
    which engine runs them."""

    dialect: Dialect

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return how many rows it changed."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each of ``rows``."""

    @abstractmethod
    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows of a query (or of a statement with RETURNING), as this transaction sees
        the data."""

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query (or of a statement with RETURNING), or None."""
        return next(iter(await self.fetchall(sql, params)), None)

    @abstractmethod
    async def serialize(self, key: Turn) -> None:
        """Wait until no other process's transaction holds ``key``, and hold it until this
        one ends (for work several processes must do one at a time); nothing to wait for
        when one process has the database to itself (SQLite)."""

    @abstractmethod
    async def notify(self, notice: str) -> None:
        """Tell the other processes on the database ``notice`` once this transaction
        commits (see :meth:`Database.listen`); nothing to do when one process has the
        database to itself (SQLite)."""


class Database(ABC):
    """An open database: a locked writer, free readers, and actions after COMMIT."""

    dialect: Dialect

    def __init__(self, where: str) -> None:
        self.where = where
        """Where the data is, for messages (a file path, or a URL without its password)."""
        self._lock = asyncio.Lock()
        self._bulk = asyncio.Lock()
        self._on_commit: list[Callable[[], None]] | None = None
        self.lost = asyncio.Event()
        """Set when the connection that holds the database (see :meth:`hold`) is gone, as
        when a PostgreSQL server restarts: the process must stop, since another one may
        have taken over meanwhile. A SQLite file is never lost this way."""

    @staticmethod
    async def open(location: Path | str) -> Database:
        """Open the database at ``location`` (a SQLite file path, or a store URL: see
        :func:`location_of`), creating its schema or bringing it up to date.

        Raises :class:`bot.store.errors.StoreError` with one line naming the place and the
        fix when it cannot be used."""
        where = location_of(location) if isinstance(location, str) else location
        if isinstance(where, str):
            from bot.store.postgres import PostgresDatabase

            return await PostgresDatabase.open(where)
        from bot.store.sqlite import SqliteDatabase

        return await SqliteDatabase.open(where)

    @overload
    @staticmethod
    async def take(location: Path | str, standby: None = None, role: Role = "all") -> Database: ...

    @overload
    @staticmethod
    async def take(
        location: Path | str, standby: asyncio.Event, role: Role = "all"
    ) -> Database | None: ...

    @staticmethod
    async def take(
        location: Path | str, standby: asyncio.Event | None = None, role: Role = "all"
    ) -> Database | None:
        """:meth:`open` the database and :meth:`hold` it, closing it again when that fails;
        None when ``standby`` is set before the database could be held."""
        db = await Database.open(location)
        try:
            held = await db.hold(standby, role)
        except BaseException:
            await db.close()
            raise
        if not held:
            await db.close()
            return None
        return db

    @abstractmethod
    async def close(self) -> None:
        """Close the connections."""

    @abstractmethod
    async def listen(self, on_notice: Callable[[str], None]) -> None:
        """Hear the notices other processes' transactions send (:meth:`Transaction.notify`),
        in the order they committed, from now on. Without a connection to hear them the
        process cannot stay in step with the others, so losing it sets :attr:`lost`.
        SQLite has one process per database: nothing to hear."""

    @abstractmethod
    async def hold(self, standby: asyncio.Event | None = None, role: Role = "all") -> bool:
        """Make this the only Livebot process running on the database (``role`` all), or
        the only one receiving updates (``updates``), for as long as it is open; processes
        of one role never share a database with one of role ``all``. When another one holds
        it: without ``standby``, raise :class:`bot.store.errors.InstanceLockedError`; with
        it, wait to take over once that one is gone (True), or until ``standby`` is set
        (False: the wait was called off). A SQLite file is held by a lock file instead,
        taken before it is opened (:class:`bot.store.lock.InstanceLock`), and has one
        process with every role."""

    @abstractmethod
    async def _begin(self) -> Transaction:
        """Start a transaction on the writer."""

    @abstractmethod
    async def _commit(self) -> None:
        """Commit the writer's transaction."""

    @abstractmethod
    async def _settle(self) -> None:
        """After an exception inside a transaction: let statements already handed to the
        writer finish, then roll back if the transaction is still open."""

    @asynccontextmanager
    async def transaction(self, *, bulk: bool = False) -> AsyncIterator[Transaction]:
        """Run a block as one write transaction: all of it is committed, or none of it.

        ``bulk`` transactions (ingest, pruning) queue for the writer one at a time, so a
        person's small write waits at most for the one running and one bulk transaction,
        however many sources finished at once.

        Actions registered with :meth:`after_commit` inside the block run after COMMIT.
        A task cancelled mid-transaction (at shutdown) leaves the connection clean: a COMMIT
        under way is awaited to its end (and its actions run); otherwise the statements
        already handed to the writer finish and the transaction is rolled back.
        """
        async with contextlib.AsyncExitStack() as gates:
            if bulk:  # one bulk writer queues at the writer at a time: others never wait long
                await gates.enter_async_context(self._bulk)
            await gates.enter_async_context(self._lock)
            actions: list[Callable[[], None]] = []
            self._on_commit = actions
            try:
                try:
                    yield await self._begin()
                    cancelled = await _complete(self._commit())
                except BaseException:
                    await _complete(self._settle())
                    raise
                for action in actions:
                    action()
                if cancelled:  # the COMMIT went through; now the cancellation is delivered
                    raise asyncio.CancelledError
            finally:
                self._on_commit = None

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the current transaction commits (never if it rolls back)."""
        if self._on_commit is None:
            raise RuntimeError("after_commit() outside a transaction")
        self._on_commit.append(action)

    @abstractmethod
    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a read-only query, from committed data."""

    @abstractmethod
    def batches(
        self, sql: str, params: Sequence[Any] = (), size: int = 10_000
    ) -> AsyncIterator[list[Row]]:
        """The rows of a large read-only query, ``size`` at a time (start-up loads hundreds
        of thousands of subscriptions without holding them all at once)."""

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a read-only query, or None."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement, atomic on its own; return the rows it changed."""

    @abstractmethod
    async def execute_returning(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one write statement with a RETURNING clause, atomic on its own; its rows."""

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

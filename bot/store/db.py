"""The SQLite database: connections, WAL mode, migrations and write transactions.

There is one writer connection guarded by an asyncio lock and one reader connection. With a
single shared connection, two coroutines awaiting inside their own transactions would commit
each other's half-done work; the lock makes each ``transaction()`` block atomic. WAL lets the
reader see committed data while a write is in progress.

Migrations are append-only: each entry of ``MIGRATIONS`` runs once, in order, and the count
that ran is kept in ``PRAGMA user_version``. Order is important; never edit a shipped one.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        url TEXT NOT NULL UNIQUE,
        enabled INTEGER NOT NULL DEFAULT 1,
        etag TEXT,
        last_modified TEXT,
        primed INTEGER NOT NULL DEFAULT 0,
        last_success_at REAL,
        last_error TEXT,
        last_error_at REAL,
        failures INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        guid TEXT NOT NULL,
        title TEXT NOT NULL,
        link TEXT NOT NULL,
        published_at REAL,
        ingested_at REAL NOT NULL,
        summary TEXT NOT NULL,
        UNIQUE (source_id, guid)
    );
    CREATE VIRTUAL TABLE entries_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
    CREATE TABLE chats (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT,
        created_at REAL NOT NULL
    );
    CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats(id) ON UPDATE CASCADE,
        query TEXT NOT NULL,
        key TEXT NOT NULL,
        after_entry_id INTEGER NOT NULL,
        created_at REAL NOT NULL,
        UNIQUE (chat_id, key)
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        reasons TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        uncertain INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        sent_at REAL,
        message_id INTEGER,
        error TEXT,
        UNIQUE (chat_id, entry_id)
    );
    CREATE INDEX outbox_open ON outbox (state, not_before) WHERE state IN ('pending', 'inflight');
    CREATE INDEX entries_source ON entries (source_id);
    """,
    """
    ALTER TABLE subscriptions ADD COLUMN place TEXT;
    ALTER TABLE subscriptions ADD COLUMN radius_km REAL NOT NULL DEFAULT 0;
    ALTER TABLE entries ADD COLUMN places TEXT NOT NULL DEFAULT '';
    """,
    """
    ALTER TABLE sources ADD COLUMN feed_url TEXT;
    ALTER TABLE sources ADD COLUMN fingerprint BLOB;
    ALTER TABLE entries ADD COLUMN cluster_id INTEGER;
    ALTER TABLE entries ADD COLUMN minhash BLOB;
    ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'alert';
    CREATE INDEX entries_cluster ON entries (cluster_id);
    """,
)


class Database:
    """An open SQLite database with a locked writer and a free reader."""

    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self._writer = writer
        self._reader = reader
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = await aiosqlite.connect(path, isolation_level=None)
        try:
            await writer.execute("PRAGMA journal_mode = WAL")
            await writer.execute("PRAGMA synchronous = NORMAL")
            await writer.execute("PRAGMA foreign_keys = ON")
            await writer.execute("PRAGMA busy_timeout = 5000")
            await _migrate(writer)
            reader = await aiosqlite.connect(path, isolation_level=None)
        except (sqlite3.Error, OSError):
            await writer.close()
            raise
        await reader.execute("PRAGMA busy_timeout = 5000")
        reader.row_factory = writer.row_factory = aiosqlite.Row
        return cls(writer, reader)

    async def close(self) -> None:
        """Close both connections, checkpointing the WAL."""
        async with self._lock:
            await self._reader.close()
            await self._writer.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run a block as one write transaction: all of it is committed, or none of it."""
        async with self._lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            await self._writer.execute("COMMIT")

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows of a read-only query, from committed data."""
        async with self._reader.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        """The first row of a read-only query, or None."""
        async with self._reader.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement in its own transaction; return the rows it changed."""
        async with self.transaction() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one write statement for many rows in a single transaction."""
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)


async def _migrate(conn: aiosqlite.Connection) -> None:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    version = int(row[0]) if row else 0
    if version > len(MIGRATIONS):
        raise sqlite3.DatabaseError(
            f"database schema version {version} is newer than this Livebot ({len(MIGRATIONS)})"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        await conn.executescript(
            f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
        )

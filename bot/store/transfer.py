"""Moving an installation from one store to another (``livebot migrate --from … --to …``):
typically a SQLite file to a PostgreSQL database when one process is no longer enough.

Every table is copied as it is, ids included (alerts, deliveries and subscriptions keep
pointing at the same rows), parents before children, in batches, all in one transaction of
the target, so a migration that fails leaves the target as empty as it found it and can be
run again; the counters that give new ids continue after the highest copied (and entry ids
after the newest ever given, as in the source, so pruned ids stay unused). Text is copied
without NUL characters, which SQLite keeps and PostgreSQL refuses (a person could plant one
in a topic before topics were cleaned: attack run N6). The source must be at the current
schema and no bot may run on either side; the target must be empty. At the end each table's
rows are counted on both sides.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from bot.dburl import POSTGRES_URL, SQLITE_URL, location_of, without_password
from bot.store.db import FAILURES, Database, Row, Transaction
from bot.store.entries import NEWEST_ENTRY
from bot.store.errors import StoreError
from bot.store.lock import InstanceLock

NOT_COPIED = frozenset({"owner"})
"""Columns left behind: the claims of processes on the old store (``chats.owner``,
``sources.owner``), void on the new one; the ``workers`` table is not copied either."""

TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("id", "name", "url", "enabled", "etag", "last_modified", "primed",
                 "last_success_at", "last_error", "last_error_at", "failures", "feed_url",
                 "fingerprint", "kind", "detected", "next_check_at", "origin", "paused",
                 "removed", "interval", "failing_since", "dead_told", "last_error_code")),
    ("chats", ("id", "kind", "title", "active", "inactive_reason", "created_at", "due_at")),
    ("chat_settings", ("chat_id", "language", "time_zone", "quiet_start", "quiet_end", "mode",
                       "manages", "manages_label")),
    ("subscriptions", ("id", "chat_id", "query", "key", "after_entry_id", "created_at",
                       "place", "radius_km", "muted_until", "mode", "digest_at", "thread_id",
                       "source_id", "filter")),
    ("entries", ("id", "source_id", "guid", "title", "link", "published_at", "ingested_at",
                 "summary", "places", "cluster_id", "minhash", "language")),
    ("entries_fts", ("rowid", "terms")),
    ("tombstones", ("source_id", "guid_hash", "seen_at")),
    ("outbox", ("id", "chat_id", "entry_id", "story_id", "kind", "reasons", "state",
                "attempts", "uncertain", "created_at", "error", "hold_until")),
    ("deliveries", ("id", "chat_id", "entry_id", "story_id", "kind", "outcome", "message_id",
                    "reasons", "uncertain", "at", "error")),
    ("facts", ("name", "value")),
)  # fmt: skip
"""Every table, parents first, with every column (a test checks none is missing)."""
_IDENTITIES = ("sources", "subscriptions", "outbox", "deliveries")
_BATCH = 5_000


@dataclass(frozen=True, slots=True)
class Moved:
    """What a migration copied: rows per table."""

    rows: dict[str, int]

    def __str__(self) -> str:
        return ", ".join(f"{count:,} {table}" for table, count in self.rows.items())


def migrate(source: str, target: str) -> Moved:
    """Copy the store at ``source`` into the empty store at ``target`` (each a
    ``sqlite:///path`` or ``postgresql://`` URL, or a file path), while no bot runs on
    either; raises StoreError (one line) when either cannot be used."""
    for url in (source, target):
        if not url.strip() or url.strip() == SQLITE_URL:
            raise StoreError("a store is missing; give sqlite:///path or postgresql://…")
        if "://" in url and not url.startswith((SQLITE_URL, *POSTGRES_URL)):
            raise StoreError(f"{url}: not a store; give sqlite:///path or postgresql://…")
    origin, destination = location_of(source), location_of(target)
    if origin == destination:
        raise StoreError(f"{without_password(target)}: the same store as --from; give a new one")
    if isinstance(origin, Path) and not origin.exists():
        hint = ""
        if source.startswith(SQLITE_URL) and not origin.is_absolute():
            hint = f" (a path after sqlite:/// is relative; an absolute one is sqlite:////{origin})"
        raise StoreError(f"{origin}: no such database to migrate from{hint}")
    locks = [InstanceLock.acquire(p) for p in (origin, destination) if isinstance(p, Path)]
    try:
        return asyncio.run(_copy(origin, destination))
    finally:
        for lock in locks:
            lock.release()


async def _copy(source: Path | str, target: Path | str) -> Moved:
    old = await Database.take(source)
    try:
        new = await Database.take(target)
        try:
            return await _tables(old, new)
        finally:
            await new.close()
    finally:
        await old.close()


async def _tables(old: Database, new: Database) -> Moved:
    for table, _ in TABLES:
        row = await new.fetchone(f"SELECT count(*) FROM {table}")
        if row is not None and row[0]:
            raise StoreError(
                f"{new.where}: not empty ({table} has rows); migrate into a new, empty database"
            )
    rows: dict[str, int] = {}
    try:
        async with new.transaction(bulk=True) as conn:
            for table, columns in TABLES:
                listed = ", ".join(columns)
                insert = f"INSERT INTO {table} ({listed}) VALUES ({', '.join('?' * len(columns))})"
                copied = 0
                async for batch in old.batches(f"SELECT {listed} FROM {table}", size=_BATCH):
                    await conn.executemany(insert, [_clean(row) for row in batch])
                    copied += len(batch)
                rows[table] = copied
            await _counters(old, new, conn)
            for table, copied in rows.items():
                there = await conn.fetchone(f"SELECT count(*) FROM {table}")
                if there is None or there[0] != copied:
                    raise StoreError(f"{new.where}: {table}: {copied} rows copied, {there} arrived")
    except FAILURES as exc:
        raise StoreError(
            f"{new.where}: the copy failed and nothing was kept ({exc}); fix that and run "
            "the migration again"
        ) from None
    return Moved(rows)


def _clean(row: Row) -> tuple[object, ...]:
    """A row's values, text without NUL characters."""
    return tuple(v.replace("\x00", "") if isinstance(v, str) else v for v in row)


async def _counters(old: Database, new: Database, conn: Transaction) -> None:
    """New ids continue after the copied ones on the target (inside the copy's
    transaction)."""
    newest = await old.fetchone(f"SELECT {NEWEST_ENTRY[old.dialect]}")
    highest = {}
    for table in _IDENTITIES:
        row = await conn.fetchone(f"SELECT coalesce(max(id), 0) FROM {table}")
        if row is not None:
            highest[table] = int(row[0])
    if new.dialect == "postgres":
        await conn.execute("SELECT setval('entries_ids', ?, ?)", _setval(newest))
        for table, value in highest.items():
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ?, ?)",
                (max(value, 1), value > 0),
            )
    elif newest is not None and newest[0]:
        await conn.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'entries', ? WHERE NOT EXISTS "
            "(SELECT 1 FROM sqlite_sequence WHERE name = 'entries')",
            (int(newest[0]),),
        )
        await conn.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'entries'",
            (int(newest[0]),),
        )


def _setval(newest: Row | None) -> tuple[int, bool]:
    """PostgreSQL's setval arguments for "the newest id given was ``newest``" (none: the
    next is 1)."""
    value = int(str(newest[0])) if newest is not None and newest[0] else 0
    return max(value, 1), value > 0

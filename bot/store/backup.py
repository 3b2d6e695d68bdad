"""``livebot backup`` and ``livebot restore``: a consistent copy of the database while the
bot runs, and putting one back while it does not.

A backup uses SQLite's online backup API: it reads one snapshot (WAL lets the bot keep
writing meanwhile), into a temporary file beside the target that is renamed into place only
once complete, so a backup interrupted half-way never looks like a good one. A restore
checks that the file is a Livebot database this version can open, with exactly the tables,
indexes and triggers its schema version has (a trigger added to a backup would run inside
the bot: attack run N14), refuses while a bot holds the database (its instance lock), and
replaces the database and its WAL files together. Both write files only their owner may read
(0600), as the bot creates its database: they hold who follows what.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bot.store.errors import StoreError
from bot.store.lock import InstanceLock
from bot.store.migrations import MIGRATIONS


@dataclass(frozen=True, slots=True)
class Summary:
    """What a database file holds, for the line the commands print."""

    schema: int
    entries: int
    subscriptions: int
    queued: int
    size: int

    def __str__(self) -> str:
        return (
            f"schema {self.schema}, {self.entries:,} entries, {self.subscriptions:,} "
            f"subscriptions, {self.queued:,} queued alerts, {self.size / 2**20:.1f} MiB"
        )


def summarize(path: Path) -> Summary:
    """Check that ``path`` is a sound Livebot database this version can open; raise
    StoreError naming the problem otherwise."""
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StoreError(f"{path}: the database is damaged (PRAGMA quick_check)")
            if not 1 <= schema <= len(MIGRATIONS):
                raise StoreError(
                    f"{path}: not a Livebot database this version can open (schema {schema})"
                )
            counts = [
                int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("entries", "subscriptions", "outbox")
            ]
            foreign = sorted(_objects(conn) - expected_objects(schema))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a SQLite database ({exc})") from None
    if foreign:
        kind, name = foreign[0]
        raise StoreError(
            f"{path}: holds a {kind} {name!r} that no Livebot schema has ({len(foreign)} such "
            "objects); restore a backup Livebot made"
        )
    return Summary(schema, counts[0], counts[1], counts[2], path.stat().st_size)


def _objects(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """The schema's tables, indexes, triggers and views, by (type, name)."""
    rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {(str(kind), str(name)) for kind, name in rows}


def expected_objects(version: int) -> set[tuple[str, str]]:
    """What a Livebot database of schema ``version`` holds, built afresh to compare."""
    from bot.store.sqlite import fresh_schema  # the engine: only when restoring

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fresh.sqlite3"
        asyncio.run(fresh_schema(path, version))
        with closing(sqlite3.connect(path)) as conn:
            return _objects(conn)


def _private(path: Path) -> None:
    """Create ``path`` empty, readable and writable by its owner only."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    path.chmod(0o600)


def backup(database: Path, target: Path) -> Summary:
    """Copy the live database to ``target`` (consistent, while the bot runs)."""
    if not database.is_file():
        raise StoreError(f"{database}: no database to back up (storage.database)")
    partial = target.with_name(f".{target.name}.partial")
    try:
        _private(partial)
        with (
            closing(sqlite3.connect(database)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.execute("PRAGMA busy_timeout = 10000")
            source.backup(copy)  # one step: one snapshot of the whole file
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"{target}: backup failed: {exc}") from None
    return summarize(target)


def restore(source: Path, database: Path) -> Summary:
    """Replace the database with ``source`` (a backup); refused while a bot runs on it."""
    summary = summarize(source)
    lock = InstanceLock.acquire(database)  # raises, naming the running bot's pid
    try:
        partial = database.with_name(f".{database.name}.restoring")
        _private(partial)
        shutil.copyfile(source, partial)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        partial.replace(database)
    except OSError as exc:
        raise StoreError(f"{database}: restore failed: {exc}") from None
    finally:
        lock.release()
    return summary

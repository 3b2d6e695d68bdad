"""``livebot backup`` and ``livebot restore``: a consistent copy of the database while the
bot runs, and putting one back while it does not.

A backup uses SQLite's online backup API: it reads one snapshot (WAL lets the bot keep
writing meanwhile), into a temporary file beside the target that is renamed into place only
once complete, so a backup interrupted half-way never looks like a good one. A restore
checks that the file is a Livebot database this version can open, refuses while a bot holds
the database (its instance lock), and replaces the database and its WAL files together.
"""

from __future__ import annotations

import shutil
import sqlite3
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
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a SQLite database ({exc})") from None
    return Summary(schema, counts[0], counts[1], counts[2], path.stat().st_size)


def backup(database: Path, target: Path) -> Summary:
    """Copy the live database to ``target`` (consistent, while the bot runs)."""
    if not database.is_file():
        raise StoreError(f"{database}: no database to back up (storage.database)")
    partial = target.with_name(f".{target.name}.partial")
    try:
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
        shutil.copyfile(source, partial)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        partial.replace(database)
    except OSError as exc:
        raise StoreError(f"{database}: restore failed: {exc}") from None
    finally:
        lock.release()
    return summary

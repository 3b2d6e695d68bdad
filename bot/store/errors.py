"""Start-up problems with the database file, phrased as one line naming the path and the fix.

Hierarchy::

    StoreError          the database cannot be used; the CLI prints it and exits 2
    ├── InstanceLockedError  another Livebot process holds the database
    └── ConnectionLostError  the connection holding it broke; the bot stopped (exit 1)
    ServerError         PostgreSQL refused a statement or the connection broke (its own
    └── ServerConflictError  error, kept as the cause); a constraint it broke
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The database cannot be opened or used; the message is one line for the operator."""


class InstanceLockedError(StoreError):
    """Another Livebot process runs on the same database."""


class ConnectionLostError(StoreError):
    """The connection holding the database broke while the bot ran: it stopped, so that it
    never runs beside a standby that may have taken over."""


class ServerError(Exception):
    """PostgreSQL refused a statement or the connection to it broke (asyncpg's error is the
    cause): what sqlite3.Error is to the SQLite engine, without importing asyncpg where
    PostgreSQL is not used."""


class ServerConflictError(ServerError):
    """A statement broke a constraint on PostgreSQL (a duplicate key, a missing row)."""


def _user() -> str:
    return f"user {os.getuid()}" if hasattr(os, "getuid") else "this user"


def check_path(path: Path) -> None:
    """Fail early, with the fix, on paths SQLite would reject with a vague message."""
    if path.is_dir():
        raise StoreError(
            f"{path}: is a folder, not a database file; set storage.database to a file path "
            f"such as {path / 'livebot.sqlite3'}"
        )
    folder = path.parent
    blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise StoreError(
            f"{blocking}: is a file, so the database cannot be kept under it; set "
            "storage.database to a path in a folder"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"{folder}: cannot create the database folder ({exc.strerror}); create it, or set "
            "storage.database to a writable path"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"{folder}: the database folder is not writable by {_user()}; make it writable "
            "(e.g. mount a volume there) or set storage.database to a writable path"
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(
            f"{path}: the database file is not readable and writable by {_user()}; fix its "
            "owner or permissions"
        )


def explain(path: Path, exc: BaseException) -> StoreError:
    """One line for an error raised while opening or migrating the database."""
    if isinstance(exc, StoreError):
        return exc
    text = str(exc)
    if isinstance(exc, sqlite3.DatabaseError) and "file is not a database" in text:
        return StoreError(
            f"{path}: is not a SQLite database; point storage.database at Livebot's database "
            "or at a new file"
        )
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in text:
        return StoreError(f"{path}: the disk is full; free some space and start again")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(
            f"{path}: cannot open the database for writing ({text}); make the file and its "
            f"folder writable by {_user()}, or set storage.database to a writable path"
        )
    return StoreError(f"{path}: cannot open the database: {text}")

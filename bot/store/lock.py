"""One Livebot per database: an exclusive lock on a file beside it, held while it runs.

Two processes on one database would both poll and both send (each chat would get alerts
twice). ``flock`` is released by the kernel when the process ends, however it ends, so a
crash never leaves a stale lock behind; the file keeps the holder's pid for the message.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from bot.store.errors import InstanceLockedError, StoreError


def lock_path(database: Path) -> Path:
    """The lock file of a database."""
    return database.with_name(database.name + ".lock")


class InstanceLock:
    """The held lock; :meth:`release` (or the process ending) lets another instance start."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, database: Path) -> InstanceLock:
        """Take the lock, or raise InstanceLockedError naming the process that holds it."""
        path = lock_path(database)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot create the lock file ({exc.strerror}); make the database "
                "folder writable, or set storage.database to a writable path"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise InstanceLockedError(
                f"{database}: another Livebot (pid {holder}) is running on this database; "
                "stop it first, or give this one its own storage.database"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(fd)

    def release(self) -> None:
        """Let another instance start."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

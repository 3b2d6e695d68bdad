"""The running bot's health: a heartbeat file, and the stores that keep failing.

A store that fails (disk full, a constraint, any database error) is rolled back whole and
retried later, but an operator must hear of it even when the database itself cannot record
the failure. So failures are counted here, in memory, per writer (a source, or the push
path of a source), shown in ``/sources``, logged, and written into the heartbeat file that
``livebot health`` reads: the bot is unhealthy when its heartbeat is stale or when some
writer's last ``FAILING_WRITES`` stores all failed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.models import Role

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
FAILING_WRITES = 3


@dataclass(frozen=True, slots=True)
class WriteFailure:
    """A writer whose stores fail: how many in a row, the last error, and when."""

    count: int
    error: str
    at: float


class WriteHealth:
    """Consecutive failed stores per writer (a source name, or ``push:<source name>``).

    ``on_change`` runs when the set of failing writers changes, so the heartbeat file says
    so at once rather than at the next beat.
    """

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        self._failures: dict[str, WriteFailure] = {}
        self._on_change = on_change

    def succeeded(self, writer: str) -> None:
        """A store by ``writer`` committed."""
        previous = self._failures.pop(writer, None)
        if previous is not None and previous.count >= FAILING_WRITES and self._on_change:
            self._on_change()

    def failed(self, writer: str, error: str) -> int:
        """A store by ``writer`` was rolled back; return how many in a row."""
        previous = self._failures.get(writer)
        count = (previous.count if previous else 0) + 1
        self._failures[writer] = WriteFailure(count, error[:300], time.time())
        if count == FAILING_WRITES and self._on_change:
            self._on_change()
        return count

    def current(self) -> dict[str, WriteFailure]:
        """Every writer whose last store failed."""
        return dict(self._failures)

    def failing(self) -> dict[str, WriteFailure]:
        """Writers whose last ``FAILING_WRITES`` stores all failed."""
        return {w: f for w, f in self._failures.items() if f.count >= FAILING_WRITES}


def heartbeat_path(database: Path, role: Role = "all") -> Path:
    """The file the running bot rewrites; ``livebot health`` checks its age and content.
    Processes of single roles on one machine each have their own (``….deliver.heartbeat``)."""
    suffix = ".heartbeat" if role == "all" else f".{role}.heartbeat"
    return database.with_name(database.name + suffix)


def beat(
    database: Path, writes: WriteHealth, *, standing_by: bool = False, role: Role = "all"
) -> None:
    """Rewrite the heartbeat file, whole or not at all: it is written beside and renamed
    into place, because on a full disk a rewrite in place left an empty file with a fresh
    time, which read as healthy while every store failed (attack run N4); now the old file
    stays and goes stale. A standby waiting to take over beats too, and says so."""
    failing = {w: {"count": f.count, "error": f.error} for w, f in writes.failing().items()}
    state = {"at": time.time(), "failing_writes": failing, "standing_by": standing_by}
    path = heartbeat_path(database, role)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(json.dumps(state), encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        log.warning("cannot write the heartbeat file %s: %s", path, exc)
        partial.unlink(missing_ok=True)


def check(database: Path, now: float | None = None, role: Role = "all") -> tuple[bool, str]:
    """(healthy, one line saying why) from the heartbeat file of a running bot."""
    path = heartbeat_path(database, role)
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
        content = path.read_text(encoding="utf-8")
    except OSError:
        return False, f"unhealthy: no heartbeat at {path}"
    if age > 4 * HEARTBEAT_SECONDS:
        return False, f"unhealthy: last heartbeat {age:.0f} s ago"
    try:
        state = dict(json.loads(content))
        failing = dict(state.get("failing_writes", {}))
    except (ValueError, AttributeError, TypeError):
        return False, f"unhealthy: the heartbeat file {path} is unreadable"
    if state.get("standing_by"):
        return True, f"healthy: standing by to take over; last heartbeat {age:.0f} s ago"
    if failing:
        writer, failure = sorted(failing.items())[0]
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        return False, (
            f"unhealthy: the last {failure.get('count')} stores of {writer!r} failed: "
            f"{failure.get('error')}{more}"
        )
    return True, f"healthy: last heartbeat {age:.0f} s ago"

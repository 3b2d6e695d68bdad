"""What one Livebot process does when several share a PostgreSQL database, and its lease.

``all`` (the default) is the whole bot in one process. Split, the work has three roles:

* ``updates``: receives Telegram's updates and answers people (one holder at a time, by an
  advisory lock; a second ``updates`` process stands by and takes over when it dies), and
  prunes;
* ``ingest``: polls the sources and takes pushes, stores and matches entries, queues alerts
  (sources are claimed one fetch at a time, so several ingest processes share them);
* ``deliver``: sends the outbox (chats are claimed while a worker sends to them, so each
  chat's alerts keep their order).

Each process holds a :class:`Lease` (a row of :mod:`bot.store.workers` renewed every
second) that its claims depend on, and learns from it how many processes of each role are
alive, to take its :func:`share` of Telegram's rate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable

from bot.store import workers
from bot.store.db import FAILURES, Database, Role

log = logging.getLogger(__name__)

REPLY_SHARE = 0.1
"""The part of the bot's rate kept for the processes that answer people and send notices
(``updates``, ``ingest``) while ``deliver`` processes send alerts."""


def share(rate: float, role: Role, live: Counter[str]) -> float:
    """This process's part of the bot's rate, given the live processes by role (this one
    included): the parts of all processes never add up to more than ``rate``."""
    if role == "all":
        return rate
    others = live["updates"] + live["ingest"]
    delivering = live["deliver"]
    if role == "deliver":
        kept = rate * REPLY_SHARE if others else 0.0
        return (rate - kept) / max(1, delivering)
    return (rate * REPLY_SHARE if delivering else rate) / max(1, others)


class Lease:
    """This process's registration: renewed every :data:`~bot.store.workers.BEAT_SECONDS`;
    given back at a clean stop. ``on_live`` hears the live processes by role at each
    renewal."""

    def __init__(
        self, db: Database, role: Role, worker: int, on_live: Callable[[Counter[str]], None]
    ) -> None:
        self._db = db
        self.role = role
        self.worker = worker
        self._on_live = on_live
        self._task: asyncio.Task[None] | None = None
        self.live: Counter[str] = Counter()
        """The live processes by role at the last renewal, this one included."""

    @classmethod
    async def take(cls, db: Database, role: Role, on_live: Callable[[Counter[str]], None]) -> Lease:
        """Register this process and renew its lease in the background from now on. The
        one process of role ``all`` voids the claims of processes before it first (it runs
        alone: see :meth:`Database.hold`)."""
        if role == "all":
            await workers.reset(db)
        lease = cls(db, role, await workers.register(db, role), on_live)
        await lease.renew()
        lease._task = asyncio.create_task(lease._run(), name="lease")
        return lease

    async def renew(self) -> None:
        """Renew the lease now and tell ``on_live``."""
        self.live = await workers.beat(self._db, self.worker)
        self._on_live(self.live)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(workers.BEAT_SECONDS)
            try:
                await self.renew()
            except FAILURES as exc:  # claims lapse after LEASE_SECONDS: others take over
                log.warning("%s: cannot renew this process's lease: %s", self._db.where, exc)

    async def stop(self) -> None:
        """Stop renewing and give the lease and every claim back."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        try:
            await workers.leave(self._db, self.worker)
        except FAILURES as exc:
            log.warning("%s: cannot give this process's claims back: %s", self._db.where, exc)

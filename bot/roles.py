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
second) that its claims depend on. The row also carries what the process wants to send
(replies to people, alerts) and the part of Telegram's rate it uses, so the processes share
the rate by demand (:func:`share`): replies first, whatever role sends them, alerts with
what is left; a process that wants nothing keeps a small floor, a standby nothing. A
killed process's part returns when its lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Sequence

from bot.models import Role
from bot.store import workers
from bot.store.db import FAILURES, Database
from bot.telegram.limiter import FloodLimiter

log = logging.getLogger(__name__)

FLOOR = {"updates": 0.02}
"""The part of the bot's rate a live process keeps while it wants nothing (``updates``,
which answers people, 2 %, so a person's first reply goes at once whatever else is sent;
the others 0.5 %; at least 0.5 messages/s). A standby has no lease, so nothing."""
_FLOOR = 0.005
HEADROOM = 1.25
"""Replies are granted this much more than they asked for, so a growing burst is not held
to last second's rate."""
_LEAST = 0.5
_TRICKLE = 0.05
"""The part of a process the others leave nothing to, yet: one request in 20 s."""
_SOONEST = 0.2
"""The least time between two renewals (replies waiting ask for one early)."""


def targets(rate: float, peers: Sequence[workers.Peer]) -> dict[int, float]:
    """Each live process's part of the bot's ``rate``, by demand: its floor, then replies
    to people first (as much as they want, and a little more), then alerts share what is
    left in proportion to what each deliverer wants. What nobody wants stays free, for
    whoever asks next. The parts add up to ``rate`` at most."""
    if not peers:
        return {}
    floors = {peer.id: max(_LEAST, rate * FLOOR.get(peer.role, _FLOOR)) for peer in peers}
    scale = min(1.0, rate / sum(floors.values()))
    parts = {worker: floor * scale for worker, floor in floors.items()}
    left = rate - sum(parts.values())
    replies = {peer.id: peer.reply_demand * HEADROOM for peer in peers if peer.reply_demand}
    alerts = {peer.id: peer.alert_demand for peer in peers if peer.alert_demand}
    for wanted in (replies, alerts):  # replies first; alerts share what they leave
        total = sum(wanted.values())
        given = min(total, left)
        for worker, asked in wanted.items():
            parts[worker] += given * asked / total
        left -= given
    return parts


def share(rate: float, me: int, peers: Sequence[workers.Peer]) -> float:
    """This process's part of the bot's ``rate`` now: its target (:func:`targets`), but
    never more than the others leave, counting the parts they last said they use (one that
    lowers its part says so a renewal later, once its last window of sends has passed)."""
    mine = targets(rate, peers).get(me, rate)
    others = sum(peer.granted for peer in peers if peer.id != me)
    return max(_TRICKLE, min(mine, rate - others))


class Lease:
    """This process's registration: renewed every :data:`~bot.store.workers.BEAT_SECONDS`
    (sooner when replies start waiting for the budget), given back at a clean stop. Each
    renewal tells what ``limiter`` wants to send and sets its part of the bot's ``rate``."""

    def __init__(
        self, db: Database, role: Role, worker: int, limiter: FloodLimiter, rate: float
    ) -> None:
        self._db = db
        self.role = role
        self.worker = worker
        self._limiter = limiter
        self._rate = rate
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.live: Counter[str] = Counter()
        """The live processes by role at the last renewal, this one included."""

    @classmethod
    async def take(cls, db: Database, role: Role, limiter: FloodLimiter, rate: float) -> Lease:
        """Register this process and renew its lease in the background from now on. The
        one process of role ``all`` voids the claims of processes before it first (it runs
        alone: see :meth:`Database.hold`) and sends at the whole rate."""
        if role == "all":
            await workers.reset(db)
        if role != "all":  # nothing of the rate is ours until the others say what they use
            limiter.share(_TRICKLE)
        lease = cls(db, role, await workers.register(db, role), limiter, rate)
        await lease.renew()
        lease._task = asyncio.create_task(lease._run(), name="lease")
        return lease

    async def renew(self, *, urgent: bool = False) -> None:
        """Renew the lease now: say what this process wants and uses, take its part. A
        part lowered is said at once (another process may be waiting for it); a part
        raised is said at the next renewal."""
        using = self._limiter.rate()
        peers = await workers.beat(
            self._db, self.worker, self._limiter.demand(), using, urgent=urgent
        )
        self.live = workers.by_role(peers)
        if self.role == "all":
            return
        part = share(self._rate, self.worker, peers)
        self._limiter.share(part)
        if part < using:
            await workers.lowered(self._db, self.worker, part)

    def wake(self) -> None:
        """Another process's people wait for replies: renew now."""
        self._woken.set()

    async def _run(self) -> None:
        surged = self._limiter.surged
        while True:
            waits = [asyncio.ensure_future(e.wait()) for e in (surged, self._woken)]
            try:
                await asyncio.wait(
                    waits, timeout=workers.BEAT_SECONDS, return_when="FIRST_COMPLETED"
                )
            finally:
                for waiting in waits:
                    waiting.cancel()
            urgent = surged.is_set()
            if urgent:
                await asyncio.sleep(_SOONEST)  # a burst: let it show, then ask once
            surged.clear()
            self._woken.clear()
            try:
                await self.renew(urgent=urgent)
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

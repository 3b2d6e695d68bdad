"""Poll the sources on their schedule, through a bounded pool.

The schedule lives in the database (each source's ``next_check_at``, written with the
outcome of the fetch that decided it), so it survives restarts. This loop picks the due
sources, most overdue first, and runs at most ``ingest.concurrency`` fetches at once and at
most ``ingest.per_host`` to any one host, then sleeps until the next one is due or a fetch
finishes. A slow or broken source never delays another beyond its share of the pool, and an
unexpected error in one refresh cannot end that source's schedule.

When the database cannot record a source's next check (a full disk), the scheduler keeps a
"not before" time for it in memory, so it still waits its backoff instead of being polled
again at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from bot.config import IngestSettings, SourceSettings
from bot.ingest.refresh import Polled, Refresher, backoff
from bot.store import sources
from bot.store.db import FAILURES, Database
from bot.store.workers import LEASE_SECONDS

log = logging.getLogger(__name__)

_IDLE = 30.0
_LOOKAHEAD = 256  # due sources looked at beyond free slots, for hosts at their limit


class PollScheduler:
    """The loop that polls every configured source."""

    def __init__(
        self,
        db: Database,
        refresher: Refresher,
        polled: dict[int, SourceSettings],
        settings: IngestSettings,
        *,
        worker: int,
        alone: bool = True,
        lookup: Callable[[int], Awaitable[SourceSettings | None]] | None = None,
    ) -> None:
        self._db = db
        self._worker = worker
        self._alone = alone
        self._lookup = lookup
        self._refresher = refresher
        self._sources = polled
        self._settings = settings
        self._running: dict[int, asyncio.Task[None]] = {}
        self._hosts: Counter[str] = Counter()
        self._not_before: dict[int, float] = {}
        self._finished_meanwhile: set[int] | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.polls = 0

    def start(self) -> None:
        """Start polling."""
        self._task = asyncio.create_task(self._run(), name="poll-scheduler")

    async def stop(self) -> None:
        """Stop polling; fetches under way are cancelled (nothing half-stored: each store
        is one transaction)."""
        tasks = [*self._running.values(), *([self._task] if self._task else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def add(self, source_id: int, source: SourceSettings) -> None:
        """Poll one more source (one a person follows), from its next check on."""
        self._sources[source_id] = source
        self._wake.set()

    def remove(self, source_id: int) -> None:
        """Stop polling a source (nobody follows it any more)."""
        self._sources.pop(source_id, None)

    def _host(self, source: SourceSettings) -> str:
        return urlsplit(source.url or "").hostname or ""

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                wait = await self._dispatch()
            except Exception:
                log.exception("polling scheduler failed; retrying in 1 s")
                wait = 1.0
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()

    async def _dispatch(self) -> float:
        """Start the due sources there is room for; return how long to sleep at most."""
        now = time.time()
        for source_id in [s for s, at in self._not_before.items() if at <= now]:
            del self._not_before[source_id]
        free = self._settings.concurrency - len(self._running)
        # A fetch that ends while the query runs was due when the query read the schedule:
        # it must not start again on that stale answer.
        self._finished_meanwhile = finished_meanwhile = set[int]()
        try:
            due = await sources.due(
                self._db,
                self._worker,
                now=now,
                limit=free + len(self._running) + len(self._not_before) + _LOOKAHEAD,
            )
        finally:
            self._finished_meanwhile = None
        held = False
        for source_id in due:
            if source_id in self._running or source_id in finished_meanwhile:
                continue
            source = self._sources.get(source_id) or await self._learn(source_id)
            if source is None or self._not_before.get(source_id, 0.0) > now:
                continue
            if free <= 0 or self._hosts[self._host(source)] >= self._settings.per_host:
                held = True
                continue
            if not self._alone and not await sources.claim(self._db, self._worker, source_id):
                continue  # another ingest process has just taken it
            self._start(source_id, source)
            free -= 1
        if held:
            return _IDLE  # a finishing fetch wakes the loop
        later = list(self._not_before.values())
        upcoming = await sources.next_check(self._db, after=now)
        if upcoming is not None:
            later.append(upcoming)
        # Among several ingest processes, a dead one's sources are free a lease after it
        # died, and nothing announces that: look again by then.
        idle = _IDLE if self._alone else LEASE_SECONDS
        return max(0.01, min([idle, *(at - now for at in later)]))

    async def _learn(self, source_id: int) -> SourceSettings | None:
        """A due source this process was not told of (another process added it: a person
        followed a link, an operator used /addsource): poll it from now on."""
        source = None if self._lookup is None else await self._lookup(source_id)
        if source is not None:
            self._sources[source_id] = source
        return source

    def _start(self, source_id: int, source: SourceSettings) -> None:
        host = self._host(source)
        self._hosts[host] += 1
        task = asyncio.create_task(self._poll(source_id, source), name=f"poll:{source_id}")
        self._running[source_id] = task

        def finished(_: asyncio.Task[None]) -> None:
            self._running.pop(source_id, None)
            if self._finished_meanwhile is not None:
                self._finished_meanwhile.add(source_id)
            self._hosts[host] -= 1
            if self._hosts[host] <= 0:
                del self._hosts[host]
            self._wake.set()

        task.add_done_callback(finished)

    async def _poll(self, source_id: int, source: SourceSettings) -> None:
        try:
            polled = await self._refresher.refresh(source_id, source)
        except Exception:
            log.exception("refreshing source %r failed unexpectedly", source.name)
            polled = Polled(backoff(source.interval, 3, self._settings.max_backoff), False)
        self.polls += 1
        if not polled.recorded:
            self._not_before[source_id] = time.time() + polled.delay
        if self._alone:
            return
        try:
            await sources.release(self._db, self._worker, source_id)
        except FAILURES as exc:  # the claim lapses with this process's lease
            log.warning("source %r: cannot release it: %s", source.name, exc)

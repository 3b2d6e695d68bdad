"""Drain the outbox: one task per chat with alerts due, so each chat's alerts keep their order.

The worker sleeps until woken (new alerts were queued) or until the earliest postponed alert
is due. Pacing is not done here but by the rate limiter every request passes through, so
many chats can wait on Telegram's limits at once while each chat's own queue stays in order.

No one is flooded: a chat receives at most ``burst`` messages per ``window``; what its next
message carries (an alert, a digest, or nothing yet) is decided by :mod:`bot.delivery.plan`.
Quiet hours and digest modes hold alerts back until their time (see
:mod:`bot.delivery.schedule`).

When sending to a chat fails for a reason of ours (the database refusing writes on a full
disk, say), the worker backs off, 1 s doubling to 60 s, and logs once when failures begin and
once when they end, not once per attempt: a hot loop of tracebacks would fill the very disk it
waits for. Every ``SWEEP_SECONDS`` it checks that no queued row is left without a due chat
(:func:`bot.store.outbox.repair_stranded`), mending and reporting any.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import time
from typing import NamedTuple

from bot.delivery import plan, schedule
from bot.delivery.sender import Outcome, Sender
from bot.health import WriteHealth
from bot.metrics import Metrics
from bot.models import OutboxItem, Steering
from bot.store import chats, deliveries, outbox
from bot.store.db import FAILURES, Database
from bot.store.workers import LEASE_SECONDS

log = logging.getLogger(__name__)

_IDLE_POLL = 30.0
_STOP_GRACE = 5.0
_STOPS_CHAT = (Outcome.POSTPONED, Outcome.CHAT_GONE, Outcome.MIGRATED)
MAX_DIGEST = 500
DELIVERY = "delivery"
"""The writer name delivery's failing stores are counted under (see :mod:`bot.health`)."""
SWEEP_SECONDS = 30.0
"""How often a worker checks that every queued row has a due chat."""
_BACKOFF_FIRST, _BACKOFF_MAX = 1.0, 60.0


class Next(NamedTuple):
    """The rows of a chat's next message, its steering if it was read for them, and how
    many rows were ready when they were chosen (the message's own included; None: not
    known, ask again)."""

    items: list[OutboxItem]
    steering: Steering | None = None
    ready: int | None = None


class DeliveryWorker:
    """The background loop that sends everything in the outbox."""

    def __init__(
        self,
        db: Database,
        sender: Sender,
        *,
        worker: int,
        concurrency: int,
        burst: int,
        window: float,
        alone: bool = True,
        metrics: Metrics | None = None,
        writes: WriteHealth | None = None,
    ) -> None:
        """``alone``: the only process on the database (role ``all``), which claims no
        chats; among several, ``worker`` claims each chat it sends to."""
        self._metrics = metrics
        self._writes = writes  # delivery's failing stores count for `livebot health` too
        self._failures = 0  # sends in a row that failed for a reason of ours
        self._paused_until = 0.0  # monotonic: no new chat is taken before then
        self._swept_at = 0.0
        self._db = db
        self._worker = worker
        self._alone = alone
        self._sender = sender
        self._concurrency = concurrency
        self._cap = plan.Cap(burst, window)
        self._wake = asyncio.Event()
        self._busy: dict[int, asyncio.Task[None]] = {}
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def wake(self) -> None:
        """New alerts are in the outbox: look now rather than at the next poll."""
        self._wake.set()

    @property
    def active_chats(self) -> int:
        """How many chats are being sent to right now."""
        return len(self._busy)

    async def start(self) -> int:
        """Start the loop; return how many sends a crash left uncertain. The only process on
        the database resolves every such send first; among several, a chat's uncertain
        sends are resolved when a worker claims it from a dead one (see
        :func:`bot.store.outbox.claim_chats`)."""
        uncertain = await outbox.recover(self._db) if self._alone else 0
        if uncertain:
            log.warning(
                "%d alerts were being sent when the bot stopped; resending them "
                "(a recipient may see one of them twice)",
                uncertain,
            )
        self._task = asyncio.create_task(self._run(), name="delivery")
        return uncertain

    async def stop(self) -> None:
        """Stop taking new work, let sends under way finish briefly, then cancel the rest."""
        self._stopping = True
        self._wake.set()
        if self._busy:
            await asyncio.wait(list(self._busy.values()), timeout=_STOP_GRACE)
        for task in [*self._busy.values(), *([self._task] if self._task else [])]:
            task.cancel()
        for task in [*self._busy.values(), *([self._task] if self._task else [])]:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self._dispatch()
                idle = await self._idle_time()
            except Exception as exc:
                self._failed("the delivery loop", exc)
                idle = self._paused_until - time.monotonic()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(idle):
                    await self._wake.wait()

    async def _idle_time(self) -> float:
        # Among several workers, a dead one's chats are free a lease after it died, and
        # nothing announces that: look again by then.
        idle = _IDLE_POLL if self._alone else LEASE_SECONDS
        idle = min(idle, SWEEP_SECONDS)
        paused = self._paused_until - time.monotonic()
        if paused > 0:
            return paused
        if len(self._busy) >= self._concurrency:
            return idle  # a chat finishing wakes the loop
        due = await outbox.next_due_at(self._db, self._worker, busy=list(self._busy))
        if due is None:
            return idle
        return min(idle, max(0.05, due - time.time()))

    async def _sweep(self) -> None:
        """Mend and report queued rows left without a due chat (see the module docstring)."""
        now = time.monotonic()
        if now - self._swept_at < SWEEP_SECONDS:
            return
        self._swept_at = now
        mended = await outbox.repair_stranded(self._db)
        if mended:
            log.warning(
                "%d chats had queued messages but were not due (chats %s); made due now",
                len(mended), ", ".join(map(str, mended[:10])),
            )  # fmt: skip
            if self._metrics is not None:
                self._metrics.repaired.inc(len(mended))

    async def _dispatch(self) -> None:
        await self._sweep()
        if time.monotonic() < self._paused_until:
            return
        free = self._concurrency - len(self._busy)
        if free <= 0:
            return
        busy = list(self._busy)
        if self._alone:  # nobody to share the chats with: nothing to claim
            due = await outbox.due_chats(self._db, limit=free, busy=busy)
        else:
            due = await outbox.claim_chats(self._db, self._worker, limit=free, busy=busy)
        for chat_id in due:
            task = asyncio.create_task(self._drain(chat_id), name=f"deliver:{chat_id}")
            self._busy[chat_id] = task
            task.add_done_callback(functools.partial(self._finished, chat_id))

    def _finished(self, chat_id: int, _task: asyncio.Task[None]) -> None:
        task = self._busy.pop(chat_id, None)
        error = None if task is None or task.cancelled() else task.exception()
        if error is not None:
            self._failed(f"delivery to chat {chat_id}", error)
        elif task is not None and not task.cancelled() and self._failures:  # works again
            log.warning("delivery works again after %d failed attempts", self._failures)
            self._failures = 0
            if self._writes is not None:
                self._writes.succeeded(DELIVERY)
        self._wake.set()

    def _failed(self, what: str, error: BaseException) -> None:
        """``what`` failed: back off (doubling, at most a minute) and say so once, not once
        per attempt."""
        self._failures += 1
        if self._writes is not None and isinstance(error, FAILURES):
            self._writes.failed(DELIVERY, str(error))
        delay = min(_BACKOFF_MAX, _BACKOFF_FIRST * 2 ** min(self._failures - 1, 6))
        self._paused_until = time.monotonic() + delay
        if self._failures > 1:
            return
        if isinstance(error, FAILURES):  # foreseeable (a full disk): one line, no traceback
            log.error("%s failed: %s; retrying with backoff", what, error)
        else:
            log.error("%s failed; retrying with backoff", what, exc_info=error)

    async def _drain(self, chat_id: int) -> None:
        while not self._stopping:
            batch, steering, ready = await self._next_message(chat_id)
            if not batch or await self._sender.deliver(batch, steering) in _STOPS_CHAT:
                break
            if ready is not None and len(batch) >= ready:
                # Nothing else was ready: no need to ask again. Rows queued meanwhile keep
                # the chat due (only its last row leaving clears that), so the dispatcher
                # comes back for them.
                break
        if not self._alone:
            await outbox.release_chat(self._db, chat_id, self._worker)

    async def _next_message(self, chat_id: int) -> Next:
        """The rows the chat's next message carries (one alert, a digest, or none yet), with
        the chat's steering when it was read (the sender renders times in its zone).

        Fresh rows are first scheduled (see :mod:`bot.delivery.schedule`): those that must
        wait for a digest or the end of quiet hours are held, and rows released together go
        out as one digest. Then the flood cap (:func:`bot.delivery.plan.next_message`); rows
        that must wait for a slot are held until it, so they go together.
        """
        rows = await outbox.next_for_chat(self._db, chat_id, limit=MAX_DIGEST)
        if not rows:
            await outbox.reschedule(self._db, chat_id)
            return Next([])
        if rows[0].kind == "edit":  # an edit is no new message: no cap, no digest
            return Next(rows[:1], ready=len(rows))
        alerts = list(itertools.takewhile(lambda item: item.kind == "alert", rows))
        now = time.time()
        subs = self._sender.live_subscriptions(chat_id, alerts)
        steering = await chats.steering(self._db, chat_id)
        held = {
            item.id: at
            for item in alerts
            if item.hold_until <= 0  # new, or held under settings since changed
            and (at := schedule.release_at(item.reasons, subs, steering, now)) > now + 1
        }
        if held:
            alerts = [item for item in alerts if item.id not in held]
            if not alerts:
                await outbox.wait(self._db, chat_id, held)
                return Next([])
            await outbox.hold_rows(self._db, held)
        ranked = schedule.most_important_first(alerts, subs)
        decision = plan.next_message(
            alerts,
            ranked=ranked,
            exact=schedule.rank(ranked[0].reasons, subs)[0] == 0,
            released=[item for item in alerts if item.hold_until],
            sent=await deliveries.messages_since(self._db, chat_id, now - self._cap.window),
            last_digest=await deliveries.last_digest_at(self._db, chat_id, now - self._cap.pace),
            now=now,
            cap=self._cap,
        )
        if decision.wait_until is not None:
            await outbox.wait(self._db, chat_id, {i.id: decision.wait_until for i in alerts})
            return Next([])
        return Next(decision.send, steering, len(rows))

"""Send outbox rows and record what Telegram said. The only place that maps Bot API errors.

One row becomes an alert; several rows of one chat (its flood cap was reached) become one
digest message, and every outcome below applies to all the rows the message carried.

Outcomes, by what Telegram answered:

* ok: the row leaves the queue for the deliveries log as ``sent``, with its message id;
* 429 ``RetryAfter``: the chat's alerts wait ``retry_after`` seconds, then go out in order;
* ``ChatMigrated``: the group's subscriptions and alerts move to the new id and are resent;
* 403 ``Forbidden`` (blocked, kicked, deactivated) or 400 "chat not found": the chat is
  deactivated and its open alerts dropped; it comes back when it talks to us again;
* any other 400: this message can never be sent (a bug of ours); it is logged as ``failed``
  with Telegram's reason;
* timeouts and network errors: Telegram may or may not have shown the message. We resend
  after a backoff (at-least-once), marking the row ``uncertain`` so duplicates are counted.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from telegram import InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot

from bot.delivery import buttons, reasons, render, schedule
from bot.i18n import using
from bot.match.sketch import figures
from bot.metrics import Metrics
from bot.models import Carried, Entry, OutboxItem, Steering, Subscription
from bot.store import chats, deliveries, entries, outbox
from bot.store.db import Database
from bot.subscribers import Subscribers
from bot.telegram.limiter import Lane, retry_seconds

log = logging.getLogger(__name__)

_CHAT_GONE_400 = ("chat not found", "user not found", "peer_id_invalid", "chat_id is empty")
_MAX_BACKOFF = 300.0
_SOURCES_KEPT = 5.0  # seconds a story's sources are kept for the alerts of one fan-out
_THREAD_GONE = "message thread not found"


def chat_refused(exc: TelegramError) -> bool:
    """Whether Telegram says the chat is gone for good (the bot was blocked or removed, or
    the chat was deleted or never existed)."""
    return isinstance(exc, Forbidden) or (
        isinstance(exc, BadRequest) and any(s in exc.message.lower() for s in _CHAT_GONE_400)
    )


class Outcome(Enum):
    """What became of one attempt."""

    SENT = "sent"
    SKIPPED = "skipped"
    POSTPONED = "postponed"
    FAILED = "failed"
    CHAT_GONE = "chat_gone"
    MIGRATED = "migrated"


@dataclass
class SenderStats:
    """Counters since start, for /stats and the log."""

    sent: int = 0
    alerts: int = 0
    digests: int = 0
    edits: int = 0
    postponed: int = 0
    failed: int = 0
    chats_gone: int = 0
    migrated: int = 0
    uncertain_resent: int = 0
    recent: deque[float] = field(default_factory=lambda: deque(maxlen=100_000))

    def per_minute(self, now: float | None = None) -> int:
        """Messages sent in the last 60 seconds."""
        horizon = (now or time.monotonic()) - 60
        return sum(1 for at in self.recent if at >= horizon)


class Sender:
    """Turns outbox rows into Telegram messages."""

    def __init__(
        self,
        bot: ExtBot[Lane],
        db: Database,
        subscribers: Subscribers,
        *,
        max_attempts: int,
        paid_broadcast: bool,
        metrics: Metrics | None = None,
    ) -> None:
        self._bot = bot
        self._db = db
        self._subscribers = subscribers
        self._max_attempts = max_attempts
        self._paid_broadcast = paid_broadcast
        self.stats = SenderStats()
        self._metrics = metrics
        self._story_sources: dict[int, tuple[float, list[str]]] = {}

    def live_subscriptions(
        self, chat_id: int, items: Sequence[OutboxItem]
    ) -> dict[int, Subscription]:
        """The chat's subscriptions behind these rows that still stand (not removed, not
        muted): what an alert is rendered, ranked and scheduled by."""
        ids = {r.subscription_id for item in items for r in item.reasons}
        return {
            sid: s for sid, s in self._subscribers.live_of_chat(chat_id, ids).items() if not s.muted
        }

    async def deliver(
        self, items: Sequence[OutboxItem], steering: Steering | None = None
    ) -> Outcome:
        """Send one message for rows of one chat: an alert for one row, a digest for several
        (most important first), times in the chat's zone (``steering``, read here if the
        caller has not).

        Rows whose entry was pruned fail; rows whose subscriptions were all removed or muted
        since they matched are skipped. Records the outcome on every row (see the module
        docstring).
        """
        if items[0].kind == "edit":
            return await self._edit(items[0])
        chat_id = items[0].chat_id
        found, subs, items = await self._usable(items)
        if not items:
            return Outcome.SKIPPED
        steering = steering or await chats.steering(self._db, chat_id)
        items = schedule.most_important_first(items, subs)
        primary = subs.get(schedule.rank(items[0].reasons, subs)[1] or 0)
        with using(steering.language):  # the reasons and buttons in the chat's language
            text, keyboard = await self._compose(items, found, subs, primary, steering)
        await outbox.mark_inflight(self._db, [item.id for item in items])
        self.stats.uncertain_resent += sum(1 for item in items if item.uncertain)
        try:
            message = await self._bot.send_message(
                chat_id,
                text,
                reply_markup=keyboard,
                message_thread_id=primary.thread_id if primary else None,
                allow_paid_broadcast=self._paid_broadcast or None,
                rate_limit_args=Lane.ALERT,
            )
        except TelegramError as exc:
            return await self._failed(items, exc, thread=primary.thread_id if primary else None)
        await self._record_sent(items, found, message.message_id)
        return Outcome.SENT

    async def _usable(
        self, items: Sequence[OutboxItem]
    ) -> tuple[dict[int, Entry], dict[int, Subscription], list[OutboxItem]]:
        """The rows still worth sending, with their entries and live subscriptions; the
        others are closed here (entry pruned: failed; every subscription removed or muted
        since they matched: skipped)."""
        chat_id = items[0].chat_id
        found = await entries.get_many(self._db, [item.entry_id for item in items])
        gone = [item for item in items if item.entry_id not in found]
        if gone:
            await outbox.close(
                self._db, gone, outcome="failed", kind="alert", error="entry no longer stored"
            )
        subs = self.live_subscriptions(chat_id, items)
        stale = [i for i in items if i.entry_id in found and not reasons.live(i.reasons, subs)]
        if stale:
            await outbox.close(
                self._db, stale, outcome="skipped", kind="alert", error="unsubscribed or muted"
            )
        return found, subs, [i for i in items if i not in gone and i not in stale]

    async def _compose(
        self,
        items: Sequence[OutboxItem],
        found: dict[int, Entry],
        subs: dict[int, Subscription],
        primary: Subscription | None,
        steering: Steering,
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """The message for these rows, in the language in use: an alert with its story's
        other sources for one row, a digest for several."""
        gazetteer = self._subscribers.gazetteer
        if len(items) > 1:
            return buttons.digest_message(
                [found[i.entry_id] for i in items],
                [i.reasons for i in items],
                subs,
                0,
                steering.tz,
                gazetteer,
            )
        why = reasons.describe(items[0].reasons, subs, gazetteer)
        entry = found[items[0].entry_id]
        sources = await self._sources(items[0].story_id)
        others = [s for s in sources if s != entry.source_name]
        text = render.alert(entry, why, also=others, tz=steering.tz)
        keyboard = buttons.alert(primary, entry.id, len(sources), gazetteer) if primary else None
        return text, keyboard

    async def _record_sent(
        self, items: Sequence[OutboxItem], found: dict[int, Entry], message_id: int
    ) -> None:
        """Close the rows one message carried, and count it."""
        kind: Carried = "alert" if len(items) == 1 else "digest"
        await outbox.close(self._db, items, outcome="sent", kind=kind, message_id=message_id)
        if self._metrics is not None:
            confirmed = time.time()
            for item in items:
                self._metrics.latency.observe(max(0.0, confirmed - found[item.entry_id].shown_at))
        self.stats.sent += 1
        self.stats.alerts += len(items)
        self.stats.digests += len(items) > 1
        self.stats.recent.append(time.monotonic())

    async def _sources(self, story_id: int, *, fresh: bool = False) -> list[str]:
        """The story's sources; during a fan-out every chat's alert of one story asks, so
        the answer is kept a few seconds (an edit asks afresh: it is about a new source)."""
        now = time.monotonic()
        cached = self._story_sources.get(story_id)
        if cached is not None and not fresh and now - cached[0] < _SOURCES_KEPT:
            return cached[1]
        sources = await entries.story_sources(self._db, story_id)
        if len(self._story_sources) >= 1024:
            self._story_sources.clear()
        self._story_sources[story_id] = (now, sources)
        return sources

    async def _edit(self, item: OutboxItem) -> Outcome:
        """Another source reported a story the chat was alerted to: say so on that alert
        (its buttons stay)."""
        original = await deliveries.story_alert(self._db, item.chat_id, item.story_id)
        if original is True:
            return await self._postpone([item], 5.0, "waiting for the original alert")
        if original is None or original.digest:
            await outbox.close(
                self._db, [item], outcome="skipped", kind="edit", error="no single alert to edit"
            )
            return Outcome.SKIPPED
        entry = (await entries.get_many(self._db, [original.entry_id])).get(original.entry_id)
        if entry is None:
            await outbox.close(
                self._db, [item], outcome="skipped", kind="edit", error="entry no longer stored"
            )
            return Outcome.SKIPPED
        sources = await self._sources(item.story_id, fresh=True)
        others = [s for s in sources if s != entry.source_name]
        if not others:  # only the alerted source: nothing to tell
            await outbox.close(
                self._db, [item], outcome="skipped", kind="edit", error="no other source"
            )
            return Outcome.SKIPPED
        newest = (await entries.get_many(self._db, [item.entry_id])).get(item.entry_id)
        if newest is not None and not figures(newest.title) - figures(
            f"{entry.title} {entry.summary}"
        ):
            newest = None  # the newest lead is shown only where it gives new figures
        subs = self._subscribers.live_of_chat(
            item.chat_id, {r.subscription_id for r in original.reasons}
        )
        steering = await chats.steering(self._db, item.chat_id)
        primary = subs.get(schedule.rank(original.reasons, subs)[1] or 0)
        with using(steering.language):
            why = reasons.describe(original.reasons, subs, self._subscribers.gazetteer)
            text = render.alert(entry, why, also=others, newest=newest, tz=steering.tz)
            keyboard = (
                buttons.alert(primary, entry.id, len(sources), self._subscribers.gazetteer)
                if primary
                else None
            )
        await outbox.mark_inflight(self._db, [item.id])
        try:
            await self._bot.edit_message_text(
                text,
                chat_id=item.chat_id,
                message_id=original.message_id,
                reply_markup=keyboard,
                rate_limit_args=Lane.ALERT,
            )
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                await outbox.close(
                    self._db, [item], outcome="skipped", kind="edit", error=exc.message
                )
                return Outcome.SKIPPED
        except TelegramError as exc:
            return await self._failed([item], exc)
        await outbox.close(
            self._db, [item], outcome="sent", kind="edit", message_id=original.message_id
        )
        self.stats.edits += 1
        return Outcome.SENT

    async def _failed(
        self, items: Sequence[OutboxItem], exc: TelegramError, *, thread: int | None = None
    ) -> Outcome:
        chat_id = items[0].chat_id
        ids = [item.id for item in items]
        if isinstance(exc, RetryAfter):
            return await self._postpone(items, retry_seconds(exc), "429 flood limit")
        if isinstance(exc, ChatMigrated):
            await self._subscribers.chat_moved(chat_id, exc.new_chat_id)
            self.stats.migrated += 1
            return Outcome.MIGRATED
        if chat_refused(exc):
            await self._subscribers.chat_gone(chat_id, exc.message)
            self.stats.chats_gone += 1
            return Outcome.CHAT_GONE
        kind = items[0].kind if len(items) == 1 else "digest"
        if (
            thread is not None
            and isinstance(exc, BadRequest)
            and _THREAD_GONE in exc.message.lower()
        ):
            await self._subscribers.topic_deleted(chat_id, thread)
            return await self._postpone(items, 0.0, "forum topic deleted; sending to General")
        if isinstance(exc, BadRequest):
            log.error(
                "Telegram refused alerts %s for chat %s: %s", ids, chat_id, exc,
                extra={"chat": chat_id, "outcome": "failed"},
            )  # fmt: skip
            await outbox.close(self._db, items, outcome="failed", kind=kind, error=exc.message)
            self.stats.failed += 1
            return Outcome.FAILED
        attempts = max(item.attempts for item in items) + 1
        if not isinstance(exc, NetworkError) and attempts >= self._max_attempts:
            log.error(
                "giving up alerts %s after %d attempts: %s", ids, attempts, exc,
                extra={"chat": chat_id, "outcome": "failed"},
            )  # fmt: skip
            await outbox.close(self._db, items, outcome="failed", kind=kind, error=exc.message)
            self.stats.failed += 1
            return Outcome.FAILED
        delay = min(_MAX_BACKOFF, 2.0**attempts)
        log.warning(
            "alerts %s to chat %s: %s; retrying in %.0f s", ids, chat_id, exc, delay,
            extra={"chat": chat_id, "outcome": "retry"},
        )  # fmt: skip
        return await self._postpone(
            items, delay, f"{type(exc).__name__}: {exc.message}", uncertain=True
        )

    async def _postpone(
        self, items: Sequence[OutboxItem], seconds: float, error: str, *, uncertain: bool = False
    ) -> Outcome:
        await outbox.postpone(
            self._db,
            [item.id for item in items],
            items[0].chat_id,
            until=time.time() + seconds,
            error=error,
            uncertain=uncertain,
        )
        self.stats.postponed += 1
        return Outcome.POSTPONED

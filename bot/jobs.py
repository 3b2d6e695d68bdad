"""Scheduled upkeep on PTB's JobQueue (APScheduler): pruning and the heartbeat.

Polling sources has its own loop (:mod:`bot.ingest.scheduler`), since it is bounded by a
pool and scheduled from the database rather than by one job per source.
"""

from __future__ import annotations

import logging
import time

from telegram.ext import JobQueue

from bot import health
from bot.context import LivebotContext
from bot.store import deliveries, entries, outbox

log = logging.getLogger(__name__)

_PRUNE_SECONDS = 6 * 3600.0


def schedule(job_queue: JobQueue[LivebotContext], *, prune: bool = True) -> None:
    """Start the heartbeat, and pruning where ``prune`` (one process of those sharing a
    database prunes)."""
    if prune:
        job_queue.run_repeating(_prune, interval=_PRUNE_SECONDS, first=60.0, name="prune")
    job_queue.run_repeating(
        heartbeat, interval=health.HEARTBEAT_SECONDS, first=0.5, name="heartbeat"
    )


async def _prune(context: LivebotContext) -> None:
    """Delete entries and delivery records older than the retention period (entries that a
    queued alert still needs stay). Pruned entries leave tombstones, which go once their
    source has not listed them for the retention period."""
    services = context.services
    days = services.settings.storage.retention_days
    cutoff = time.time() - days * 86400
    removed = await entries.prune(services.db, older_than=cutoff)
    await entries.forget_tombstones(services.db, seen_before=cutoff)
    logged = await deliveries.prune(services.db, older_than=cutoff)
    if removed or logged:
        log.info(
            "pruned %d entries and %d delivery records older than %d days", removed, logged, days
        )


async def heartbeat(context: LivebotContext) -> None:
    """Prove liveness to ``livebot health`` (with any failing stores) and, where this
    process delivers, log delivery figures for operators."""
    services = context.services
    role = services.lease.role
    health.beat(services.settings.storage.database, services.writes, role=role)
    if role not in ("all", "deliver"):
        return
    queue = await outbox.counts(services.db)
    stats = services.sender.stats
    if queue.get("pending") or queue.get("inflight") or services.worker.active_chats:
        log.info(
            "delivery: %d pending, %d in flight, %d sent since start (%d in the last minute), "
            "%d postponed, %d failed, 429s %d per chat / %d global",
            queue.get("pending", 0), queue.get("inflight", 0), stats.sent, stats.per_minute(),
            stats.postponed,
            stats.failed, services.limiter.stats.retry_after_chat,
            services.limiter.stats.retry_after_global,
        )  # fmt: skip

"""Scheduled work on PTB's JobQueue (APScheduler): polling sources, pruning, the heartbeat.

Each source is its own chain of one-off jobs: a refresh schedules the next one after the
source's interval, or after a backoff when it failed. A slow or broken source therefore never
delays another, and an unexpected error in one refresh cannot end that source's schedule.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import cast

from telegram.ext import JobQueue

from bot.context import LivebotContext
from bot.ingest.refresh import backoff
from bot.services import Services
from bot.store import entries, outbox

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
_PRUNE_SECONDS = 6 * 3600.0
_STAGGER = 0.25


def heartbeat_path(database: Path) -> Path:
    """The file the running bot touches; ``livebot health`` checks its age."""
    return database.with_name(database.name + ".heartbeat")


def schedule(job_queue: JobQueue[LivebotContext], services: Services) -> None:
    """Start every source's polling chain (staggered), pruning and the heartbeat."""
    polled = [sid for sid, source in services.sources.items() if source.kind != "push"]
    for position, source_id in enumerate(polled):
        job_queue.run_once(
            refresh_source, when=position * _STAGGER, data=source_id, name=f"source:{source_id}"
        )
    job_queue.run_repeating(prune, interval=_PRUNE_SECONDS, first=60.0, name="prune")
    job_queue.run_repeating(heartbeat, interval=HEARTBEAT_SECONDS, first=0.5, name="heartbeat")


async def refresh_source(context: LivebotContext) -> None:
    """Refresh one source, then schedule its next refresh."""
    assert context.job is not None
    job_queue = cast("JobQueue[LivebotContext]", context.job_queue)
    source_id = cast(int, context.job.data)
    services = context.services
    source = services.sources[source_id]
    try:
        delay = await services.refresher.refresh(source_id, source)
    except Exception:
        log.exception("refreshing source %r failed unexpectedly", source.name)
        delay = backoff(source.interval, 3, services.settings.ingest.max_backoff)
    job_queue.run_once(refresh_source, when=delay, data=source_id, name=f"source:{source_id}")


async def prune(context: LivebotContext) -> None:
    """Delete entries older than the retention period that no alert still needs."""
    services = context.services
    cutoff = time.time() - services.settings.storage.retention_days * 86400
    removed = await entries.prune(services.db, older_than=cutoff)
    if removed:
        log.info(
            "pruned %d entries older than %d days",
            removed,
            services.settings.storage.retention_days,
        )


async def heartbeat(context: LivebotContext) -> None:
    """Prove liveness to ``livebot health`` and log delivery figures for operators."""
    services = context.services
    heartbeat_path(services.settings.storage.database).touch()
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

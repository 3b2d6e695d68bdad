"""Refresh one source: fetch -> parse -> geotag -> store -> match -> outbox. The one orchestrator.

Storing the new entries, matching them and queueing their alerts happen in one transaction,
so a crash cannot leave an entry stored but never matched (it would never be "new" again).
The first successful fetch of a source stores its backlog for /latest without alerting.
A failure is recorded on the source and retried with exponential backoff; it never touches
the other sources, which have their own schedules.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

import httpx

from bot.config import IngestSettings, SourceSettings
from bot.geo.tagger import Tagger
from bot.ingest.fetcher import FetchError, fetch
from bot.ingest.parser import ParsedFeed, ParseError, parse_feed
from bot.store import entries, outbox, sources
from bot.store.db import Database
from bot.subscribers import Subscribers

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What one refresh did, and when the source should be fetched next."""

    new_entries: int
    alerts: int
    error: str | None
    next_in: float


def backoff(interval: float, failures: int, max_backoff: float) -> float:
    """Seconds before retrying a source that failed ``failures`` times in a row.

    Retries start soon (at most a minute) and double each time, up to ``max_backoff`` (or the
    interval, if that is longer); ±10 % jitter keeps failing sources from retrying in step.
    """
    base = min(interval, 60.0)
    delay = min(base * 2.0 ** min(failures, 30), max(max_backoff, interval))
    return delay * random.uniform(0.9, 1.1)


class Refresher:
    """Refreshes sources; shared by the scheduler and tests."""

    def __init__(
        self,
        db: Database,
        client: httpx.AsyncClient,
        subscribers: Subscribers,
        settings: IngestSettings,
        *,
        language: str,
        tagger: Tagger | None,
        on_alerts: Callable[[], None],
    ) -> None:
        self._db = db
        self._client = client
        self._subscribers = subscribers
        self._settings = settings
        self._language = language
        self._tagger = tagger
        self._on_alerts = on_alerts

    def _parse_and_tag(self, body: bytes, url: str, content_type: str) -> ParsedFeed:
        """Parse, then geotag every entry (CPU work, run in a thread)."""
        feed = parse_feed(body, url=url, content_type=content_type)
        if self._tagger is None:
            return feed
        tagger = self._tagger
        tagged = [
            replace(e, places=tuple(p.key for p in tagger.places(f"{e.title}\n{e.text}")))
            for e in feed.entries
        ]
        return replace(feed, entries=tagged)

    async def refresh(self, source_id: int, source: SourceSettings) -> RefreshResult:
        """Fetch one source and queue alerts for what is new in it."""
        state = await sources.get(self._db, source_id)
        if state is None:
            raise LookupError(f"source {source_id} is not in the database")
        try:
            result = await fetch(
                self._client,
                source.url,
                etag=state.etag,
                last_modified=state.last_modified,
                max_bytes=self._settings.max_bytes,
                deadline=self._settings.timeout,
            )
            feed = None
            if result.body is not None:
                feed = await asyncio.to_thread(
                    self._parse_and_tag, result.body, result.url, result.content_type
                )
        except (FetchError, ParseError) as exc:
            failures = await sources.record_failure(self._db, source_id, str(exc))
            delay = backoff(source.interval, failures, self._settings.max_backoff)
            log.warning(
                "source %r (%s) failed %d time(s) in a row: %s; retrying in %.0f s",
                source.name, source.url, failures, exc, delay,
            )  # fmt: skip
            return RefreshResult(0, 0, str(exc), delay)

        async with self._db.transaction() as conn:
            stored = []
            alerts = 0
            if feed is not None:
                stored = await entries.insert_new(
                    conn,
                    source_id=source_id,
                    source_name=source.name,
                    parsed=feed.entries,
                    language=self._language,
                )
                if state.primed and stored:
                    alerts = await outbox.enqueue(conn, self._subscribers.match(stored))
            await sources.record_success(
                conn,
                source_id,
                etag=result.etag or state.etag,
                last_modified=result.last_modified or state.last_modified,
            )
        if alerts:
            self._on_alerts()
        if stored:
            log.info(
                "source %r: %d new entries%s, %d alerts queued",
                source.name, len(stored), "" if state.primed else " (first fetch: not alerted)",
                alerts,
            )  # fmt: skip
        return RefreshResult(len(stored), alerts, None, source.interval)

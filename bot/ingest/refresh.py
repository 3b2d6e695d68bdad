"""Refresh one source: fetch -> parse -> geotag -> store -> cluster -> match -> outbox.

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
from collections.abc import Callable, Sequence
from dataclasses import replace

import httpx

from bot.config import IngestSettings, SourceSettings
from bot.geo.tagger import Tagger
from bot.ingest import article
from bot.ingest.fetcher import FetchError, FetchResult, fetch
from bot.ingest.parser import FeedLink, ParsedFeed, ParseError, parse_document
from bot.match.similarity import from_bytes, story_signature, to_bytes
from bot.match.stories import StoryClusters
from bot.models import Entry, ParsedEntry, SourceState
from bot.store import entries, outbox, sources
from bot.store.db import Database
from bot.subscribers import Subscribers

log = logging.getLogger(__name__)


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
        stories: StoryClusters,
        on_alerts: Callable[[], None],
    ) -> None:
        self._db = db
        self._client = client
        self._subscribers = subscribers
        self._settings = settings
        self._language = language
        self._tagger = tagger
        self._stories = stories
        self._on_alerts = on_alerts

    def _parse_and_tag(
        self, body: bytes, url: str, content_type: str, kind: str
    ) -> ParsedFeed | FeedLink:
        """Parse, then geotag every entry (CPU work, run in a thread)."""
        document = parse_document(body, url=url, content_type=content_type, kind=kind)
        if isinstance(document, FeedLink):
            return document
        return replace(document, entries=self.prepare(document.entries))

    def prepare(self, parsed: Sequence[ParsedEntry]) -> list[ParsedEntry]:
        """The entries with the places they mention and their story signatures (CPU work:
        callers run it in a thread)."""
        tagger = self._tagger
        prepared = []
        for entry in parsed:
            story = story_signature(entry.title, entry.text, self._language)
            places = tagger.places(f"{entry.title}\n{entry.text}") if tagger else []
            prepared.append(
                replace(
                    entry,
                    places=tuple(p.key for p in places),
                    story=to_bytes(story) if story is not None else b"",
                )
            )
        return prepared

    async def _get(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        return await fetch(
            self._client,
            url,
            etag=etag,
            last_modified=last_modified,
            max_bytes=self._settings.max_bytes,
            deadline=self._settings.timeout,
        )

    async def _fetch(
        self, state: SourceState, source: SourceSettings
    ) -> tuple[FetchResult, ParsedFeed | None, str | None]:
        """Fetch and parse; follows a feed that a page advertises (once, then remembered)."""
        assert source.url is not None
        url = state.feed_url if source.kind == "auto" and state.feed_url else source.url
        kind = "feed" if url != source.url else source.kind
        result = await self._get(url, state.etag, state.last_modified)
        if result.body is None:
            return result, None, None
        document = await asyncio.to_thread(
            self._parse_and_tag, result.body, result.url, result.content_type, kind
        )
        if not isinstance(document, FeedLink):
            return result, document, None
        log.info(
            "source %r: the page advertises the feed %s; following it", source.name, document.url
        )
        result = await self._get(document.url, None, None)
        if result.body is None:
            raise FetchError(f"the advertised feed {document.url} sent no body")
        feed = await asyncio.to_thread(
            self._parse_and_tag, result.body, result.url, result.content_type, "feed"
        )
        assert not isinstance(feed, FeedLink)
        return result, feed, document.url

    async def refresh(self, source_id: int, source: SourceSettings) -> float:
        """Fetch one source and queue alerts for what is new in it; return the seconds until
        it should be fetched again (its interval, or a backoff after a failure)."""
        state = await sources.get(self._db, source_id)
        if state is None:
            raise LookupError(f"source {source_id} is not in the database")
        try:
            result, document, feed_url = await self._fetch(state, source)
        except (FetchError, ParseError) as exc:
            failures = await sources.record_failure(self._db, source_id, str(exc))
            delay = backoff(source.interval, failures, self._settings.max_backoff)
            log.warning(
                "source %r (%s) failed %d time(s) in a row: %s; retrying in %.0f s",
                source.name, source.url, failures, exc, delay,
            )  # fmt: skip
            return delay
        parsed = document.entries if document is not None else []
        fingerprint = None
        if document is not None and document.kind == "article" and parsed:
            fingerprint = article.fingerprint(parsed[0])
            if not article.materially_changed(state.fingerprint, fingerprint):
                parsed, fingerprint = [], None
        await self.store(
            state,
            source.name,
            parsed,
            alert=state.primed,
            success=(result.etag or state.etag, result.last_modified or state.last_modified),
            discovered=(feed_url, fingerprint),
        )
        return source.interval

    async def store(
        self,
        state: SourceState,
        source_name: str,
        parsed: Sequence[ParsedEntry],
        *,
        alert: bool,
        success: tuple[str | None, str | None] = (None, None),
        discovered: tuple[str | None, bytes | None] = (None, None),
    ) -> tuple[list[Entry], int]:
        """Store what is new, match it and queue its alerts, all in one transaction; return
        the new entries and how many alerts were queued. ``alert`` False stores a backlog."""
        async with self._db.transaction() as conn:
            stored = await entries.insert_new(
                conn,
                source_id=state.id,
                source_name=source_name,
                parsed=parsed,
                language=self._language,
            )
            clusters = {
                e.id: self._stories.assign(e.id, state.id, from_bytes(e.story))
                for e in stored
                if e.story
            }
            await entries.set_clusters(conn, clusters)
            stored = [replace(e, cluster_id=clusters.get(e.id)) for e in stored]
            alerts = edits = 0
            if alert and stored:
                alerts, edits = await outbox.enqueue(
                    conn, self._subscribers.match(stored), clusters
                )
            await sources.record_success(conn, state.id, etag=success[0], last_modified=success[1])
            if any(discovered):
                await sources.record_discovery(
                    conn, state.id, feed_url=discovered[0], fingerprint=discovered[1]
                )
        if alerts or edits:
            self._on_alerts()
        if stored:
            log.info(
                "source %r: %d new entries%s, %d alerts queued",
                source_name, len(stored), "" if alert else " (first fetch: not alerted)", alerts,
            )  # fmt: skip
        return stored, alerts

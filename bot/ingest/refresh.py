"""Refresh one source: fetch -> parse -> keep what is new -> prepare -> one transaction
(store, cluster, match, enqueue) -> commit -> story index -> wake delivery.

Storing the new entries, matching them and queueing their alerts happen in one transaction,
so a crash cannot leave an entry stored but never matched (it would never be "new" again);
the story index changes only after that transaction commits. A failed store is rolled back
whole, counted (see :mod:`bot.health`) and retried with backoff like a failed fetch.

Which new entries may alert: none on a source's first successful fetch (its backlog is
stored for /latest); none published longer ago than ``ingest.max_age``; at most the newest
``ingest.max_new_per_poll`` of one fetch. The rest are stored quietly. Items published
before the retention period are not stored at all (they would be pruned at once).

What "auto" detects on the first successful fetch (feed, live blog, article page, or a page
advertising a feed) is remembered: a feed that later serves an HTML page fails and backs off
instead of becoming a story.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import httpx

from bot.config import IngestSettings, SourceSettings
from bot.geo.tagger import Tagger, home_country
from bot.health import WriteHealth
from bot.ingest import article
from bot.ingest.documents import ParseError
from bot.ingest.feed_ids import item_ids
from bot.ingest.fetcher import FetchError, FetchResult, fetch
from bot.ingest.parser import FeedLink, ParsedFeed, parse_document
from bot.ingest.prepare import prepare
from bot.match.matches import Matches, ints
from bot.match.sketch import from_bytes
from bot.match.stories import Assignment, NewEntry, StoryIndex
from bot.metrics import Metrics
from bot.models import Entry, ParsedEntry, SourceState
from bot.store import entries, outbox, sources
from bot.store.db import FAILURES, Database, Turn
from bot.subscribers import Subscribers

log = logging.getLogger(__name__)


_MAX_RETRY_AFTER = 86400.0


def backoff(interval: float, failures: int, max_backoff: float) -> float:
    """Seconds before retrying a source that failed ``failures`` times in a row.

    Retries start soon (at most a minute) and double each time, up to ``max_backoff`` (or the
    interval, if that is longer); ±10 % jitter keeps failing sources from retrying in step.
    """
    base = min(interval, 60.0)
    delay = min(base * 2.0 ** min(failures, 30), max(max_backoff, interval))
    return delay * random.uniform(0.9, 1.1)


class StoreFailedError(Exception):
    """New entries could not be stored; everything was rolled back (message for operators)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful fetch: the response, what it parsed into (None for a 304), and what
    auto-detection learned (the kind found, the feed a page advertised)."""

    result: FetchResult
    document: ParsedFeed | None
    detected: str | None = None
    feed_url: str | None = None


@dataclass(frozen=True, slots=True)
class Probe:
    """What a URL turned out to be when a person asked to follow it."""

    url: str  # after redirects (and the feed a page advertised)
    kind: str  # "feed", "liveblog" or "article"
    title: str
    count: int
    newest: float | None
    entries: tuple[ParsedEntry, ...] = ()  # what the person was shown: the link's backlog
    feed_url: str | None = None  # the feed a page advertised, followed instead


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """A followed source stopped working (failing for ``user_sources.dead_after``) or came
    back: its followers are told (see :mod:`bot.delivery.notices`)."""

    source_id: int
    name: str
    url: str
    dead: bool
    since: float  # when it started failing (dead), or when it came back


@dataclass(frozen=True, slots=True)
class Polled:
    """What one poll tells the scheduler: seconds until the next, and whether the database
    recorded that next check (when it could not, the scheduler holds the source back)."""

    delay: float
    recorded: bool = True


@dataclass(frozen=True, slots=True)
class SourceUpdate:
    """What a successful fetch changes on the source row, in the store's transaction."""

    etag: str | None
    last_modified: str | None
    next_check_at: float
    detected: str | None = None
    feed_url: str | None = None
    fingerprint: bytes | None = None


_PREPARING = ThreadPoolExecutor(1, thread_name_prefix="prepare")
"""One thread prepares new entries: it is CPU work under the GIL, and each further thread
would take the event loop's turn to answer people, not add speed."""

PROVISIONAL = 1 << 40
"""Entries are matched before they have ids; they are numbered from here meanwhile (above
any id, so every subscription already made sees them)."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """New entries ready to store: quiet ones, ones that may alert, and what those match."""

    quiet: list[ParsedEntry]
    loud: list[ParsedEntry]
    matches: Matches


class Refresher:
    """Refreshes sources and stores pushed items; shared by the scheduler, push and tests."""

    def __init__(
        self,
        db: Database,
        client: httpx.AsyncClient,
        people_client: httpx.AsyncClient,
        subscribers: Subscribers,
        settings: IngestSettings,
        *,
        retention: float,
        language: str,
        tagger: Tagger | None,
        stories: StoryIndex,
        writes: WriteHealth,
        on_alerts: Callable[[], None],
        warming: bool = False,
        metrics: Metrics | None = None,
        dead_after: float = 3 * 86400.0,
        on_health: Callable[[SourceHealth], None] | None = None,
        shared_after: int | None = None,
        countries: dict[str, str] | None = None,
    ) -> None:
        """``countries``: the sources' own countries by URL, where the configuration gives
        them (else the domain's, see :func:`bot.geo.tagger.home_country`).
        ``warming``: the tagger and the subscriptions are still loading; ingest waits
        until :meth:`warmed` says they are ready. ``on_health`` hears of a followed source
        failing for ``dead_after`` seconds (once), and of its coming back.
        ``shared_after``: other processes store entries too (processes of the ingest role),
        and ``stories`` holds those up to this entry id; each store then takes its turn
        among the processes and first learns the entries they stored since, so a story
        reported to two of them is still one story."""
        self._db = db
        self._client = client
        self._people = people_client
        self._countries = countries or {}
        self._subscribers = subscribers
        self._settings = settings
        self._retention = retention
        self._language = language
        self._tagger = tagger
        self._ready = asyncio.Event()  # ingest waits for the tagger and the subscriptions
        if not warming:
            self._ready.set()
        self._stories = stories
        self._writes = writes
        self._on_alerts = on_alerts
        self._metrics = metrics
        self._dead_after = dead_after
        self._on_health = on_health
        self._shared_after = shared_after

    def _prepare(
        self,
        state: SourceState,
        quiet: Sequence[ParsedEntry],
        loud: Sequence[ParsedEntry],
        now: float,
    ) -> Prepared:
        """The CPU work of ingest, in a thread before the store's transaction: terms,
        places and signatures, and who the entries that may alert match (numbered from
        ``PROVISIONAL`` until the store gives them ids): a source a person brought alerts
        only the chats that follow it."""
        language, tagger = self._language, self._tagger
        home = self._countries.get(state.url) or home_country(state.url)
        quiet = prepare(quiet, alert=False, language=language, tagger=tagger, home=home)
        loud = prepare(loud, alert=True, language=language, tagger=tagger, home=home)
        numbered = [
            Entry(PROVISIONAL + n, state.id, "", item.title, item.link, item.published_at, now,
                  item.summary, terms=item.terms, places=item.places)
            for n, item in enumerate(loud)
        ]  # fmt: skip
        return Prepared(quiet, loud, self._subscribers.match(numbered, now, shared=state.shared))

    def warmed(self, tagger: Tagger | None) -> None:
        """The tagger is built (None: places are off) and the subscriptions are loaded:
        ingest may proceed."""
        self._tagger = tagger
        self._ready.set()

    async def _get(
        self, url: str, etag: str | None, last_modified: str | None, *, person: bool = False
    ) -> FetchResult:
        """Fetch through the operator's client, or (``person``: a link someone brought) the
        client that holds it to public addresses."""
        return await fetch(
            self._people if person else self._client,
            url,
            etag=etag,
            last_modified=last_modified,
            max_bytes=self._settings.max_bytes,
            deadline=self._settings.timeout,
        )

    async def _parse(self, result: FetchResult, kind: str) -> ParsedFeed | FeedLink:
        assert result.body is not None
        return await asyncio.to_thread(
            parse_document, result.body, url=result.url, content_type=result.content_type, kind=kind
        )

    async def _nothing_new(self, source_id: int, body: bytes) -> bool:
        """Whether a feed lists only items stored before (read quickly, without the full
        parse; see :mod:`bot.ingest.feed_ids`). Items kept only as tombstones need the full
        path, which keeps those tombstones alive."""
        ids = await asyncio.to_thread(item_ids, body)
        if ids is None:
            return False
        known = await entries.known(self._db, source_id, ids)
        return not known.tombstones and known.guids.issuperset(ids)

    async def _fetch(self, state: SourceState, source: SourceSettings) -> Fetched:
        """Fetch and parse, as the source was pinned or first detected; follows a feed that
        a page advertises (once, then remembered)."""
        assert source.url is not None
        url, kind = source.url, str(source.kind)
        if kind == "auto" and state.feed_url:
            url, kind = state.feed_url, "feed"
        elif kind == "auto" and state.detected:
            kind = state.detected
        person = not state.shared
        result = await self._get(url, state.etag, state.last_modified, person=person)
        if result.body is None:
            return Fetched(result, None)
        if kind == "feed" and await self._nothing_new(state.id, result.body):
            return Fetched(result, ParsedFeed("", [], "feed"))
        document = await self._parse(result, kind)
        detected = None if kind != "auto" or isinstance(document, FeedLink) else document.kind
        if not isinstance(document, FeedLink):
            return Fetched(result, document, detected)
        log.info(
            "source %r: the page advertises the feed %s; following it", source.name, document.url
        )
        result, feed = await self._advertised(document, person=person)
        return Fetched(result, feed, "feed", document.url)

    async def _advertised(
        self, link: FeedLink, *, person: bool = False
    ) -> tuple[FetchResult, ParsedFeed]:
        """Fetch and parse the feed a page advertises."""
        result = await self._get(link.url, None, None, person=person)
        if result.body is None:
            raise FetchError(f"the advertised feed {link.url} sent no content", code="empty")
        feed = await self._parse(result, "feed")
        assert not isinstance(feed, FeedLink)
        return result, feed

    async def probe(self, url: str, *, person: bool = True) -> Probe:
        """Fetch a URL once, as a new source would be (every guard of the fetcher applies:
        private addresses, size, time), and say what it is; raises FetchError or
        ParseError with the reason. ``person``: a link someone brought (held to public
        addresses), not an operator's."""
        result = await self._get(url, None, None, person=person)
        if result.body is None:
            raise FetchError("the server sent no content", code="empty")
        document = await self._parse(result, "auto")
        feed_url = None
        if isinstance(document, FeedLink):
            feed_url = document.url
            result, document = await self._advertised(document, person=person)
        dates = [e.published_at for e in document.entries if e.published_at is not None]
        return Probe(
            url=result.url,
            kind=document.kind,
            title=document.title.strip(),
            count=len(document.entries),
            newest=max(dates) if dates else None,
            entries=tuple(document.entries),
            feed_url=feed_url,
        )

    async def prime(self, state: SourceState, found: Probe) -> None:
        """Store what a person was shown when they followed a link as its backlog, quietly,
        and poll it at once: what is published from then on alerts. (Its first poll stored
        whatever it found as the backlog: a post published between the check and that
        poll, seconds later on a busy machine, never alerted.) Raises StoreFailedError; the
        first poll then stores the backlog as before."""
        update = SourceUpdate(
            etag=None,
            last_modified=None,
            next_check_at=time.time(),
            detected="feed" if found.feed_url else found.kind,
            feed_url=found.feed_url,
            fingerprint=_fingerprint(found.kind, found.entries),
        )
        await self.ingest(state, state.name, found.entries, alert=False, update=update)

    def poll_delay(self, interval: float, max_age: float | None) -> float:
        """Seconds until the next poll: the interval, or longer when the server's
        ``Cache-Control: max-age`` says so, up to ``ingest.max_age_wait``."""
        if max_age is None:
            return interval
        return max(interval, min(max_age, self._settings.max_age_wait))

    async def refresh(self, source_id: int, source: SourceSettings) -> Polled:
        """Fetch one source and queue alerts for what is new in it; return when it should be
        fetched again (after its interval, or a backoff after a failure)."""
        state = await sources.get(self._db, source_id)
        if state is None:
            raise LookupError(f"source {source_id} is not in the database")
        timed = self._metrics.timer() if self._metrics is not None else None
        try:
            fetched = await self._fetch(state, source)
        except (FetchError, ParseError) as exc:
            self._count(_label(state), "failed", timed)
            wait = exc.retry_after if isinstance(exc, FetchError) else None
            return await self._failed(
                state, source, str(exc), code=error_code(exc), retry_after=wait
            )
        self._count(_label(state), "not_modified" if fetched.document is None else "ok", timed)
        delay = self.poll_delay(source.interval, fetched.result.max_age)
        document = fetched.document
        if document is None:  # 304 Not Modified: nothing to store, one small write
            recorded = await self._unchanged(state, source, fetched.result, time.time() + delay)
            if recorded:
                self._back(state)
            return Polled(delay, recorded)
        parsed = document.entries if document is not None else []
        fingerprint = _fingerprint(document.kind, parsed)
        if fingerprint is not None and not article.materially_changed(
            state.fingerprint, fingerprint
        ):
            parsed, fingerprint = [], None
        update = SourceUpdate(
            etag=fetched.result.etag or state.etag,
            last_modified=fetched.result.last_modified or state.last_modified,
            next_check_at=time.time() + delay,
            detected=fetched.detected,
            feed_url=fetched.feed_url,
            fingerprint=fingerprint,
        )
        try:
            await self.ingest(state, source.name, parsed, alert=state.primed, update=update)
        except StoreFailedError as exc:
            return await self._failed(
                state, source, f"could not store: {exc}", code="store", retry_after=None
            )
        self._back(state)
        return Polled(delay)

    def _back(self, state: SourceState) -> None:
        """A source whose followers were told it stopped working works again: tell them."""
        if state.dead_told and self._on_health is not None:
            self._on_health(SourceHealth(state.id, state.name, state.url, False, time.time()))

    def _count(self, source: str, result: str, timed: Callable[[], None] | None) -> None:
        """Record a fetch's result and duration in the metrics."""
        if self._metrics is not None and timed is not None:
            timed()
            self._metrics.fetches.labels(source=source, result=result).inc()

    async def _unchanged(
        self, state: SourceState, source: SourceSettings, result: FetchResult, next_at: float
    ) -> bool:
        """Record a 304; False if the database could not take it."""
        try:
            await sources.record_unchanged(
                self._db, state.id, etag=result.etag, last_modified=result.last_modified,
                next_check_at=next_at,
            )  # fmt: skip
        except FAILURES as exc:
            count = self._writes.failed(source.name, str(exc))
            log.error("%s: cannot record the poll (%d in a row): %s", source.name, count, exc)
            return False
        self._writes.succeeded(source.name)
        return True

    async def _failed(
        self,
        state: SourceState,
        source: SourceSettings,
        error: str,
        *,
        code: str,
        retry_after: float | None,
    ) -> Polled:
        """Record a failure and return the backoff (at least what the server asked for)."""
        failures = state.failures + 1
        delay = backoff(source.interval, failures, self._settings.max_backoff)
        if retry_after is not None:
            delay = max(delay, min(retry_after, _MAX_RETRY_AFTER))
        recorded = True
        try:
            failures, since = await sources.record_failure(
                self._db, state.id, error, code=code, next_check_at=time.time() + delay
            )
            if self._is_dead(state, since) and await sources.tell_dead(self._db, state.id):
                assert self._on_health is not None
                self._on_health(SourceHealth(state.id, state.name, state.url, True, since))
        except FAILURES as exc:
            log.error("source %r: cannot record the failure either: %s", source.name, exc)
            recorded = False
        log.warning(
            "source %r (%s) failed %d time(s) in a row: %s; retrying in %.0f s",
            source.name, source.url, failures, error, delay,
            extra={"source": source.name, "outcome": "failed"},
        )  # fmt: skip
        return Polled(delay, recorded)

    def _is_dead(self, state: SourceState, since: float) -> bool:
        """Whether a source has failed long enough that its followers (if any) should be
        told, and have not been."""
        return (
            self._on_health is not None
            and not state.dead_told
            and time.time() - since >= self._dead_after
            and bool(self._subscribers.follows.get(state.id))
        )

    def _split(
        self, parsed: Sequence[ParsedEntry], known: frozenset[str], *, alert: bool, now: float
    ) -> tuple[list[ParsedEntry], list[ParsedEntry]]:
        """The new entries, oldest first, as (quiet, loud): only loud ones may alert."""
        new = [
            item
            for item in entries.oldest_first(parsed)
            if item.guid not in known
            and (item.published_at is None or item.published_at >= now - self._retention)
        ]
        if not alert:
            return new, []
        newest = new[-self._settings.max_new_per_poll :]
        fresh = now - self._settings.max_age
        loud = [item for item in newest if item.published_at is None or item.published_at >= fresh]
        chosen = {id(item) for item in loud}
        return [item for item in new if id(item) not in chosen], loud

    async def ingest(
        self,
        state: SourceState,
        writer: str,
        parsed: Sequence[ParsedEntry],
        *,
        alert: bool,
        update: SourceUpdate | None = None,
    ) -> tuple[list[Entry], int]:
        """Store what is new, match it and queue its alerts, all in one transaction; return
        the new entries and how many alerts were queued. ``alert`` False stores a backlog.
        ``writer`` names who stores, for the failure count. Raises StoreFailedError."""
        await self._ready.wait()
        now = time.time()
        known = await entries.known(self._db, state.id, [item.guid for item in parsed])
        quiet, loud = self._split(parsed, known.guids, alert=alert, now=now)
        if alert and len(quiet) > 0 and len(loud) == self._settings.max_new_per_poll:
            log.warning(
                "%s: %d new entries at once; the oldest %d are stored without alerting "
                "(ingest.max_new_per_poll)", writer, len(quiet) + len(loud), len(quiet),
            )  # fmt: skip
        prepared = Prepared(quiet, loud, Matches.empty())
        if quiet or loud:
            prepared = await asyncio.get_running_loop().run_in_executor(
                _PREPARING, self._prepare, state, quiet, loud, now
            )
        try:
            stored, alerts, edits = await self._store(state, prepared, known, update, now)
        except FAILURES as exc:
            count = self._writes.failed(writer, str(exc))
            log.error(
                "%s: could not store %d new entries (%d failed store(s) in a row; nothing was "
                "kept, it will be tried again): %s", writer, len(quiet) + len(loud), count, exc,
            )  # fmt: skip
            raise StoreFailedError(str(exc)) from None
        self._writes.succeeded(writer)
        if self._metrics is not None:
            self._metrics.ingested.labels(source=_label(state)).inc(len(stored))
            self._metrics.queued.inc(alerts)
        if alerts or edits:
            self._on_alerts()
        if stored:
            log.info(
                "%s: %d new entries%s, %d alerts queued",
                writer, len(stored), "" if alert else " (first fetch: not alerted)", alerts,
                extra={"source": writer, "outcome": "stored"},
            )  # fmt: skip
        return stored, alerts

    async def _store(
        self,
        state: SourceState,
        prepared: Prepared,
        known: entries.Known,
        update: SourceUpdate | None,
        now: float,
    ) -> tuple[list[Entry], int, int]:
        """The one transaction, a few set-based statements whatever the number of entries:
        store, cluster, enqueue what matched, record the fetch."""
        async with self._db.transaction(bulk=True) as conn:
            if self._shared_after is not None:
                await conn.serialize(Turn.STORING)
                others = await entries.stories_after(conn, self._shared_after)
                if others:  # committed by the other processes: the index may know them now
                    self._stories.load(others)
                    self._shared_after = max(row[0] for row in others)
            stored, alerting = [
                await entries.insert_new(
                    conn, source_id=state.id, source_name=state.name, parsed=items, now=now
                )
                for items in (prepared.quiet, prepared.loud)
            ]
            if known.tombstones:
                await entries.touch_tombstones(conn, state.id, known.tombstones, now)
            # A person's source is theirs: its entries never join, name or edit a story
            # other chats see (each of its posts alerts its followers on its own).
            sketched = [(e, from_bytes(e.story)) for e in alerting if e.story and state.shared]
            assignment = self._stories.assign(
                [NewEntry(e.id, state.id, s) for e, s in sketched if s is not None], now
            )
            await entries.set_clusters(conn, assignment.stories)
            alerting = [replace(e, cluster_id=assignment.stories.get(e.id)) for e in alerting]
            ids = {e.guid: e.id for e in alerting}
            matches = prepared.matches.renumbered(
                ints([ids.get(p.guid, -1) for p in prepared.loud]), PROVISIONAL
            )
            alerts, edits = await outbox.enqueue(
                conn, matches, assignment.stories, now, repeats=assignment.repeats
            )
            if update is not None:
                await sources.record_success(
                    conn, state.id, etag=update.etag, last_modified=update.last_modified,
                    next_check_at=update.next_check_at,
                )  # fmt: skip
                if update.detected or update.feed_url or update.fingerprint:
                    await sources.record_discovery(
                        conn, state.id, detected=update.detected, feed_url=update.feed_url,
                        fingerprint=update.fingerprint,
                    )  # fmt: skip
            self._db.after_commit(lambda: self._stored(assignment, stored + alerting))
        return stored + alerting, alerts, edits

    def _stored(self, assignment: Assignment, new: Sequence[Entry]) -> None:
        """After the store's COMMIT: the story index takes its entries."""
        self._stories.add(assignment)
        if self._shared_after is not None and new:
            self._shared_after = max(self._shared_after, *(e.id for e in new))


def _fingerprint(kind: str, parsed: Sequence[ParsedEntry]) -> bytes | None:
    """An article page's fingerprint, by which a later fetch knows it materially changed
    (see :mod:`bot.ingest.article`); None for feeds and live blogs."""
    return article.fingerprint(parsed[0]) if kind == "article" and parsed else None


def error_code(exc: FetchError | ParseError) -> str:
    """Why a fetch failed, as a code people are told in their language (see
    :func:`bot.handlers.follow.why_not`): the fetch's (``timeout``, ``http_status:404``…),
    or ``unreadable`` for a document that is no feed, live blog or article."""
    if isinstance(exc, ParseError):
        return "unreadable"
    return f"{exc.code}:{exc.status}" if exc.code == "http_status" else exc.code


def _label(state: SourceState) -> str:
    """A source as /metrics names it: by its name if it is shared, else "user" (the title
    of a feed a person follows is theirs, and unbounded: attack run N8)."""
    return state.name if state.shared else "user"

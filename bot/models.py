"""Plain records passed between the pipeline's stages.

Data flows one way: a fetched document is parsed into ``ParsedEntry`` values, storage turns the
new ones into ``Entry`` rows, matching pairs them with ``Subscription`` rows, and delivery works
through ``OutboxItem`` rows. None of these types knows about Telegram or SQL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Origin = Literal["config", "operator", "user"]
"""Who added a source: the configuration file, an operator at runtime (/addsource), or a
person (/follow)."""
Mode = Literal["instant", "hourly", "daily"]
"""How a subscription's alerts arrive: each at once, or in an hourly or daily digest."""
QueueKind = Literal["alert", "edit"]
"""What a queued row is: an alert to send, or an edit of an earlier alert of its story."""
Carried = Literal["alert", "digest", "edit"]
"""What a message sent carried rows as."""
Outcome = Literal["sent", "failed", "skipped"]
"""How a queued row ended (the deliveries log)."""
Role = Literal["all", "updates", "ingest", "deliver"]
"""What a process does on the database (see :mod:`bot.roles`)."""


class ChatKind(StrEnum):
    """Telegram chat types that matter for rate limits and permissions."""

    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One item read from a source, cleaned, before it is stored."""

    guid: str
    title: str
    link: str
    published_at: float | None
    text: str
    summary: str  # the lead; "" until prepared (only new entries pay for it)
    places: tuple[str, ...] = ()
    story: bytes = field(default=b"", repr=False)  # story signature (MinHash), for clustering
    terms: tuple[str, ...] = field(default=(), repr=False)  # folded, stemmed: search and match
    # As the document declares it ("en", "uk-UA"), if it does; once prepared, the language
    # it was read in (ISO 639-1; None: not sure, read in the fallback language).
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """A stored entry; ``id`` grows with ingest order."""

    id: int
    source_id: int
    source_name: str
    title: str
    link: str
    published_at: float | None
    ingested_at: float
    summary: str
    terms: tuple[str, ...] = field(default=(), repr=False)
    places: tuple[str, ...] = ()
    cluster_id: int | None = None
    story: bytes = field(default=b"", repr=False)
    guid: str = field(default="", repr=False)  # the source's id for it (set when stored)
    language: str | None = None  # the language it was read in (see ParsedEntry.language)

    @property
    def shown_at(self) -> float:
        """The time to show a reader: when it was published, else when we saw it."""
        return self.published_at if self.published_at is not None else self.ingested_at


class Relation(StrEnum):
    """How an entry satisfied a subscription."""

    TOPIC = "topic"  # the topic's words are in the entry
    PLACE = "place"  # the entry mentions the followed place itself
    INSIDE = "inside"  # ... a place inside the followed country or region
    WITHIN = "within"  # ... a place within the followed radius
    SOURCE = "source"  # the entry comes from a followed source (and passed its filter)
    NOTE = "note"  # a reason written as text by an older version (upgraded queue rows)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one subscription matched an entry: data, rendered in words at send time."""

    subscription_id: int
    relation: Relation
    place: str = ""  # the entry's place key that matched (places only)
    km: float = 0.0  # its distance from the followed point (WITHIN only)
    text: str = ""  # NOTE only


@dataclass(frozen=True, slots=True)
class SourceState:
    """A source with what the last fetches did."""

    id: int
    name: str
    url: str
    enabled: bool
    etag: str | None
    last_modified: str | None
    primed: bool
    last_success_at: float | None
    last_error: str | None
    last_error_at: float | None
    failures: int
    entry_count: int = 0
    feed_url: str | None = None
    fingerprint: bytes | None = None
    detected: str | None = None  # what "auto" found the first time: feed, liveblog, article
    origin: Origin = "config"
    paused: bool = False  # an operator paused it: kept, not polled
    interval: float | None = None  # an operator's source: seconds between polls
    failing_since: float | None = None  # the first failure of the current run of failures
    dead_told: bool = False  # its followers were told it stopped working
    last_error_code: str | None = None  # why, for people: "timeout", "http_status:404"…

    @property
    def shared(self) -> bool:
        """Whether its entries are for everyone (topics, places, /latest), not only for the
        chats that follow it: a source a person brought is theirs and their followers'."""
        return self.origin != "user"


class Subscription(NamedTuple):
    """A chat's standing topic or place; it sees only entries with ``id > after_entry_id``.

    A named tuple rather than a frozen dataclass: start-up makes hundreds of thousands, and
    a tuple is made several times faster and smaller.

    For a place, ``place`` is a gazetteer key ("city:703448", "country:UA", "region:US-GA")
    or a shared location ("point:41.9,12.5"), ``query`` its label, and ``radius_km`` 0 for
    the place itself (and what lies inside it) or the distance around it.
    """

    id: int
    chat_id: int
    query: str
    after_entry_id: int
    place: str | None = None
    radius_km: float = 0.0
    muted_until: float | None = None
    mode: Mode = "instant"  # see bot.delivery.schedule
    digest_at: int | None = None  # daily: the minute of the chat's local day
    thread_id: int | None = None  # the forum topic it was made in, where alerts go
    source_id: int | None = None  # a followed source (/follow): its entries, all or filtered
    filter: str | None = None  # ... only those matching this topic

    @property
    def muted(self) -> bool:
        """Whether the subscription is muted right now."""
        return self.muted_until is not None and self.muted_until > time.time()


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One message owed to one chat: (chat, entry), its story, and why it matched."""

    id: int
    chat_id: int
    entry_id: int
    story_id: int
    reasons: tuple[Reason, ...]
    attempts: int
    uncertain: bool
    kind: QueueKind = "alert"
    hold_until: float = 0.0  # > 0: held until then; < 0: held, settings changed since


Match = tuple[int, int, tuple[Reason, ...]]
"""(chat id, entry id, why): one outbox row, from matching a new entry."""


def zone(name: str | None) -> ZoneInfo:
    """The time zone called ``name``, or UTC when it is unknown (an old tz database)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class Steering:
    """A chat's delivery settings: its time zone and quiet hours (minutes of the local
    day; start after end means the quiet crosses midnight), and the language it reads."""

    time_zone: str = "UTC"
    quiet_start: int | None = None
    quiet_end: int | None = None
    language: str = "en"

    @property
    def tz(self) -> ZoneInfo:
        """The chat's time zone."""
        return zone(self.time_zone)

    @property
    def has_quiet_hours(self) -> bool:
        """Whether quiet hours are set (and not empty)."""
        return (
            self.quiet_start is not None
            and self.quiet_end is not None
            and self.quiet_start != self.quiet_end
        )

"""Plain records passed between the pipeline's stages.

Data flows one way: a fetched document is parsed into ``ParsedEntry`` values, storage turns the
new ones into ``Entry`` rows, matching pairs them with ``Subscription`` rows, and delivery works
through ``OutboxItem`` rows. None of these types knows about Telegram or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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
    summary: str
    places: tuple[str, ...] = ()
    story: bytes = field(default=b"", repr=False)  # story signature (MinHash), for clustering


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

    @property
    def shown_at(self) -> float:
        """The time to show a reader: when it was published, else when we saw it."""
        return self.published_at if self.published_at is not None else self.ingested_at


@dataclass(frozen=True, slots=True)
class SourceState:
    """A configured source with what the last fetches did."""

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


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's standing topic or place; it sees only entries with ``id > after_entry_id``.

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


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One alert owed to one chat: (chat, entry) plus the subscriptions that matched."""

    id: int
    chat_id: int
    entry_id: int
    reasons: str
    attempts: int
    uncertain: bool
    kind: str = "alert"  # or "edit": update an earlier alert of the same story

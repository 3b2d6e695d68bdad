"""The ``sources`` table: configured sources, their polling schedule and the outcome of
their fetches.

Each polled source has a ``next_check_at``, written in the same transaction as the outcome
of the fetch that decided it, so the schedule survives restarts and the scheduler picks due
sources with an index range. ``detected`` remembers what "auto" found on the first
successful fetch, so a feed that briefly serves an HTML page is a failure, not a story.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from bot.config import SourceSettings
from bot.models import SourceState
from bot.store import workers
from bot.store.db import Database, Row, Transaction, Turn

_COLUMNS = (
    "s.id, s.name, s.url, s.enabled, s.etag, s.last_modified, s.primed, s.last_success_at, "
    "s.last_error, s.last_error_at, s.failures, s.feed_url, s.fingerprint, s.detected, "
    "s.origin, s.paused, s.interval, s.failing_since, s.dead_told, s.last_error_code"
)


MAX_URL = 2000


def url_key(url: str) -> str | None:
    """The URL as sources are keyed (scheme and host lower-cased, no fragment), or None if
    it is not an http(s) URL with a host, or longer than ``MAX_URL``."""
    if len(url) > MAX_URL or any(ord(c) < 0x21 or ord(c) == 0x7F for c in url.strip()):
        return None
    try:  # "http://[::1/x" and bad ports raise here; the fetcher refuses the rest
        parts = urlsplit(url.strip())
        host, _port = parts.hostname, parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    host = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def _state(row: Row, entry_count: int = 0) -> SourceState:
    return SourceState(
        id=row["id"],
        name=row["name"],
        url=row["url"],
        enabled=bool(row["enabled"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        primed=bool(row["primed"]),
        last_success_at=row["last_success_at"],
        last_error=row["last_error"],
        last_error_at=row["last_error_at"],
        last_error_code=row["last_error_code"],
        failures=row["failures"],
        entry_count=entry_count,
        feed_url=row["feed_url"],
        fingerprint=row["fingerprint"],
        detected=row["detected"],
        origin=row["origin"],
        paused=bool(row["paused"]),
        interval=row["interval"],
        failing_since=row["failing_since"],
        dead_told=bool(row["dead_told"]),
    )


async def sync(db: Database, configured: Sequence[SourceSettings]) -> list[SourceState]:
    """Make the table agree with the config: add new sources, rename, disable removed ones.

    Sources are keyed by URL, so renaming one keeps its history; a removed source is only
    disabled, so its entries stay searchable. One an operator removed with /removesource stays
    removed (the config is the seed); sources operators added at runtime are not touched.
    """
    async with db.transaction() as conn:
        await conn.execute("UPDATE sources SET enabled = 0 WHERE origin = 'config'")
        await conn.executemany(
            "INSERT INTO sources (name, url, enabled, kind) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET name = excluded.name, "
            "enabled = CASE WHEN sources.removed = 1 THEN sources.enabled "
            "ELSE excluded.enabled END, kind = excluded.kind, "
            "origin = CASE WHEN sources.removed = 1 THEN sources.origin ELSE 'config' END",
            [(s.name, s.key, int(s.enabled), s.kind) for s in configured],
        )
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM sources s WHERE enabled = 1 AND origin = 'config' ORDER BY id"
    )
    return [_state(row) for row in rows]


class TooManyLinksError(Exception):
    """The bot follows ``user_sources.max_total`` people's links already."""


async def add_user(db: Database, url: str, name: str, *, most: int) -> tuple[int, bool]:
    """A source a person follows, keyed by its URL like the operator's: (its id, whether it
    is the operators' and polled already). One row however many chats follow it, so it is
    polled once; one the operator removed from the config becomes the person's. A new one
    beyond ``most`` people's sources raises TooManyLinksError: counted in the transaction
    that adds it, so simultaneous follows cannot pass the cap (attack run N7)."""
    async with db.transaction() as conn:
        await conn.serialize(Turn.FOLLOWING)
        known = await conn.fetchone("SELECT 1 FROM sources WHERE url = ? AND enabled = 1", (url,))
        if known is None:
            row = await conn.fetchone(_USER_COUNT)
            if row is not None and int(row[0]) >= most:
                raise TooManyLinksError
        added = await conn.fetchone(
            "INSERT INTO sources (name, url, enabled, kind, origin) VALUES (?, ?, 1, 'auto', "
            "'user') ON CONFLICT (url) DO UPDATE SET origin = CASE WHEN sources.origin IN "
            "('config', 'operator') AND sources.enabled = 1 THEN sources.origin ELSE 'user' "
            "END, next_check_at = CASE WHEN sources.enabled = 1 THEN sources.next_check_at "
            "ELSE 0 END, enabled = 1 RETURNING id, origin",
            (name, url),
        )
    assert added is not None
    return int(added[0]), added[1] in ("config", "operator")


async def add_operator(
    db: Database, url: str, name: str, interval: float
) -> tuple[int, str | None]:
    """A source an operator adds at runtime, polled every ``interval`` and shared like the
    config's: (its id, what it was before: "config", "operator" or "user" if enabled then,
    else None). A person's source becomes everyone's; a configured one stays as it is."""
    async with db.transaction() as conn:
        row = await conn.fetchone("SELECT id, origin, enabled FROM sources WHERE url = ?", (url,))
        before = str(row[1]) if row is not None and row[2] else None
        if row is not None and before in ("config", "operator"):
            return int(row[0]), before
        added = await conn.fetchone(
            "INSERT INTO sources (name, url, enabled, kind, origin, interval) "
            "VALUES (?, ?, 1, 'auto', 'operator', ?) ON CONFLICT (url) DO UPDATE SET "
            "name = excluded.name, enabled = 1, origin = 'operator', paused = 0, removed = 0, "
            "interval = excluded.interval, next_check_at = 0 RETURNING id",
            (name, url, interval),
        )
        assert added is not None
        return int(added[0]), before


async def remove(db: Database, source_id: int) -> int | None:
    """An operator removes a shared source: it stays removed across restarts even if the
    config still lists it, and its entries are kept (searchable until pruned). A source chats
    follow by its link stays polled for them, as theirs. Returns how many chats follow it
    (None: no such shared source)."""
    async with db.transaction() as conn:
        row = await conn.fetchone(
            "SELECT count(*) FROM subscriptions WHERE source_id = ?", (source_id,)
        )
        followers = int(row[0]) if row else 0
        changed = await conn.execute(
            "UPDATE sources SET removed = 1, origin = 'user', enabled = ? WHERE id = ? "
            "AND enabled = 1 AND origin IN ('config', 'operator')",
            (int(followers > 0), source_id),
        )
        return followers if changed > 0 else None


async def set_paused(db: Database, source_id: int, paused: bool) -> bool:
    """Pause (kept, not polled) or resume a source; a resumed one is checked at once.
    False if it was already so."""
    changed = await db.execute(
        "UPDATE sources SET paused = ?, next_check_at = CASE WHEN ? THEN next_check_at ELSE 0 "
        "END WHERE id = ? AND enabled = 1 AND paused != ?",
        (int(paused), int(paused), source_id, int(paused)),
    )
    return changed > 0


async def find(db: Database, text: str) -> list[SourceState]:
    """Enabled sources an operator means by ``text``: its number (``7`` or ``#7``), its URL,
    or its name (exactly, then as a prefix; letter case ignored)."""
    text = text.strip()
    number = text.removeprefix("#")
    if number.isascii() and number.isdigit() and len(number) < 19:
        row = await db.fetchone(
            f"SELECT {_COLUMNS} FROM sources s WHERE id = ? AND enabled = 1", (int(number),)
        )
        return [_state(row)] if row else []
    for condition, value in (
        ("url = ?", text),
        ("lower(name) = lower(?)", text),
        ("lower(name) LIKE lower(?) ESCAPE '\\'", _like_prefix(text)),
    ):
        rows = await db.fetchall(
            f"SELECT {_COLUMNS} FROM sources s WHERE enabled = 1 AND {condition} "
            "ORDER BY origin = 'user', id LIMIT 10",
            (value,),
        )
        if rows:
            return [_state(row) for row in rows]
    return []


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


async def operator_sources(db: Database) -> list[SourceState]:
    """Sources operators added at runtime (polled besides the config's)."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM sources s WHERE origin = 'operator' AND enabled = 1 ORDER BY id"
    )
    return [_state(row) for row in rows]


async def followed_user_sources(db: Database) -> list[SourceState]:
    """People's sources that someone follows (what the scheduler polls besides the config's)."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM sources s WHERE origin = 'user' AND enabled = 1 AND EXISTS "
        "(SELECT 1 FROM subscriptions f WHERE f.source_id = s.id) ORDER BY id"
    )
    return [_state(row) for row in rows]


_USER_COUNT = "SELECT count(*) FROM sources WHERE origin = 'user' AND enabled = 1"


async def user_count(db: Database) -> int:
    """How many people's sources are polled."""
    row = await db.fetchone(_USER_COUNT)
    return int(row[0]) if row else 0


async def known(db: Database, url: str) -> bool:
    """Whether a source with this URL exists (following it adds no polling)."""
    row = await db.fetchone("SELECT 1 FROM sources WHERE url = ? AND enabled = 1", (url,))
    return row is not None


async def stop_if_unfollowed(db: Database, source_id: int) -> bool:
    """Disable a person's source nobody follows any more; True if it was."""
    changed = await db.execute(
        "UPDATE sources SET enabled = 0 WHERE id = ? AND origin = 'user' AND NOT EXISTS "
        "(SELECT 1 FROM subscriptions WHERE source_id = ?)",
        (source_id, source_id),
    )
    return changed > 0


async def urls(db: Database, source_ids: Sequence[int]) -> dict[int, str]:
    """The URLs of these sources, by id."""
    found: dict[int, str] = {}
    for start in range(0, len(source_ids), 500):
        chunk = list(source_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = await db.fetchall(f"SELECT id, url FROM sources WHERE id IN ({marks})", chunk)
        found.update({int(row[0]): str(row[1]) for row in rows})
    return found


async def get(db: Database, source_id: int) -> SourceState | None:
    """One source by id."""
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM sources s WHERE id = ?", (source_id,))
    return _state(row) if row else None


_SHARED = "enabled = 1 AND origin IN ('config', 'operator')"
_ALL_ROWS = 2**62  # a LIMIT both engines read as "no limit" (SQLite's -1 is PostgreSQL's error)


async def overview(db: Database, *, offset: int = 0, limit: int | None = None) -> list[SourceState]:
    """The shared sources (the config's and those operators added) with their stored entry
    counts, by name, for /sources and /stats (what people follow with /follow is theirs: it
    is not listed to everyone); ``limit`` of them (all: None) after the first ``offset``."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS}, (SELECT count(*) FROM entries e WHERE e.source_id = s.id) AS n "
        f"FROM sources s WHERE {_SHARED} ORDER BY lower(s.name), s.id LIMIT ? OFFSET ?",
        (_ALL_ROWS if limit is None else limit, offset),
    )
    return [_state(row, row["n"]) for row in rows]


async def shared_count(db: Database) -> int:
    """How many shared sources there are (for /sources' pages)."""
    row = await db.fetchone(f"SELECT count(*) FROM sources WHERE {_SHARED}")
    return int(row[0]) if row else 0


_POLLED = "enabled = 1 AND paused = 0 AND kind != 'push'"


async def due(db: Database, worker: int, *, now: float, limit: int) -> list[int]:
    """Polled sources whose next check is due and that ``worker`` could claim (see
    :func:`claim`), the most overdue first."""
    rows = await db.fetchall(
        f"SELECT id FROM sources WHERE {_POLLED} AND next_check_at <= ? AND {workers.FREE} "
        "ORDER BY next_check_at LIMIT ?",
        (now, worker, now, limit),
    )
    return [row[0] for row in rows]


async def next_check(db: Database, *, after: float) -> float | None:
    """The earliest next check later than ``after``, to sleep until then."""
    row = await db.fetchone(
        f"SELECT next_check_at FROM sources WHERE {_POLLED} AND next_check_at > ? "
        "ORDER BY next_check_at LIMIT 1",
        (after,),
    )
    return float(row[0]) if row else None


async def claim(db: Database, worker: int, source_id: int) -> bool:
    """Claim a due source for one fetch by ``worker``; False if another live worker has it,
    or has just fetched it (it is no longer due): several ingest processes share the
    sources, and each fetch is made by one of them."""
    now = time.time()
    rows = await db.execute_returning(
        "UPDATE sources SET owner = ? WHERE id IN (SELECT id FROM sources WHERE id = ? "
        f"AND {_POLLED} AND next_check_at <= ? AND {workers.FREE}"
        f"{workers.SKIP_LOCKED[db.dialect]}) RETURNING id",
        (worker, source_id, now, worker, now),
    )
    return bool(rows)


async def release(db: Database, worker: int, source_id: int) -> None:
    """The fetch is over (its outcome and next check are recorded)."""
    await db.execute(
        "UPDATE sources SET owner = NULL WHERE id = ? AND owner = ?", (source_id, worker)
    )


async def record_success(
    conn: Transaction,
    source_id: int,
    *,
    etag: str | None,
    last_modified: str | None,
    next_check_at: float,
) -> None:
    """Note a successful fetch and when to check next; the source is primed from now on
    (its backlog is stored)."""
    await conn.execute(
        "UPDATE sources SET etag = ?, last_modified = ?, primed = 1, last_success_at = ?, "
        "failures = 0, last_error = NULL, last_error_code = NULL, failing_since = NULL, "
        "dead_told = 0, "
        "next_check_at = ? WHERE id = ?",
        (etag, last_modified, time.time(), next_check_at, source_id),
    )


async def record_unchanged(
    db: Database,
    source_id: int,
    *,
    etag: str | None,
    last_modified: str | None,
    next_check_at: float,
) -> None:
    """Note a 304 Not Modified: a success, with validators updated only when the server
    sent new ones (RFC 9111 4.3.4)."""
    await db.execute(
        "UPDATE sources SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
        "primed = 1, last_success_at = ?, failures = 0, last_error = NULL, last_error_code = NULL, "
        "failing_since = NULL, dead_told = 0, next_check_at = ? WHERE id = ?",
        (etag, last_modified, time.time(), next_check_at, source_id),
    )


async def record_discovery(
    conn: Transaction,
    source_id: int,
    *,
    detected: str | None,
    feed_url: str | None,
    fingerprint: bytes | None,
) -> None:
    """Remember what auto-detection found, the feed a page advertised, and the fingerprint
    of an article page's text."""
    await conn.execute(
        "UPDATE sources SET detected = coalesce(detected, ?), feed_url = coalesce(?, feed_url), "
        "fingerprint = coalesce(?, fingerprint) WHERE id = ?",
        (detected, feed_url, fingerprint, source_id),
    )


async def record_failure(
    db: Database, source_id: int, error: str, *, code: str, next_check_at: float
) -> tuple[int, float]:
    """Note a failed fetch (the operator's English ``error``, and why as a ``code`` people
    are told in their language) and when to retry; return how many have failed in a row
    and since when."""
    now = time.time()
    rows = await db.execute_returning(
        "UPDATE sources SET failures = failures + 1, last_error = ?, last_error_code = ?, "
        "last_error_at = ?, failing_since = coalesce(failing_since, ?), next_check_at = ? "
        "WHERE id = ? RETURNING failures, failing_since",
        (error[:500], code[:100], now, now, next_check_at, source_id),
    )
    return (int(rows[0][0]), float(rows[0][1])) if rows else (0, now)


async def tell_dead(db: Database, source_id: int) -> bool:
    """Mark a failing source's followers as told it stopped working; False if they were
    already (told once per run of failures)."""
    changed = await db.execute(
        "UPDATE sources SET dead_told = 1 WHERE id = ? AND dead_told = 0", (source_id,)
    )
    return changed > 0

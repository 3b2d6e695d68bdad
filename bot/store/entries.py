"""The ``entries`` table and its FTS5 index of stemmed terms.

The FTS index stores the same folded, stemmed tokens the matcher uses, so a search and an
alert agree on what matches; the matcher then re-checks every FTS hit (phrases, exclusions).
Rows are ordered by id, which follows ingest order; searches order their hits by when each
story was published (a source's backlog, stored late, does not hide newer stories).

Ids are never reused (AUTOINCREMENT). Pruning leaves a tombstone (source, hash of the entry's
id) behind, so a source that still lists a pruned item never makes it new again; a tombstone
lives until its source has not listed the item for the retention period.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from bot.match.query import Document, Query, Term
from bot.models import Entry, ParsedEntry
from bot.store.db import Database, Row, Transaction

_T = TypeVar("_T")

NEWEST_ENTRY = {
    "sqlite": "(SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'entries')",
    "postgres": "(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM entries_ids)",
}
"""The newest entry id ever given (not max(id): entries may have been pruned), as SQL."""

_SELECT = (
    "SELECT e.id, e.source_id, s.name AS source_name, e.title, e.link, e.published_at, "
    "e.ingested_at, e.summary, e.places, e.cluster_id, e.language, f.terms FROM entries e "
    "JOIN sources s ON s.id = e.source_id JOIN entries_fts f ON f.rowid = e.id"
)


def _entry(row: Row) -> Entry:
    return Entry(
        id=row["id"],
        source_id=row["source_id"],
        source_name=row["source_name"],
        title=row["title"],
        link=row["link"],
        published_at=row["published_at"],
        ingested_at=row["ingested_at"],
        summary=row["summary"],
        terms=tuple(row["terms"].split()),
        places=tuple(row["places"].split()),
        cluster_id=row["cluster_id"],
        language=row["language"],
    )


def oldest_first(parsed: Sequence[ParsedEntry]) -> list[ParsedEntry]:
    """Feeds list newest first; store oldest first so ids follow the order of events.
    Repeated ids within one document are kept once."""
    items = list(reversed(parsed))
    if all(item.published_at is not None for item in items):
        items.sort(key=lambda item: item.published_at or 0.0)
    seen: set[str] = set()
    unique = []
    for item in items:
        if item.guid not in seen:
            seen.add(item.guid)
            unique.append(item)
    return unique


def guid_hash(guid: str) -> int:
    """A 64-bit hash of an entry id, as kept in tombstones."""
    return int.from_bytes(
        hashlib.blake2b(guid.encode(), digest_size=8).digest(), "big", signed=True
    )


def _chunks(values: Sequence[_T], size: int = 500) -> Iterator[Sequence[_T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(frozen=True, slots=True)
class Known:
    """Which of a document's entry ids a source gave before: still stored, or pruned."""

    guids: frozenset[str]
    tombstones: tuple[int, ...]  # hashes of pruned ids the source still lists


async def known(db: Database, source_id: int, guids: Sequence[str]) -> Known:
    """The ids among ``guids`` this source gave before (see :class:`Known`)."""
    found: set[str] = set()
    for names in _chunks(guids):
        rows = await db.fetchall(
            f"SELECT guid FROM entries WHERE source_id = ? AND guid IN ({_marks(names)})",
            (source_id, *names),
        )
        found.update(row[0] for row in rows)
    rest = [g for g in guids if g not in found]
    by_hash = {guid_hash(g): g for g in rest}
    pruned: list[int] = []
    for chunk in _chunks(list(by_hash)):
        rows = await db.fetchall(
            "SELECT guid_hash FROM tombstones WHERE source_id = ? "
            f"AND guid_hash IN ({_marks(chunk)})",
            (source_id, *chunk),
        )
        pruned.extend(row[0] for row in rows)
    found.update(by_hash[h] for h in pruned)
    return Known(frozenset(found), tuple(pruned))


async def touch_tombstones(
    conn: Transaction, source_id: int, hashes: Sequence[int], now: float
) -> None:
    """The source still lists these pruned entries: keep their tombstones (at most daily)."""
    await conn.executemany(
        "UPDATE tombstones SET seen_at = ? WHERE source_id = ? AND guid_hash = ? AND seen_at < ?",
        [(now, source_id, h, now - 86400.0) for h in hashes],
    )


async def insert_new(
    conn: Transaction,
    *,
    source_id: int,
    source_name: str,
    parsed: Sequence[ParsedEntry],
    now: float,
) -> list[Entry]:
    """Store the entries this source has not given before, in the order given; return
    just those. ``parsed`` carries its search terms (see :mod:`bot.ingest.prepare`).

    Set-based, whatever the number of entries: ids are given here, after the newest id
    ever given (so ids keep growing with ingest order), and the rows go in with one
    ``executemany``; an entry the source gave meanwhile (a push racing a poll) is skipped.
    """
    if not parsed:
        return []
    row = await conn.fetchone(f"SELECT {NEWEST_ENTRY[conn.dialect]}")
    first = int(row[0] if row else 0) + 1
    await conn.executemany(
        "INSERT INTO entries "
        "(id, source_id, guid, title, link, published_at, ingested_at, summary, places, "
        "minhash, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (source_id, guid) DO NOTHING",
        [
            (first + n, source_id, item.guid, item.title, item.link, item.published_at, now,
             item.summary, " ".join(item.places), item.story or None, item.language)
            for n, item in enumerate(parsed)
        ],
    )  # fmt: skip
    inserted = {
        row[0]
        for row in await conn.fetchall(
            "SELECT id FROM entries WHERE id BETWEEN ? AND ?", (first, first + len(parsed) - 1)
        )
    }
    stored = [
        Entry(id=first + n, source_id=source_id, source_name=source_name, title=item.title,
              link=item.link, published_at=item.published_at, ingested_at=now,
              summary=item.summary, terms=item.terms, places=item.places, story=item.story,
              guid=item.guid, language=item.language)
        for n, item in enumerate(parsed)
        if first + n in inserted
    ]  # fmt: skip
    await conn.executemany(
        "INSERT INTO entries_fts (rowid, terms) VALUES (?, ?)",
        [(entry.id, " ".join(entry.terms)) for entry in stored],
    )
    if stored and conn.dialect == "postgres":  # SQLite's AUTOINCREMENT counts by itself
        await conn.execute(
            "SELECT setval('entries_ids', greatest(?, (SELECT last_value FROM entries_ids)))",
            (stored[-1].id,),
        )
    return stored


def _fts_term(term: Term) -> str:
    return '"' + " ".join(term) + '"'


def fts_expression(query: Query) -> str:
    """The FTS5 MATCH expression that finds candidates for ``query``."""
    groups = " AND ".join(
        "(" + " OR ".join(_fts_term(t) for t in group) + ")" for group in query.groups
    )
    if not query.excluded:
        return groups
    return f"({groups}) NOT (" + " OR ".join(_fts_term(t) for t in query.excluded) + ")"


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def ts_expression(query: Query) -> str:
    """The PostgreSQL tsquery that finds candidates for ``query`` among the terms' lexemes.
    Lexemes have no positions, so a phrase is its words together (the query's own test
    then checks their order), and only one-word exclusions narrow the candidates."""
    groups = " & ".join(
        "(" + " | ".join("(" + " & ".join(map(_lexeme, t)) + ")" for t in group) + ")"
        for group in query.groups
    )
    excluded = [t[0] for t in query.excluded if len(t) == 1]
    if not excluded:
        return groups
    return f"({groups}) & !(" + " | ".join(map(_lexeme, excluded)) + ")"


_MATCH = {"sqlite": "entries_fts MATCH ?", "postgres": "f.lexemes @@ ?::tsquery"}
_EXPRESSION = {"sqlite": fts_expression, "postgres": ts_expression}


_SHOWN = "least(e.published_at, e.ingested_at)"
"""When a story happened, for ordering: its publication time, but never later than when we
stored it (a feed dating an item in the future does not pin it to the top)."""


def _newest_stories(rows: Sequence[Row], keep: Callable[[Entry], bool]) -> list[Entry]:
    found: list[Entry] = []
    stories: set[int] = set()
    for row in rows:
        entry = _entry(row)
        story = entry.cluster_id or entry.id
        if story not in stories and keep(entry):
            stories.add(story)
            found.append(entry)
    return found


async def search(
    db: Database, query: Query, *, limit: int, offset: int = 0, scan: int = 500
) -> list[Entry]:
    """The stored stories matching ``query``, newest published first (one entry per story),
    ``limit`` of them after the first ``offset``; sources people brought are theirs and are
    not searched."""
    rows = await db.fetchall(
        f"{_SELECT} WHERE {_MATCH[db.dialect]} AND s.origin != 'user' "
        f"ORDER BY {_SHOWN} DESC, e.id DESC LIMIT ?",
        (_EXPRESSION[db.dialect](query), scan),
    )
    found = _newest_stories(rows, lambda entry: query.matches(Document(entry.terms)))
    return found[offset : offset + limit]


async def with_places(
    db: Database, keep: Callable[[Entry], bool], *, limit: int, offset: int = 0, scan: int = 3000
) -> list[Entry]:
    """The newest stored stories that mention places and satisfy ``keep`` (a place
    subscription's test), newest published first, ``limit`` after the first ``offset``."""
    rows = await db.fetchall(
        f"{_SELECT} WHERE e.id IN (SELECT id FROM entries WHERE places != '' "
        "ORDER BY id DESC LIMIT ?) AND s.origin != 'user' "
        f"ORDER BY {_SHOWN} DESC, e.id DESC",
        (scan,),
    )
    return _newest_stories(rows, keep)[offset : offset + limit]


async def from_source(
    db: Database, source_id: int, keep: Callable[[Entry], bool], *, limit: int, scan: int = 500
) -> list[Entry]:
    """A source's newest stored stories that satisfy ``keep`` (a follow's filter)."""
    rows = await db.fetchall(
        f"{_SELECT} WHERE e.id IN (SELECT id FROM entries WHERE source_id = ? "
        f"ORDER BY id DESC LIMIT ?) ORDER BY {_SHOWN} DESC, e.id DESC",
        (source_id, scan),
    )
    return _newest_stories(rows, keep)[:limit]


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


async def get_many(db: Database, entry_ids: Sequence[int]) -> dict[int, Entry]:
    """Entries by id (missing ids are left out)."""
    found: dict[int, Entry] = {}
    for chunk in _chunks(entry_ids):
        rows = await db.fetchall(f"{_SELECT} WHERE e.id IN ({_marks(chunk)})", tuple(chunk))
        found.update((row["id"], _entry(row)) for row in rows)
    return found


async def set_clusters(conn: Transaction, clusters: dict[int, int]) -> None:
    """Record which story (cluster) each new entry belongs to."""
    await conn.executemany(
        "UPDATE entries SET cluster_id = ? WHERE id = ?", [(c, e) for e, c in clusters.items()]
    )


async def recent_stories(db: Database, since: float) -> list[tuple[int, int, int, bytes, float]]:
    """(id, story, source, signature, ingested at) of the entries since ``since`` that may
    alert, to rebuild the story index after a restart."""
    rows = await db.fetchall(
        "SELECT id, coalesce(cluster_id, id), source_id, minhash, ingested_at FROM entries "
        "WHERE ingested_at >= ? AND minhash IS NOT NULL",
        (since,),
    )
    return [(r[0], r[1], r[2], bytes(r[3]), r[4]) for r in rows]


async def stories_after(
    conn: Transaction, entry_id: int
) -> list[tuple[int, int, int, bytes, float]]:
    """As :func:`recent_stories`, the entries stored after ``entry_id`` (by other
    processes, as this transaction sees them)."""
    rows = await conn.fetchall(
        "SELECT id, coalesce(cluster_id, id), source_id, minhash, ingested_at FROM entries "
        "WHERE id > ? AND minhash IS NOT NULL",
        (entry_id,),
    )
    return [(r[0], r[1], r[2], bytes(r[3]), r[4]) for r in rows]


async def newest_id(db: Database) -> int:
    """The newest stored entry's id (0: none): committed entries only, unlike
    :data:`NEWEST_ENTRY` (a PostgreSQL sequence counts ids another process's store has
    taken and not yet committed, which a catch-up "after" it would then miss)."""
    row = await db.fetchone("SELECT coalesce(max(id), 0) FROM entries")
    return int(row[0]) if row is not None else 0


async def story_sources(db: Database, story_id: int) -> list[str]:
    """Names of the shared sources that reported a story, in the order they did (a source
    people brought is never named: see :mod:`bot.match.stories`)."""
    rows = await db.fetchall(
        "SELECT s.name FROM entries e JOIN sources s ON s.id = e.source_id "
        "WHERE (e.id = ? OR e.cluster_id = ?) AND s.origin != 'user' "
        "GROUP BY s.name ORDER BY min(e.id)",
        (story_id, story_id),
    )
    return [row[0] for row in rows]


class Report(NamedTuple):
    """One source's report of a story: what "🗞 Sources" lists."""

    source: str
    title: str
    link: str


async def story_reports(db: Database, story_id: int, *, limit: int = 20) -> list[Report]:
    """The first report of each shared source of a story, in the order they came."""
    rows = await db.fetchall(
        "SELECT s.name, e.title, e.link FROM entries e JOIN sources s ON s.id = e.source_id "
        "WHERE e.id IN (SELECT min(e2.id) FROM entries e2 JOIN sources s2 "
        "ON s2.id = e2.source_id WHERE (e2.id = ? OR e2.cluster_id = ?) AND s2.origin != 'user' "
        "GROUP BY e2.source_id) ORDER BY e.id LIMIT ?",
        (story_id, story_id, limit),
    )
    return [Report(row[0], row[1], row[2]) for row in rows]


PRUNE_BATCH = 2000


async def prune(db: Database, *, older_than: float, batch: int = PRUNE_BATCH) -> int:
    """Delete entries ingested before ``older_than`` that no queued alert still needs,
    leaving tombstones. Works in batches, each its own short transaction, so ingest and
    delivery interleave.
    """
    removed = 0
    while True:
        async with db.transaction(bulk=True) as conn:
            rows = list(
                await conn.fetchall(
                    "DELETE FROM entries WHERE id IN (SELECT e.id FROM entries e "
                    "WHERE e.ingested_at < ? AND NOT EXISTS "
                    "(SELECT 1 FROM outbox o WHERE o.entry_id = e.id) LIMIT ?) "
                    "RETURNING id, source_id, guid",
                    (older_than, batch),
                )
            )
            now = time.time()
            await conn.executemany(
                "INSERT INTO tombstones (source_id, guid_hash, seen_at) VALUES (?, ?, ?) "
                "ON CONFLICT (source_id, guid_hash) DO UPDATE SET seen_at = excluded.seen_at",
                [(row[1], guid_hash(row[2]), now) for row in rows],
            )
            await conn.executemany(
                "DELETE FROM entries_fts WHERE rowid = ?", [(row[0],) for row in rows]
            )
        removed += len(rows)
        if len(rows) < batch:
            return removed


async def forget_tombstones(db: Database, *, seen_before: float) -> int:
    """Delete tombstones whose source has not listed their entry since ``seen_before``."""
    return await db.execute("DELETE FROM tombstones WHERE seen_at < ?", (seen_before,))

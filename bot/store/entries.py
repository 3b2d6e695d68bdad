"""The ``entries`` table and its FTS5 index of stemmed terms.

The FTS index stores the same folded, stemmed tokens the matcher uses, so a search and an
alert agree on what matches; the matcher then re-checks every FTS hit (phrases, exclusions).
Rows are ordered by id, which follows ingest order: "newest first" is ``ORDER BY rowid DESC``,
which SQLite answers from the index instead of sorting every hit by a date column.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence

import aiosqlite

from bot.match.query import Document, Query, Term
from bot.match.text import terms
from bot.models import Entry, ParsedEntry
from bot.store.db import Database

MAX_INDEXED_CHARS = 20_000

_SELECT = (
    "SELECT e.id, e.source_id, s.name AS source_name, e.title, e.link, e.published_at, "
    "e.ingested_at, e.summary, e.places, e.cluster_id, f.terms FROM entries e "
    "JOIN sources s ON s.id = e.source_id JOIN entries_fts f ON f.rowid = e.id"
)


def _entry(row: sqlite3.Row) -> Entry:
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
    )


def _oldest_first(parsed: Sequence[ParsedEntry]) -> list[ParsedEntry]:
    """Feeds list newest first; store oldest first so ids follow the order of events."""
    items = list(reversed(parsed))
    if all(item.published_at is not None for item in items):
        items.sort(key=lambda item: item.published_at or 0.0)
    return items


async def insert_new(
    conn: aiosqlite.Connection,
    *,
    source_id: int,
    source_name: str,
    parsed: Sequence[ParsedEntry],
    language: str,
) -> list[Entry]:
    """Store the entries this source has not given before; return just those, oldest first."""
    now = time.time()
    stored: list[Entry] = []
    seen: set[str] = set()
    for item in _oldest_first(parsed):
        if item.guid in seen:
            continue
        seen.add(item.guid)
        async with conn.execute(
            "INSERT INTO entries "
            "(source_id, guid, title, link, published_at, ingested_at, summary, places, minhash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source_id, guid) DO NOTHING RETURNING id",
            (
                source_id,
                item.guid,
                item.title,
                item.link,
                item.published_at,
                now,
                item.summary,
                " ".join(item.places),
                item.story or None,
            ),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            continue
        tokens = terms(f"{item.title}\n{item.text[:MAX_INDEXED_CHARS]}", language)
        await conn.execute(
            "INSERT INTO entries_fts (rowid, terms) VALUES (?, ?)", (row[0], " ".join(tokens))
        )
        stored.append(
            Entry(
                id=row[0],
                source_id=source_id,
                source_name=source_name,
                title=item.title,
                link=item.link,
                published_at=item.published_at,
                ingested_at=now,
                summary=item.summary,
                terms=tuple(tokens),
                places=item.places,
                story=item.story,
            )
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


async def search(db: Database, query: Query, *, limit: int, scan: int = 200) -> list[Entry]:
    """The newest stored entries matching ``query``, newest first, at most ``limit``."""
    rows = await db.fetchall(
        f"{_SELECT} WHERE entries_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?",
        (fts_expression(query), scan),
    )
    found: list[Entry] = []
    stories: set[int] = set()
    for row in rows:
        entry = _entry(row)
        story = entry.cluster_id or entry.id
        if story not in stories and query.matches(Document(entry.terms)):
            stories.add(story)
            found.append(entry)
            if len(found) == limit:
                break
    return found


async def get_many(db: Database, entry_ids: Sequence[int]) -> dict[int, Entry]:
    """Entries by id (missing ids are left out)."""
    if not entry_ids:
        return {}
    marks = ",".join("?" * len(entry_ids))
    rows = await db.fetchall(f"{_SELECT} WHERE e.id IN ({marks})", tuple(entry_ids))
    return {row["id"]: _entry(row) for row in rows}


async def set_clusters(conn: aiosqlite.Connection, clusters: dict[int, int]) -> None:
    """Record which story (cluster) each new entry belongs to."""
    await conn.executemany(
        "UPDATE entries SET cluster_id = ? WHERE id = ?", [(c, e) for e, c in clusters.items()]
    )


async def recent_stories(db: Database, since: float) -> list[tuple[int, int, int, bytes, float]]:
    """(id, cluster, source, signature, ingested at) of entries since ``since``, to rebuild
    the story index after a restart."""
    rows = await db.fetchall(
        "SELECT id, coalesce(cluster_id, id), source_id, minhash, ingested_at FROM entries "
        "WHERE ingested_at >= ? AND minhash IS NOT NULL",
        (since,),
    )
    return [(r[0], r[1], r[2], bytes(r[3]), r[4]) for r in rows]


async def story_sources(db: Database, cluster_id: int) -> list[str]:
    """Names of the sources that reported a story, in the order they did."""
    rows = await db.fetchall(
        "SELECT s.name FROM entries e JOIN sources s ON s.id = e.source_id "
        "WHERE coalesce(e.cluster_id, e.id) = ? GROUP BY s.name ORDER BY min(e.id)",
        (cluster_id,),
    )
    return [row[0] for row in rows]


async def prune(db: Database, *, older_than: float) -> int:
    """Delete entries ingested before ``older_than`` that no alert is still waiting for."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "DELETE FROM outbox WHERE state NOT IN ('pending', 'inflight') AND entry_id IN "
            "(SELECT id FROM entries WHERE ingested_at < ?)",
            (older_than,),
        )
        cursor = await conn.execute(
            "DELETE FROM entries WHERE ingested_at < ? AND id NOT IN (SELECT entry_id FROM outbox)"
            " RETURNING id",
            (older_than,),
        )
        ids = [row[0] for row in await cursor.fetchall()]
        await conn.executemany("DELETE FROM entries_fts WHERE rowid = ?", ((i,) for i in ids))
    return len(ids)

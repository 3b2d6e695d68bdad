"""The ``subscriptions`` table: each chat's standing topics and places.

Functions that change subscriptions take the caller's transaction, so the caller (see
:class:`bot.subscribers.Subscribers`) updates the matching indexes after it commits.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Sequence

from bot.match.query import Query
from bot.models import Subscription
from bot.store.db import Database, Row, Transaction, Turn
from bot.store.entries import NEWEST_ENTRY


class SubscriptionLimitError(Exception):
    """The chat already has as many subscriptions as the configuration allows."""


class LinkLimitError(SubscriptionLimitError):
    """The chat already follows as many links as ``user_sources.max_per_chat`` allows
    (checked in the transaction that would add one: attack run N7)."""


def _subscription(row: Row) -> Subscription:
    return Subscription(
        id=row["id"],
        chat_id=row["chat_id"],
        query=row["query"],
        after_entry_id=row["after"],
        place=row["place"],
        radius_km=row["radius_km"],
        muted_until=row["muted_until"],
        mode=row["mode"],
        digest_at=row["digest_at"],
        thread_id=row["thread_id"],
        source_id=row["source_id"],
        filter=row["filter"],
    )


_COLUMNS = (
    "id, chat_id, query, after_entry_id AS after, place, radius_km, muted_until, mode, "
    "digest_at, thread_id, source_id, filter"
)


def place_key(place: str, radius_km: float) -> str:
    """The canonical key of a place subscription (one per place and radius per chat)."""
    return f"place:{place}:{radius_km:g}"


async def _one(conn: Transaction, sql: str, params: Sequence[object]) -> Row | None:
    return next(iter(await conn.fetchall(sql, params)), None)


async def add(
    conn: Transaction,
    chat_id: int,
    query: Query,
    *,
    limit: int,
    thread_id: int | None = None,
) -> Subscription | None:
    """Subscribe a chat (in a forum, from one of its topics) to a topic; None if it already
    follows the same topic.

    The watermark is the newest entry id at this moment, so only later entries alert.
    """
    return await _insert(
        conn, chat_id, label=query.text, key=query.key, limit=limit, thread_id=thread_id
    )


async def add_place(
    conn: Transaction,
    chat_id: int,
    *,
    place: str,
    label: str,
    radius_km: float,
    limit: int,
    thread_id: int | None = None,
) -> Subscription | None:
    """Subscribe a chat to a place (or a point) and radius; None if it already follows it."""
    return await _insert(
        conn, chat_id, label=label, key=place_key(place, radius_km), limit=limit,
        place=place, radius_km=radius_km, thread_id=thread_id,
    )  # fmt: skip


async def add_follow(
    conn: Transaction,
    chat_id: int,
    *,
    source_id: int,
    label: str,
    topic: Query | None,
    limit: int,
    links: int | None = None,
    thread_id: int | None = None,
    place: str | None = None,
    radius_km: float = 0.0,
) -> Subscription | None:
    """Follow a source's entries (only those matching ``topic``, or mentioning ``place`` or
    somewhere within ``radius_km`` of it, when given); None if the chat already follows it
    so. Raises LinkLimitError when the chat follows ``links`` links already (counted here,
    in the transaction that adds one, so simultaneous follows cannot pass the cap)."""
    where = f"@{place}:{radius_km:g}" if place is not None else ""
    key = f"source:{source_id}:{topic.key if topic else ''}{where}"
    if links is not None:
        await conn.serialize(Turn.FOLLOWING)
        row = await _one(
            conn,
            "SELECT count(*) FROM subscriptions WHERE chat_id = ? AND source_id IS NOT NULL "
            "AND key != ?",
            (chat_id, key),
        )
        if row is not None and row[0] >= links:
            raise LinkLimitError
    return await _insert(
        conn, chat_id, label=label, key=key, limit=limit, thread_id=thread_id,
        source_id=source_id, topic_filter=topic.text if topic else None, place=place,
        radius_km=radius_km,
    )  # fmt: skip


async def followers(conn: Transaction, source_id: int) -> int:
    """How many subscriptions follow a source."""
    row = await _one(conn, "SELECT count(*) FROM subscriptions WHERE source_id = ?", (source_id,))
    return int(row[0]) if row else 0


async def _insert(
    conn: Transaction,
    chat_id: int,
    *,
    label: str,
    key: str,
    limit: int,
    place: str | None = None,
    radius_km: float = 0.0,
    thread_id: int | None = None,
    source_id: int | None = None,
    topic_filter: str | None = None,
) -> Subscription | None:
    row = await _one(conn, "SELECT count(*) FROM subscriptions WHERE chat_id = ?", (chat_id,))
    if row is not None and row[0] >= limit:
        raise SubscriptionLimitError
    # The newest id ever given, not max(id): entries may have been pruned.
    inserted = await _one(
        conn,
        "INSERT INTO subscriptions "
        "(chat_id, query, key, after_entry_id, created_at, place, radius_km, thread_id, "
        f"source_id, filter) VALUES (?, ?, ?, {NEWEST_ENTRY[conn.dialect]}, ?, ?, ?, ?, ?, ?) "
        f"ON CONFLICT (chat_id, key) DO NOTHING RETURNING {_COLUMNS}",
        (chat_id, label, key, time.time(), place, radius_km, thread_id, source_id, topic_filter),
    )
    return _subscription(inserted) if inserted else None


async def change_radius(
    conn: Transaction, chat_id: int, subscription_id: int, radius_km: float
) -> Subscription | None:
    """Give a place subscription a new radius; None if gone or it would duplicate another."""
    row = await _one(
        conn,
        "SELECT place FROM subscriptions WHERE chat_id = ? AND id = ? AND place IS NOT NULL",
        (chat_id, subscription_id),
    )
    if row is None:
        return None
    key = place_key(row[0], radius_km)
    updated = await _one(
        conn,
        "UPDATE subscriptions SET radius_km = ?, key = ? WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM subscriptions o WHERE o.chat_id = ? AND o.key = ? AND o.id != ?) "
        f"RETURNING {_COLUMNS}",
        (radius_km, key, subscription_id, chat_id, key, subscription_id),
    )
    return _subscription(updated) if updated else None


async def update(
    conn: Transaction, chat_id: int, subscription_id: int, **values: object
) -> Subscription | None:
    """Set some of ``muted_until``, ``mode``, ``digest_at``, ``thread_id`` on one of the
    chat's subscriptions; None if it is not there."""
    allowed = {"muted_until", "mode", "digest_at", "thread_id"}
    if not values or not set(values) <= allowed:
        raise ValueError(f"cannot update {sorted(set(values) - allowed)}")
    assignments = ", ".join(f"{column} = ?" for column in values)
    row = await _one(
        conn,
        f"UPDATE subscriptions SET {assignments} WHERE chat_id = ? AND id = ? RETURNING {_COLUMNS}",
        (*values.values(), chat_id, subscription_id),
    )
    return _subscription(row) if row else None


async def clear_thread(conn: Transaction, chat_id: int, thread_id: int) -> list[Subscription]:
    """A forum topic was deleted: its subscriptions' alerts go to General from now on."""
    rows = await conn.fetchall(
        "UPDATE subscriptions SET thread_id = NULL WHERE chat_id = ? AND thread_id = ? "
        f"RETURNING {_COLUMNS}",
        (chat_id, thread_id),
    )
    return [_subscription(row) for row in rows]


async def remove(conn: Transaction, chat_id: int, subscription_id: int) -> Subscription | None:
    """Delete one of the chat's subscriptions by id; None if it is not there."""
    row = await _one(
        conn,
        f"DELETE FROM subscriptions WHERE chat_id = ? AND id = ? RETURNING {_COLUMNS}",
        (chat_id, subscription_id),
    )
    return _subscription(row) if row else None


async def of_chat(reader: Database | Transaction, chat_id: int) -> list[Subscription]:
    """The chat's subscriptions, oldest first: committed ones, or as the caller's
    transaction sees them."""
    rows = await reader.fetchall(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? ORDER BY id", (chat_id,)
    )
    return [_subscription(row) for row in rows]


async def of_active_chat(db: Database, chat_id: int) -> list[Subscription]:
    """What the indexes hold for one chat: its subscriptions, or none if we may not write
    to it."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? "
        "AND chat_id IN (SELECT id FROM chats WHERE active = 1) ORDER BY id",
        (chat_id,),
    )
    return [_subscription(row) for row in rows]


async def find(db: Database, chat_id: int, key: str) -> Subscription | None:
    """The chat's subscription with this canonical query key, if any."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? AND key = ?", (chat_id, key)
    )
    return _subscription(row) if row else None


async def of_active_chats(db: Database) -> AsyncIterator[list[Subscription]]:
    """Subscriptions of chats we may write to (what the indexes hold), in batches."""
    shared: dict[str, str] = {}  # one string object per distinct topic or place
    async for rows in db.batches(
        f"SELECT {_COLUMNS} FROM subscriptions "
        "WHERE chat_id IN (SELECT id FROM chats WHERE active = 1)"
    ):
        yield [
            Subscription(
                row[0], row[1], shared.setdefault(row[2], row[2]), row[3],
                None if row[4] is None else shared.setdefault(row[4], row[4]), row[5], row[6],
                row[7], row[8], row[9], row[10], row[11],
            )
            for row in rows
        ]  # fmt: skip


async def count(db: Database) -> int:
    """How many subscriptions exist, for operators."""
    row = await db.fetchone("SELECT count(*) FROM subscriptions")
    return int(row[0]) if row else 0


async def rekey(db: Database, key_of: Callable[[str], str | None], reading: str) -> int | None:
    """Give each topic subscription, and each followed link's topic filter, the key its text
    has today (``key_of``: None when it no longer parses), so a topic typed again finds it
    after matching changed how topics are read (``reading`` says how: a new analyser,
    another ``matching.language``); one whose new key the chat already has keeps its own.
    Only when ``reading`` differs from the one the keys were made with (None: unchanged,
    nothing read); else how many were read anew."""
    made_with = await db.fetchone("SELECT value FROM facts WHERE name = 'topic_reading'")
    if made_with is not None and made_with[0] == reading:
        return None
    stale: list[tuple[str, int, int, str]] = []
    async for rows in db.batches(
        "SELECT id, chat_id, query, key, source_id, filter FROM subscriptions "
        "WHERE place IS NULL AND (source_id IS NULL OR filter IS NOT NULL)"
    ):
        for sid, chat, text, key, source, topic_filter in rows:
            new = key_of(text if source is None else topic_filter)
            if new is not None and source is not None:
                new = f"source:{source}:{new}"  # a followed link's topic filter
            if new is not None and new != key:
                stale.append((new, sid, chat, new))
    async with db.transaction() as conn:
        # Processes starting together re-key one at a time: each statement then sees the
        # keys the one before gave (two subscriptions never end with one key).
        await conn.serialize(Turn.REKEYING)
        await conn.executemany(
            "UPDATE subscriptions SET key = ? WHERE id = ? AND NOT EXISTS "
            "(SELECT 1 FROM subscriptions o WHERE o.chat_id = ? AND o.key = ?)",
            stale,
        )
        await conn.execute(
            "INSERT INTO facts (name, value) VALUES ('topic_reading', ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (reading,),
        )
    return len(stale)

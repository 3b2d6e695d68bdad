"""The ``outbox`` table: every alert owed, from the moment it matched until Telegram confirms it.

States: ``pending`` (to send, not before ``not_before``) -> ``inflight`` (request under way)
-> ``sent``; or ``failed`` (Telegram refused this message for good), ``dropped`` (the chat
is gone) or ``skipped`` (an edit whose alert cannot be edited). Rows are ``alert``s, or
``edit``s: a later copy of a story the chat was already alerted to updates that alert.

A row left ``inflight`` by a crash is uncertain: Telegram may or may not have shown
it. :func:`recover` makes such rows pending again, marked ``uncertain``, so they are resent:
we prefer a rare duplicate, limited to sends in flight at the crash, to a lost alert.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from bot.models import OutboxItem
from bot.store.db import Database


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        chat_id=row["chat_id"],
        entry_id=row["entry_id"],
        reasons=row["reasons"],
        attempts=row["attempts"],
        uncertain=bool(row["uncertain"]),
        kind=row["kind"],
    )


async def enqueue(
    conn: aiosqlite.Connection,
    rows: Iterable[tuple[int, int, str]],
    clusters: dict[int, int] | None = None,
) -> tuple[int, int]:
    """Add (chat, entry, reasons) rows inside the caller's transaction; duplicates are
    ignored. An entry that joined a story (``clusters``: entry -> story) the chat was already
    alerted to becomes an edit of that alert instead. Returns how many alerts and edits."""
    now = time.time()
    alerts = edits = 0
    for chat, entry, reasons in rows:
        story = (clusters or {}).get(entry, entry)
        kind = "alert"
        if story != entry:
            async with conn.execute(
                "SELECT 1 FROM outbox o JOIN entries e ON e.id = o.entry_id WHERE o.chat_id = ? "
                "AND o.kind = 'alert' AND coalesce(e.cluster_id, e.id) = ? LIMIT 1",
                (chat, story),
            ) as cursor:
                kind = "edit" if await cursor.fetchone() else "alert"
        cursor = await conn.execute(
            "INSERT INTO outbox (chat_id, entry_id, reasons, created_at, kind) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, entry_id) DO NOTHING",
            (chat, entry, reasons, now, kind),
        )
        alerts += cursor.rowcount > 0 and kind == "alert"
        edits += cursor.rowcount > 0 and kind == "edit"
    return alerts, edits


@dataclass(frozen=True, slots=True)
class Delivered:
    """An alert Telegram confirmed: what an edit needs to rewrite it."""

    entry_id: int
    reasons: str
    message_id: int
    digest: bool


async def story_alert(
    db: Database, chat_id: int, entry_id: int
) -> Delivered | Literal[True] | None:
    """The chat's delivered alert for the story ``entry_id`` belongs to; True while that
    alert is still on its way; None if it will never be there (failed, dropped)."""
    row = await db.fetchone(
        "SELECT o.entry_id, o.reasons, o.message_id, o.state, "
        "(SELECT count(*) FROM outbox d WHERE d.chat_id = o.chat_id "
        " AND d.message_id = o.message_id AND d.kind = 'alert') AS carried "
        "FROM outbox o JOIN entries e ON e.id = o.entry_id "
        "WHERE o.chat_id = ? AND o.kind = 'alert' AND coalesce(e.cluster_id, e.id) = "
        "(SELECT coalesce(cluster_id, id) FROM entries WHERE id = ?) ORDER BY o.id LIMIT 1",
        (chat_id, entry_id),
    )
    if row is None or row["state"] in ("failed", "dropped", "skipped"):
        return None
    if row["state"] != "sent" or row["message_id"] is None:
        return True
    return Delivered(row["entry_id"], row["reasons"], row["message_id"], row["carried"] > 1)


async def recover(db: Database) -> int:
    """After a restart, turn sends whose outcome is unknown back into pending, uncertain ones."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET state = 'pending', uncertain = 1, not_before = 0 "
            "WHERE state = 'inflight'"
        )
        return cursor.rowcount


async def due_chats(db: Database, *, limit: int, exclude: Sequence[int] = ()) -> list[int]:
    """Chats with an alert ready to send, the longest-waiting first."""
    marks = ",".join("?" * len(exclude))
    rows = await db.fetchall(
        "SELECT chat_id FROM outbox WHERE state = 'pending' AND not_before <= ? "
        f"AND chat_id NOT IN ({marks}) GROUP BY chat_id ORDER BY min(id) LIMIT ?",
        (time.time(), *exclude, limit),
    )
    return [row[0] for row in rows]


async def next_for_chat(db: Database, chat_id: int, *, limit: int = 1) -> list[OutboxItem]:
    """The chat's oldest open alerts (up to ``limit``) if the first is due now; alerts to one
    chat keep their order, so nothing is returned while the oldest must wait."""
    rows = await db.fetchall(
        "SELECT id, chat_id, entry_id, reasons, attempts, uncertain, kind, not_before FROM outbox "
        "WHERE chat_id = ? AND state = 'pending' ORDER BY id LIMIT ?",
        (chat_id, limit),
    )
    if not rows or rows[0]["not_before"] > time.time():
        return []
    return [_item(row) for row in rows]


async def pending_count(db: Database, chat_id: int) -> int:
    """How many alerts wait for this chat."""
    row = await db.fetchone(
        "SELECT count(*) FROM outbox WHERE chat_id = ? AND state = 'pending'", (chat_id,)
    )
    return int(row[0]) if row else 0


async def messages_since(db: Database, chat_id: int, since: float) -> list[float]:
    """Send times of the messages (an alert or a digest) the chat received since ``since``."""
    rows = await db.fetchall(
        "SELECT min(sent_at) FROM outbox WHERE chat_id = ? AND state = 'sent' AND sent_at >= ? "
        "AND kind = 'alert' GROUP BY message_id ORDER BY 1",
        (chat_id, since),
    )
    return [float(row[0]) for row in rows]


async def next_due_at(db: Database) -> float | None:
    """When the earliest postponed alert becomes due, to sleep until then."""
    row = await db.fetchone("SELECT min(not_before) FROM outbox WHERE state = 'pending'")
    return float(row[0]) if row and row[0] is not None else None


async def hold(db: Database, chat_id: int, *, until: float) -> None:
    """Keep all of a chat's alerts back until ``until`` (its flood cap is reached)."""
    await db.execute(
        "UPDATE outbox SET not_before = max(not_before, ?) WHERE chat_id = ? AND state = 'pending'",
        (until, chat_id),
    )


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


async def mark_inflight(db: Database, ids: Sequence[int]) -> None:
    """Record that the request for these rows is about to be made (see the module docstring)."""
    await db.execute(
        "UPDATE outbox SET state = 'inflight', attempts = attempts + 1 "
        f"WHERE id IN ({_marks(ids)})",
        tuple(ids),
    )


async def mark_sent(db: Database, ids: Sequence[int], message_id: int) -> None:
    """Telegram confirmed the message that carried these rows (one alert, or a digest)."""
    await db.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?, message_id = ?, error = NULL "
        f"WHERE id IN ({_marks(ids)})",
        (time.time(), message_id, *ids),
    )


async def postpone(
    db: Database,
    ids: Sequence[int],
    chat_id: int,
    *,
    until: float,
    error: str | None,
    uncertain: bool = False,
) -> None:
    """Send later; the chat's later alerts wait too, so its order is kept."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET state = 'pending', error = coalesce(?, error), "
            f"uncertain = max(uncertain, ?) WHERE id IN ({_marks(ids)})",
            (error[:300] if error else None, int(uncertain), *ids),
        )
        await conn.execute(
            "UPDATE outbox SET not_before = max(not_before, ?) "
            "WHERE chat_id = ? AND state = 'pending'",
            (until, chat_id),
        )


async def fail(db: Database, ids: Sequence[int], error: str, *, state: str = "failed") -> None:
    """Telegram refused this message for good (or, ``skipped``, an edit has nothing to
    edit); keep the rows and the reason for operators."""
    await db.execute(
        f"UPDATE outbox SET state = ?, error = ? WHERE id IN ({_marks(ids)})",
        (state, error[:300], *ids),
    )


async def counts(db: Database) -> dict[str, int]:
    """Rows per state, for operators."""
    rows = await db.fetchall("SELECT state, count(*) FROM outbox GROUP BY state")
    return {row[0]: int(row[1]) for row in rows}

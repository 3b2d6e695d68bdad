"""The ``outbox`` table: every alert owed, from the moment it matched until Telegram confirms it.

States: ``pending`` (to send, not before ``not_before``) -> ``inflight`` (request under way)
-> ``sent``; or ``failed`` (Telegram refused this message for good) or ``dropped`` (the chat
is gone). A row left ``inflight`` by a crash is uncertain: Telegram may or may not have shown
it. :func:`recover` makes such rows pending again, marked ``uncertain``, so they are resent:
we prefer a rare duplicate, limited to sends in flight at the crash, to a lost alert.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence

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
    )


async def enqueue(conn: aiosqlite.Connection, rows: Iterable[tuple[int, int, str]]) -> int:
    """Add (chat, entry, reasons) rows inside the caller's transaction; duplicates are ignored."""
    now = time.time()
    before = conn.total_changes
    await conn.executemany(
        "INSERT INTO outbox (chat_id, entry_id, reasons, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (chat_id, entry_id) DO NOTHING",
        ((chat, entry, reasons, now) for chat, entry, reasons in rows),
    )
    return conn.total_changes - before


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


async def next_for_chat(db: Database, chat_id: int) -> OutboxItem | None:
    """The chat's oldest open alert if it is due now; alerts to one chat keep their order."""
    row = await db.fetchone(
        "SELECT id, chat_id, entry_id, reasons, attempts, uncertain, not_before FROM outbox "
        "WHERE chat_id = ? AND state = 'pending' ORDER BY id LIMIT 1",
        (chat_id,),
    )
    if row is None or row["not_before"] > time.time():
        return None
    return _item(row)


async def next_due_at(db: Database) -> float | None:
    """When the earliest postponed alert becomes due, to sleep until then."""
    row = await db.fetchone("SELECT min(not_before) FROM outbox WHERE state = 'pending'")
    return float(row[0]) if row and row[0] is not None else None


async def mark_inflight(db: Database, item_id: int) -> None:
    """Record that the request is about to be made (see the module docstring)."""
    await db.execute(
        "UPDATE outbox SET state = 'inflight', attempts = attempts + 1 WHERE id = ?", (item_id,)
    )


async def mark_sent(db: Database, item_id: int, message_id: int) -> None:
    """Telegram confirmed the message."""
    await db.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?, message_id = ?, error = NULL WHERE id = ?",
        (time.time(), message_id, item_id),
    )


async def postpone(
    db: Database, item_id: int, chat_id: int, *, until: float, error: str, uncertain: bool = False
) -> None:
    """Send later; the chat's later alerts wait too, so its order is kept."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET state = 'pending', error = ?, uncertain = max(uncertain, ?) "
            "WHERE id = ?",
            (error[:300], int(uncertain), item_id),
        )
        await conn.execute(
            "UPDATE outbox SET not_before = max(not_before, ?) "
            "WHERE chat_id = ? AND state = 'pending'",
            (until, chat_id),
        )


async def fail(db: Database, item_id: int, error: str) -> None:
    """Telegram refused this message for good; keep the row and the reason for operators."""
    await db.execute(
        "UPDATE outbox SET state = 'failed', error = ? WHERE id = ?", (error[:300], item_id)
    )


async def counts(db: Database) -> dict[str, int]:
    """Rows per state, for operators."""
    rows = await db.fetchall("SELECT state, count(*) FROM outbox GROUP BY state")
    return {row[0]: int(row[1]) for row in rows}

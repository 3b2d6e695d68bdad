"""The ``chats`` table: who talks to the bot and whether Telegram still lets us write to them."""

from __future__ import annotations

import time

from bot.models import ChatKind
from bot.store.db import Database


async def ensure(db: Database, chat_id: int, kind: ChatKind, title: str | None) -> bool:
    """Record a chat that just talked to us as active; True if it had been inactive.

    A message from a chat proves we may write to it again, e.g. after a user unblocked us.
    """
    async with db.transaction() as conn:
        async with conn.execute("SELECT active FROM chats WHERE id = ?", (chat_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            await conn.execute(
                "INSERT INTO chats (id, kind, title, created_at) VALUES (?, ?, ?, ?)",
                (chat_id, str(kind), title, time.time()),
            )
            return False
        await conn.execute(
            "UPDATE chats SET kind = ?, title = ?, active = 1, inactive_reason = NULL WHERE id = ?",
            (str(kind), title, chat_id),
        )
        return not row[0]


async def deactivate(db: Database, chat_id: int, reason: str) -> bool:
    """Stop writing to a chat (blocked, kicked, gone); True if it was active until now.

    Its open alerts are dropped in the same transaction so none is sent after this.
    """
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE chats SET active = 0, inactive_reason = ? WHERE id = ? AND active = 1",
            (reason[:200], chat_id),
        )
        await conn.execute(
            "UPDATE outbox SET state = 'dropped', error = ? "
            "WHERE chat_id = ? AND state IN ('pending', 'inflight')",
            (reason[:200], chat_id),
        )
        return cursor.rowcount > 0


async def migrate(db: Database, old_id: int, new_id: int) -> None:
    """Move a group that became a supergroup: its subscriptions and open alerts follow it."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO chats (id, kind, title, created_at) "
            "SELECT ?, 'supergroup', title, created_at FROM chats WHERE id = ? "
            "ON CONFLICT (id) DO UPDATE SET active = 1, inactive_reason = NULL",
            (new_id, old_id),
        )
        await conn.execute(
            "UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?", (new_id, old_id)
        )
        await conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_id,))
        await conn.execute(
            "UPDATE OR IGNORE outbox SET chat_id = ?, not_before = 0, state = 'pending' "
            "WHERE chat_id = ? AND state IN ('pending', 'inflight')",
            (new_id, old_id),
        )
        await conn.execute(
            "UPDATE outbox SET state = 'dropped', error = 'migrated' "
            "WHERE chat_id = ? AND state IN ('pending', 'inflight')",
            (old_id,),
        )
        await conn.execute(
            "UPDATE chats SET active = 0, inactive_reason = ? WHERE id = ?",
            (f"migrated to {new_id}", old_id),
        )


async def counts(db: Database) -> tuple[int, int]:
    """(active, inactive) chat counts, for operators."""
    row = await db.fetchone("SELECT total(active), count(*) - total(active) FROM chats")
    return (int(row[0]), int(row[1])) if row else (0, 0)

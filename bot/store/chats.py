"""The ``chats`` table (who talks to the bot, whether Telegram still lets us write to them)
and ``chat_settings`` (each chat's language, time zone and quiet hours, and the channel a
private chat manages).

Functions that change what matching may send take the caller's transaction, so the caller
can update its in-memory indexes after that transaction commits.
"""

from __future__ import annotations

import time

from bot.i18n import supported
from bot.models import ChatKind, Steering
from bot.store import outbox
from bot.store.db import Database, Transaction


async def ensure(
    conn: Transaction,
    chat_id: int,
    kind: ChatKind,
    title: str | None,
    *,
    language: str | None = None,
) -> bool:
    """Record a chat that just talked to us as active; True if it had been inactive.

    A message from a chat proves we may write to it again, e.g. after a user unblocked us.
    A new chat's language is the one its first user's Telegram app uses.
    """
    rows = await conn.fetchall("SELECT active FROM chats WHERE id = ?", (chat_id,))
    row = next(iter(rows), None)
    if row is None:
        await conn.execute(
            "INSERT INTO chats (id, kind, title, created_at) VALUES (?, ?, ?, ?)",
            (chat_id, str(kind), title, time.time()),
        )
        await conn.execute(
            "INSERT INTO chat_settings (chat_id, language) VALUES (?, ?) "
            "ON CONFLICT (chat_id) DO NOTHING",
            (chat_id, language),
        )
        return False
    await conn.execute(
        "UPDATE chats SET kind = ?, title = ?, active = 1, inactive_reason = NULL WHERE id = ?",
        (str(kind), title, chat_id),
    )
    return not row[0]


async def deactivate(conn: Transaction, chat_id: int, reason: str) -> bool:
    """Stop writing to a chat (blocked, kicked, gone); True if it was active until now.

    Its queued messages are dropped in the same transaction so none is sent after this.
    """
    changed = await conn.execute(
        "UPDATE chats SET active = 0, inactive_reason = ? WHERE id = ? AND active = 1",
        (reason[:200], chat_id),
    )
    await outbox.drop_chat(conn, chat_id, reason)
    return changed > 0


async def migrate(conn: Transaction, old_id: int, new_id: int) -> None:
    """Move a group that became a supergroup: its subscriptions, settings and queued
    messages follow it."""
    await conn.execute(
        "INSERT INTO chats (id, kind, title, created_at) "
        "SELECT ?, 'supergroup', title, created_at FROM chats WHERE id = ? "
        "ON CONFLICT (id) DO UPDATE SET active = 1, inactive_reason = NULL",
        (new_id, old_id),
    )
    await conn.execute(
        "INSERT INTO chat_settings (chat_id, language, time_zone, quiet_start, quiet_end, mode) "
        "SELECT ?, language, time_zone, quiet_start, quiet_end, mode FROM chat_settings "
        "WHERE chat_id = ? ON CONFLICT (chat_id) DO NOTHING",
        (new_id, old_id),
    )
    await conn.execute(  # those the new id already has stay behind, and go below
        "UPDATE subscriptions SET chat_id = ? WHERE chat_id = ? AND key NOT IN "
        "(SELECT key FROM subscriptions WHERE chat_id = ?)",
        (new_id, old_id, new_id),
    )
    await conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_id,))
    await conn.execute(
        "UPDATE outbox SET chat_id = ?, state = 'pending' WHERE chat_id = ? AND entry_id NOT IN "
        "(SELECT entry_id FROM outbox WHERE chat_id = ?)",
        (new_id, old_id, new_id),
    )
    await outbox.drop_chat(conn, old_id, f"migrated to {new_id}")
    await conn.execute(
        "UPDATE chats SET active = 0, inactive_reason = ? WHERE id = ?",
        (f"migrated to {new_id}", old_id),
    )


async def counts(db: Database) -> tuple[int, int]:
    """(active, inactive) chat counts, for operators."""
    row = await db.fetchone(
        "SELECT coalesce(sum(active), 0), count(*) - coalesce(sum(active), 0) FROM chats"
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


async def steering(db: Database, chat_id: int) -> Steering:
    """The chat's language, time zone and quiet hours (defaults for a chat without settings)."""
    row = await db.fetchone(
        "SELECT time_zone, quiet_start, quiet_end, language FROM chat_settings WHERE chat_id = ?",
        (chat_id,),
    )
    if row is None:
        return Steering()
    return Steering(row[0] or "UTC", row[1], row[2], supported(row[3]))


async def language(db: Database, chat_id: int) -> str | None:
    """The language code stored for the chat (None when unknown: a channel, a new chat)."""
    row = await db.fetchone("SELECT language FROM chat_settings WHERE chat_id = ?", (chat_id,))
    return row[0] if row else None


async def set_steering(db: Database, chat_id: int, **values: object) -> Steering:
    """Change some of ``time_zone``, ``quiet_start``, ``quiet_end`` and ``language``;
    return the result."""
    allowed = {"time_zone", "quiet_start", "quiet_end", "language"}
    if not values or not set(values) <= allowed:
        raise ValueError(f"cannot set {sorted(set(values) - allowed)}")
    assignments = ", ".join(f"{column} = excluded.{column}" for column in values)
    columns = ", ".join(values)
    async with db.transaction() as conn:
        await conn.execute(
            f"INSERT INTO chat_settings (chat_id, {columns}) "
            f"VALUES (?, {', '.join('?' * len(values))}) "
            f"ON CONFLICT (chat_id) DO UPDATE SET {assignments}",
            (chat_id, *values.values()),
        )
    return await steering(db, chat_id)


async def managing(db: Database, chat_id: int) -> tuple[int, str] | None:
    """The channel (id, label) a private chat manages, if any."""
    row = await db.fetchone(
        "SELECT manages, manages_label FROM chat_settings WHERE chat_id = ? "
        "AND manages IS NOT NULL",
        (chat_id,),
    )
    return (int(row[0]), str(row[1] or row[0])) if row else None


async def set_managing(db: Database, chat_id: int, channel: tuple[int, str] | None) -> None:
    """Start (a channel's id and label) or stop (None) managing a channel from this chat."""
    manages, label = channel if channel is not None else (None, None)
    await db.execute(
        "INSERT INTO chat_settings (chat_id, manages, manages_label) VALUES (?, ?, ?) "
        "ON CONFLICT (chat_id) DO UPDATE SET manages = excluded.manages, "
        "manages_label = excluded.manages_label",
        (chat_id, manages, label),
    )

"""The ``deliveries`` log: what became of every message the queue held.

One row per (chat, entry) that left the outbox: ``sent`` (with the Telegram message that
carried it: an ``alert``, a ``digest`` of several entries, or an ``edit`` of an earlier
alert), ``failed`` (Telegram refused it for good), ``skipped`` (nothing left to send or to
edit) or ``dropped`` (the chat is gone). It serves edits ("Also reported by"), each chat's
flood window and the operators' figures, each through its own index, and is pruned with the
entries' retention period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.models import Reason
from bot.store import reasons
from bot.store.db import Database


@dataclass(frozen=True, slots=True)
class Delivered:
    """An alert Telegram confirmed: what an edit needs to rewrite it."""

    entry_id: int
    reasons: tuple[Reason, ...]
    message_id: int
    digest: bool


async def story_alert(
    db: Database, chat_id: int, story_id: int
) -> Delivered | Literal[True] | None:
    """The chat's delivered alert for a story; True while that alert is still queued to go
    out on its own; None if there is none to edit (it failed, the chat never got one, or it
    waits for a digest, which lists the story once)."""
    queued = await db.fetchone(
        "SELECT hold_until FROM outbox WHERE story_id = ? AND chat_id = ? AND kind = 'alert'",
        (story_id, chat_id),
    )
    if queued is not None:
        return True if not queued[0] else None
    row = await db.fetchone(
        "SELECT entry_id, reasons, message_id, kind FROM deliveries WHERE story_id = ? "
        "AND chat_id = ? AND kind IN ('alert', 'digest') AND outcome = 'sent' "
        "AND message_id IS NOT NULL ORDER BY id LIMIT 1",
        (story_id, chat_id),
    )
    if row is None:
        return None
    return Delivered(
        row["entry_id"], reasons.decode(row["reasons"]), row["message_id"], row["kind"] == "digest"
    )


async def messages_since(db: Database, chat_id: int, since: float) -> list[float]:
    """Send times of the messages (an alert or a digest) the chat received since ``since``."""
    rows = await db.fetchall(
        "SELECT min(at) FROM deliveries WHERE chat_id = ? AND at >= ? AND outcome = 'sent' "
        "AND kind != 'edit' GROUP BY message_id ORDER BY 1",
        (chat_id, since),
    )
    return [float(row[0]) for row in rows]


async def counts(db: Database, *, since: float) -> dict[str, int]:
    """Rows per outcome since ``since``, for operators."""
    rows = await db.fetchall(
        "SELECT outcome, count(*) FROM deliveries WHERE at >= ? GROUP BY outcome", (since,)
    )
    return {row[0]: int(row[1]) for row in rows}


PRUNE_BATCH = 5000


async def prune(db: Database, *, older_than: float, batch: int = PRUNE_BATCH) -> int:
    """Delete log rows older than ``older_than``, in short transactions."""
    removed = 0
    while True:
        deleted = await db.execute(
            "DELETE FROM deliveries WHERE id IN "
            "(SELECT id FROM deliveries WHERE at < ? ORDER BY at LIMIT ?)",
            (older_than, batch),
        )
        removed += deleted
        if deleted < batch:
            return removed


async def carried(
    db: Database, chat_id: int, message_id: int
) -> list[tuple[int, tuple[Reason, ...]]]:
    """(entry, reasons) of every item one sent message carried (a digest's pages)."""
    rows = await db.fetchall(
        "SELECT entry_id, reasons FROM deliveries WHERE chat_id = ? AND message_id = ? "
        "AND outcome = 'sent' AND kind != 'edit' ORDER BY id",
        (chat_id, message_id),
    )
    return [(row[0], reasons.decode(row[1])) for row in rows]


async def reasons_of(db: Database, chat_id: int, entry_id: int) -> tuple[Reason, ...]:
    """Why the chat was sent an entry (from the log, or from the queue while the send is
    still being recorded); nothing if it never was."""
    row = await db.fetchone(
        "SELECT reasons FROM deliveries WHERE chat_id = ? AND entry_id = ? AND outcome = 'sent' "
        "AND kind != 'edit' UNION ALL "
        "SELECT reasons FROM outbox WHERE chat_id = ? AND entry_id = ? LIMIT 1",
        (chat_id, entry_id, chat_id, entry_id),
    )
    return reasons.decode(row[0]) if row else ()


async def last_digest_at(db: Database, chat_id: int, since: float) -> float | None:
    """When the chat last received a digest, if it did since ``since``."""
    row = await db.fetchone(
        "SELECT max(at) FROM deliveries WHERE chat_id = ? AND at >= ? AND kind = 'digest' "
        "AND outcome = 'sent' AND kind != 'edit'",
        (chat_id, since),
    )
    return float(row[0]) if row and row[0] is not None else None

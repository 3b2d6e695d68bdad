"""The ``outbox`` table: the work queue of messages owed, from match until Telegram answers.

A row is ``pending`` (to send) or ``inflight`` (request under way). When Telegram confirms
the message, or refuses it for good, the row leaves the queue for the ``deliveries`` log (see
:mod:`bot.store.deliveries`) in the same transaction. Rows are ``alert``s, or ``edit``s: a
later report of a story the chat was already alerted to updates that alert.

Each chat with queued rows has a due time (``chats.due_at``): when its oldest row was queued,
or later if the chat must wait (a 429, its flood cap). Picking the chats to send to is an
index range over that column, whatever the size of the queue or of the log. :func:`enqueue`
sets it, in one statement per batch, for chats that had none (or waited only for a
digest); triggers on the outbox clear it when a chat's last row leaves and carry it when a
group migrates.

Several processes (PostgreSQL, roles) must agree on that column under concurrent
transactions. A statement that decides a chat's due time from its queue (the trigger that
clears it when the last row leaves, a reschedule, the enqueue that sets it) first takes the
chat's row lock (:func:`_lock_chats`), in a statement of its own: under READ COMMITTED the
deciding statement then sees everything the previous holder committed. Without it, an enqueue
could insert a row while a sender deleted the chat's last one, each unseen by the other, and
the new row would wait forever with no due time (found by an attack run: 2 of 2,000 chats).
:func:`repair_stranded` checks that invariant and mends any chat that ever breaks it.

A row left ``inflight`` by a crash is uncertain: Telegram may or may not have shown it.
:func:`recover` makes such rows pending again, marked ``uncertain``, so they are resent: we
prefer a rare duplicate, limited to sends in flight at the crash, to a lost alert.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence

from bot.match.matches import Matches
from bot.models import Carried, OutboxItem, Outcome
from bot.store import reasons, workers
from bot.store.db import Database, Row, Transaction

_COLUMNS = (
    "o.id, o.chat_id, o.entry_id, o.story_id, o.reasons, o.attempts, o.uncertain, o.kind, "
    "o.hold_until"
)


def _item(row: Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        chat_id=row["chat_id"],
        entry_id=row["entry_id"],
        story_id=row["story_id"],
        reasons=reasons.decode(row["reasons"]),
        attempts=row["attempts"],
        uncertain=bool(row["uncertain"]),
        kind=row["kind"],
        hold_until=row["hold_until"],
    )


def _marks(ids: Collection[object]) -> str:
    return ",".join("?" * len(ids))


async def _lock_chats(conn: Transaction, where: str, params: Sequence[object]) -> None:
    """Take the row locks of the chats ``where`` selects, in id order (two enqueues never
    deadlock), before deciding their due times (see the module docstring). SQLite has one
    writer at a time: nothing to take."""
    if conn.dialect == "postgres":
        await conn.fetchall(
            f"SELECT id FROM chats WHERE {where} ORDER BY id FOR NO KEY UPDATE", params
        )


async def _alerted(conn: Transaction, story_id: int) -> set[int]:
    """Chats whose alert for the story is queued or was delivered."""
    rows = await conn.fetchall(
        "SELECT chat_id FROM outbox WHERE story_id = ? AND kind = 'alert' UNION "
        "SELECT chat_id FROM deliveries WHERE story_id = ? AND kind IN ('alert', 'digest') "
        "AND outcome = 'sent'",
        (story_id, story_id),
    )
    return {row[0] for row in rows}


async def enqueue(
    conn: Transaction,
    matches: Matches,
    stories: dict[int, int],
    now: float,
    *,
    repeats: Collection[int] = (),
) -> tuple[int, int]:
    """Queue one row per (chat, entry) inside the caller's transaction. An entry that joined
    a story (``stories``: entry -> story) the chat already has an alert for becomes an edit
    of that alert, unless it only ``repeats`` what its source posted (then nothing is
    queued for that chat). Returns how many alerts and edits were queued."""
    alerts = reasons.encode_matches(matches)
    joined = {stories[e] for e in set(matches.entry.tolist()) if stories.get(e, e) != e}
    told = {story: await _alerted(conn, story) for story in joined}
    rows = []
    edits = 0
    for chat, entry, why in alerts:  # in entry order: a story's first entry comes first
        story = stories.get(entry, entry)
        seen = told.get(story)
        edit = False
        if seen is not None:
            edit = story != entry and chat in seen
            seen.add(chat)
        if edit and entry in repeats:
            continue
        edits += edit
        rows.append((chat, entry, story, "edit" if edit else "alert", why, now))
    await conn.executemany(
        "INSERT INTO outbox (chat_id, entry_id, story_id, kind, reasons, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, entry_id) DO NOTHING",
        rows,
    )
    if rows:
        await conn.notify("outbox")
        span = (rows[0][1], rows[-1][1])
        await _lock_chats(
            conn, "id IN (SELECT chat_id FROM outbox WHERE entry_id BETWEEN ? AND ?)", span
        )
        # A chat waiting only for a held digest (its due time is that digest's) is due now
        # for the new rows; one waiting for Telegram (429) or its flood cap keeps waiting.
        await conn.execute(
            "UPDATE chats SET due_at = ? WHERE id IN "
            "(SELECT chat_id FROM outbox WHERE entry_id BETWEEN ? AND ?) AND (due_at IS NULL "
            "OR due_at = (SELECT min(hold_until) FROM outbox h WHERE h.chat_id = chats.id "
            "AND h.hold_until > 0))",
            (now, *span),
        )
    return len(rows) - edits, edits


async def recover(db: Database) -> int:
    """After a restart, turn sends whose outcome is unknown back into pending, uncertain
    ones, and make every chat's due time agree with its queue."""
    async with db.transaction() as conn:
        recovered = await conn.execute(
            "UPDATE outbox SET state = 'pending', uncertain = 1 WHERE state = 'inflight'"
        )
        await conn.execute(
            "UPDATE chats SET due_at = 0 WHERE due_at IS NULL "
            "AND id IN (SELECT chat_id FROM outbox)"
        )
        await conn.execute(
            "UPDATE chats SET due_at = NULL WHERE due_at IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.chat_id = chats.id)"
        )
        return recovered


async def due_chats(db: Database, *, limit: int, busy: Collection[int] = ()) -> list[int]:
    """Chats with a message ready to send, the longest-waiting first, leaving out ``busy``
    (for the one process on a database: several claim them, see :func:`claim_chats`)."""
    rows = await db.fetchall(
        f"SELECT id FROM chats WHERE due_at <= ?{_not_in(busy)} ORDER BY due_at LIMIT ?",
        (time.time(), *busy, limit),
    )
    return [row[0] for row in rows]


async def claim_chats(
    db: Database, worker: int, *, limit: int, busy: Collection[int] = ()
) -> list[int]:
    """Claim up to ``limit`` chats with a message ready to send for ``worker``, the
    longest-waiting first, leaving out ``busy`` (chats it is sending to already) and chats
    another live worker owns: one worker sends to a chat at a time, so its order is kept.
    Rows a dead owner left in flight are pending again, and uncertain, as after a crash
    (see :func:`recover`)."""
    now = time.time()
    async with db.transaction() as conn:
        rows = await conn.fetchall(
            "UPDATE chats SET owner = ? WHERE id IN (SELECT id FROM chats WHERE due_at <= ? "
            f"AND {workers.FREE}{_not_in(busy)} ORDER BY due_at LIMIT ?"
            f"{workers.SKIP_LOCKED[db.dialect]}) RETURNING id, due_at",
            (worker, now, worker, now, *busy, limit),
        )
        claimed = [row[0] for row in sorted(rows, key=lambda row: row[1])]
        if claimed:
            await conn.execute(
                "UPDATE outbox SET state = 'pending', uncertain = 1 WHERE state = 'inflight' "
                f"AND chat_id IN ({_marks(claimed)})",
                tuple(claimed),
            )
    return claimed


async def release_chat(db: Database, chat_id: int, worker: int) -> None:
    """``worker`` is done with the chat for now: any worker may claim it when it is due."""
    await db.execute("UPDATE chats SET owner = NULL WHERE id = ? AND owner = ?", (chat_id, worker))


async def next_due_at(db: Database, worker: int, *, busy: Collection[int] = ()) -> float | None:
    """When the next chat ``worker`` could claim (see :func:`claim_chats`) becomes due, to
    sleep until then."""
    now = time.time()
    row = await db.fetchone(
        f"SELECT due_at FROM chats WHERE due_at IS NOT NULL AND {workers.FREE}{_not_in(busy)} "
        "ORDER BY due_at LIMIT 1",
        (worker, now, *busy),
    )
    return None if row is None else float(row[0])


def _not_in(ids: Collection[int]) -> str:
    return f" AND id NOT IN ({_marks(list(ids))})" if ids else ""


async def next_for_chat(db: Database, chat_id: int, *, limit: int = 1) -> list[OutboxItem]:
    """The chat's oldest queued rows (up to ``limit``) if the chat is due now, leaving out
    rows held for a digest or quiet hours; nothing is returned while the chat must wait."""
    now = time.time()
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM outbox o JOIN chats c ON c.id = o.chat_id "
        "WHERE o.chat_id = ? AND o.state = 'pending' AND c.due_at <= ? AND o.hold_until <= ? "
        "ORDER BY o.id LIMIT ?",
        (chat_id, now, now, limit),
    )
    return [_item(row) for row in rows]


_HOLD = "UPDATE outbox SET hold_until = ? WHERE id = ?"
REPLANNED = -1.0
"""``hold_until`` of a row held under settings since changed: it is planned again, and goes
with the others released with it (0: never held; a time: held until then)."""
_RESCHEDULE = (
    "UPDATE chats SET due_at = (SELECT min(hold_until) FROM outbox "
    "WHERE chat_id = ? AND state = 'pending') WHERE id = ?"
)


async def hold_rows(db: Database, until: dict[int, float]) -> None:
    """Keep rows back until their digest or the end of quiet hours (row id -> time)."""
    await db.executemany(_HOLD, [(t, i) for i, t in until.items()])


async def wait(db: Database, chat_id: int, until: dict[int, float]) -> None:
    """Hold rows (row id -> time) and, as the chat then has nothing to send, make it due
    again when its first held row is; one transaction."""
    async with db.transaction() as conn:
        await conn.executemany(_HOLD, [(t, i) for i, t in until.items()])
        await _lock_chats(conn, "id = ?", (chat_id,))
        await conn.execute(_RESCHEDULE, (chat_id, chat_id))


async def replan(db: Database, chat_id: int) -> None:
    """The chat changed its quiet hours, time zone or a delivery mode: rows held under the
    old settings are planned again under the new ones, now; those it releases go together
    as one digest (:data:`REPLANNED` marks them)."""
    now = time.time()
    async with db.transaction() as conn:
        released = await conn.execute(
            "UPDATE outbox SET hold_until = ? WHERE chat_id = ? AND hold_until > ?",
            (REPLANNED, chat_id, now),
        )
        if released:
            await conn.execute(
                "UPDATE chats SET due_at = least(due_at, ?) WHERE id = ?",
                (now, chat_id),
            )
            await conn.notify("outbox")


async def reschedule(db: Database, chat_id: int) -> None:
    """The chat has nothing to send now: it is due again when its first held row is (or
    not at all, if its queue is empty)."""
    async with db.transaction() as conn:
        await _lock_chats(conn, "id = ?", (chat_id,))
        await conn.execute(_RESCHEDULE, (chat_id, chat_id))


async def repair_stranded(db: Database, now: float | None = None) -> list[int]:
    """Make every chat with queued rows but no due time due now, and return those chats.
    The locking above keeps this from happening; this is the check that it holds, run now
    and then by delivering processes, which report what it mended."""
    rows = await db.execute_returning(
        "UPDATE chats SET due_at = ? WHERE id IN (SELECT o.chat_id FROM outbox o "
        "JOIN chats c ON c.id = o.chat_id WHERE c.due_at IS NULL) RETURNING id",
        (time.time() if now is None else now,),
    )
    return sorted(row[0] for row in rows)


async def pending_count(db: Database, chat_id: int) -> int:
    """How many messages wait for this chat."""
    row = await db.fetchone(
        "SELECT count(*) FROM outbox WHERE chat_id = ? AND state = 'pending'", (chat_id,)
    )
    return int(row[0]) if row else 0


async def hold(db: Database, chat_id: int, *, until: float) -> None:
    """Keep all of a chat's messages back until ``until`` (its flood cap is reached)."""
    await db.execute("UPDATE chats SET due_at = greatest(due_at, ?) WHERE id = ?", (until, chat_id))


async def mark_inflight(db: Database, ids: Sequence[int]) -> None:
    """Record that the request for these rows is about to be made (see the module docstring)."""
    await db.execute(
        "UPDATE outbox SET state = 'inflight', attempts = attempts + 1 "
        f"WHERE id IN ({_marks(ids)})",
        tuple(ids),
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
    """Send later; the chat's later messages wait too, so its order is kept."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET state = 'pending', error = coalesce(?, error), "
            f"uncertain = greatest(uncertain, ?) WHERE id IN ({_marks(ids)})",
            (error[:300] if error else None, int(uncertain), *ids),
        )
        await conn.execute(
            "UPDATE chats SET due_at = greatest(due_at, ?) WHERE id = ?",
            (until, chat_id),
        )


async def close(
    db: Database,
    items: Sequence[OutboxItem],
    *,
    outcome: Outcome,
    kind: Carried,
    message_id: int | None = None,
    error: str | None = None,
) -> None:
    """Move rows from the queue to the deliveries log: ``sent`` (with the message that
    carried them, as an ``alert``, ``digest`` or ``edit``), ``failed`` or ``skipped``."""
    ids = [item.id for item in items]
    chat_ids = {item.chat_id for item in items}
    async with db.transaction() as conn:
        await _lock_chats(conn, f"id IN ({_marks(chat_ids)})", tuple(chat_ids))
        await conn.execute(
            "INSERT INTO deliveries (chat_id, entry_id, story_id, kind, outcome, message_id, "
            "reasons, uncertain, at, error) SELECT chat_id, entry_id, story_id, ?, ?, ?, "
            f"reasons, uncertain, ?, ? FROM outbox WHERE id IN ({_marks(ids)}) ORDER BY id",
            (kind, outcome, message_id, time.time(), error[:300] if error else None, *ids),
        )
        await conn.execute(f"DELETE FROM outbox WHERE id IN ({_marks(ids)})", tuple(ids))


async def drop_chat(conn: Transaction, chat_id: int, reason: str) -> None:
    """The chat is gone: its queued rows go to the log as ``dropped`` (caller's transaction)."""
    await conn.execute(
        "INSERT INTO deliveries (chat_id, entry_id, story_id, kind, outcome, reasons, "
        "uncertain, at, error) SELECT chat_id, entry_id, story_id, kind, 'dropped', reasons, "
        "uncertain, ?, ? FROM outbox WHERE chat_id = ? ORDER BY id",
        (time.time(), reason[:300], chat_id),
    )
    await conn.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))


async def counts(db: Database) -> dict[str, int]:
    """Queued rows per state (pending, inflight), for operators."""
    rows = await db.fetchall("SELECT state, count(*) FROM outbox GROUP BY state")
    return {row[0]: int(row[1]) for row in rows}

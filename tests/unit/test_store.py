"""Storage on a real SQLite file: entries once, search newest first, the outbox lifecycle."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import SourceSettings
from bot.match.query import parse_query
from bot.models import ChatKind, ParsedEntry
from bot.store import chats, entries, outbox, sources, subscriptions
from bot.store.db import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "store.sqlite3")
    yield database
    await database.close()


def item(guid: str, title: str, published: float | None = None) -> ParsedEntry:
    return ParsedEntry(
        guid=guid,
        title=title,
        link=f"https://n.example/{guid}",
        published_at=published,
        text=title + " text",
        summary=title + ".",
    )


async def add_source(db: Database) -> int:
    states = await sources.sync(db, [SourceSettings(name="World", url="https://w.example/rss")])
    return states[0].id


async def store(db: Database, source_id: int, parsed: list[ParsedEntry]):
    async with db.transaction() as conn:
        return await entries.insert_new(
            conn, source_id=source_id, source_name="World", parsed=parsed, language="english"
        )


async def test_database_is_wal_and_migrated(tmp_path: Path, db: Database) -> None:
    """The file is in WAL mode with the current schema version."""
    with sqlite3.connect(tmp_path / "store.sqlite3") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] >= 1


async def test_entries_are_stored_once_and_only_new_ones_returned(db: Database) -> None:
    """A second fetch with one new item returns just that item."""
    source_id = await add_source(db)
    first = await store(db, source_id, [item("b", "Second", 200.0), item("a", "First", 100.0)])
    assert [e.title for e in first] == ["First", "Second"]  # oldest first: ids follow events
    again = await store(
        db,
        source_id,
        [item("c", "Third", 300.0), item("b", "Second", 200.0), item("b", "Second", 200.0)],
    )
    assert [e.title for e in again] == ["Third"]


async def test_search_is_newest_first_and_exact(db: Database) -> None:
    """/latest finds matches newest first, applying phrases and exclusions."""
    source_id = await add_source(db)
    await store(
        db,
        source_id,
        [
            item("1", "Peace talks open", 1.0),
            item("2", "Talks about peace", 2.0),
            item("3", "Peace talks in Gaza", 3.0),
            item("4", "Unrelated weather", 4.0),
        ],
    )
    found = await entries.search(db, parse_query("peace talks"), limit=5)
    assert [e.title for e in found] == [
        "Peace talks in Gaza",
        "Talks about peace",
        "Peace talks open",
    ]
    found = await entries.search(db, parse_query('"peace talks" -gaza'), limit=5)
    assert [e.title for e in found] == ["Peace talks open"]
    assert await entries.search(db, parse_query("volcano"), limit=5) == []


async def test_subscription_limit_and_duplicates(db: Database) -> None:
    """A chat cannot exceed its limit; the same topic twice is one subscription."""
    await chats.ensure(db, 1, ChatKind.PRIVATE, None)
    assert await subscriptions.add(db, 1, parse_query("a"), limit=2) is not None
    assert await subscriptions.add(db, 1, parse_query("A"), limit=2) is None
    assert await subscriptions.add(db, 1, parse_query("b"), limit=2) is not None
    with pytest.raises(subscriptions.SubscriptionLimitError):
        await subscriptions.add(db, 1, parse_query("c"), limit=2)


async def test_new_subscription_sees_only_later_entries(db: Database) -> None:
    """The watermark is the newest entry id when subscribing."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x")])
    await chats.ensure(db, 1, ChatKind.PRIVATE, None)
    added = await subscriptions.add(db, 1, parse_query("x"), limit=5)
    assert added is not None and added.after_entry_id == stored[0].id


async def test_outbox_lifecycle_and_crash_recovery(db: Database) -> None:
    """Rows are unique per (chat, entry); in-flight rows become pending+uncertain after a crash."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x"), item("2", "y")])
    await chats.ensure(db, 7, ChatKind.PRIVATE, None)
    async with db.transaction() as conn:
        assert await outbox.enqueue(conn, [(7, stored[0].id, "x"), (7, stored[1].id, "y")]) == (
            2,
            0,
        )
        assert await outbox.enqueue(conn, [(7, stored[0].id, "x")]) == (0, 0)
    [first] = await outbox.next_for_chat(db, 7)
    assert first.entry_id == stored[0].id
    await outbox.mark_inflight(db, [first.id])
    assert await outbox.recover(db) == 1  # the process "died" here
    [again] = await outbox.next_for_chat(db, 7)
    assert again.id == first.id and again.uncertain
    await outbox.mark_sent(db, [again.id], 555)
    [second] = await outbox.next_for_chat(db, 7)
    assert second.entry_id == stored[1].id


async def test_postponing_one_alert_holds_the_chats_later_alerts(db: Database) -> None:
    """After a 429, the chat's queue waits as a whole, so its order is kept."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x"), item("2", "y")])
    async with db.transaction() as conn:
        await outbox.enqueue(conn, [(7, stored[0].id, "x"), (7, stored[1].id, "y")])
    [first] = await outbox.next_for_chat(db, 7)
    await outbox.postpone(db, [first.id], 7, until=time.time() + 60, error="429")
    assert await outbox.next_for_chat(db, 7) == []
    assert await outbox.due_chats(db, limit=10) == []


async def test_migration_moves_subscriptions_and_open_alerts(db: Database) -> None:
    """A group's subscriptions and pending alerts follow it to the supergroup id."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x")])
    await chats.ensure(db, -5, ChatKind.GROUP, "G")
    await subscriptions.add(db, -5, parse_query("x"), limit=5)
    async with db.transaction() as conn:
        await outbox.enqueue(conn, [(-5, stored[0].id, "x")])
    [in_flight] = await outbox.next_for_chat(db, -5)
    await outbox.mark_inflight(db, [in_flight.id])  # Telegram answered "migrated" to this send
    await chats.migrate(db, -5, -1005)
    assert [s.query for s in await subscriptions.for_chat(db, -1005)] == ["x"]
    assert await subscriptions.for_chat(db, -5) == []
    [moved] = await outbox.next_for_chat(db, -1005)
    assert moved.entry_id == stored[0].id


async def test_prune_keeps_entries_with_pending_alerts(db: Database) -> None:
    """Retention never deletes an entry an alert still waits for."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x"), item("2", "y")])
    async with db.transaction() as conn:
        await outbox.enqueue(conn, [(7, stored[0].id, "x")])
    assert await entries.prune(db, older_than=float("inf")) == 1
    assert list(await entries.get_many(db, [stored[0].id, stored[1].id])) == [stored[0].id]


async def test_a_digest_counts_as_one_message_in_the_window(db: Database) -> None:
    """Rows folded into one digest share its message id and count once toward the cap."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item(str(n), f"t{n}", float(n)) for n in range(4)])
    async with db.transaction() as conn:
        await outbox.enqueue(conn, [(7, e.id, "t") for e in stored])
    batch = await outbox.next_for_chat(db, 7, limit=3)
    assert [b.entry_id for b in batch] == [e.id for e in stored[:3]]
    await outbox.mark_sent(db, [b.id for b in batch[:1]], 1)
    await outbox.mark_sent(db, [b.id for b in batch[1:]], 2)
    assert len(await outbox.messages_since(db, 7, time.time() - 60)) == 2
    assert await outbox.pending_count(db, 7) == 1
    await outbox.hold(db, 7, until=time.time() + 60)
    assert await outbox.next_for_chat(db, 7) == []

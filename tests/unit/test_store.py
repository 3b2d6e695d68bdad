"""Storage on a real SQLite file: entries once, search newest first, the outbox lifecycle."""

from __future__ import annotations

import asyncio
import contextlib
import random
import sqlite3
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.config import SourceSettings
from bot.match.matches import Matches
from bot.match.query import parse_query
from bot.models import ChatKind, Entry, ParsedEntry, Reason, Relation, Subscription
from bot.store import (
    chats,
    deliveries,
    entries,
    outbox,
    reasons,
    sources,
    subscriptions,
    workers,
)
from bot.store.db import CONFLICTS, Database
from bot.store.errors import StoreError
from bot.store.migrations import MIGRATIONS
from bot.text.terms import terms


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """Each store test runs on both engines: a SQLite file and a PostgreSQL database."""
    if request.param == "postgres":
        database = await Database.open(request.getfixturevalue("postgres_url"))
    else:
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


async def store(db: Database, source_id: int, parsed: list[ParsedEntry]) -> list[Entry]:
    prepared = [replace(p, terms=tuple(terms(f"{p.title}\n{p.text}"))) for p in parsed]
    async with db.transaction() as conn:
        return await entries.insert_new(
            conn,
            source_id=source_id,
            source_name="World",
            parsed=entries.oldest_first(prepared),
            now=time.time(),
        )


async def ensure(db: Database, chat_id: int, kind: ChatKind = ChatKind.PRIVATE) -> None:
    async with db.transaction() as conn:
        await chats.ensure(conn, chat_id, kind, None)


async def subscribe(db: Database, chat_id: int, topic: str, limit: int = 5) -> Subscription | None:
    async with db.transaction() as conn:
        return await subscriptions.add(conn, chat_id, parse_query(topic), limit=limit)


def why(subscription_id: int = 1) -> tuple[Reason, ...]:
    return (Reason(subscription_id, Relation.TOPIC),)


async def enqueue(db: Database, rows: list[tuple[int, int]], stories: dict[int, int] | None = None):
    async with db.transaction() as conn:
        return await outbox.enqueue(conn, topic_matches(rows), stories or {}, time.time())


def topic_matches(rows: list[tuple[int, int]], subscription_id: int = 1) -> Matches:
    """Matches as matching returns them: (chat, entry) pairs each matched by one topic."""
    size = len(rows)
    return Matches(
        np.array([entry for _, entry in rows], dtype=np.int64),
        np.array([chat for chat, _ in rows], dtype=np.int64),
        np.full(size, subscription_id, np.int64),
        np.zeros(size, np.int8),
        np.full(size, -1, np.int32),
        np.zeros(size, np.float32),
    )


async def test_database_is_wal_and_migrated(tmp_path: Path, db: Database) -> None:
    """A SQLite file is in WAL mode; either engine has the current schema version."""
    if db.dialect == "postgres":
        row = await db.fetchone("SELECT max(version) FROM schema_version")
        assert row is not None and row[0] == len(MIGRATIONS)
        return
    with sqlite3.connect(tmp_path / "store.sqlite3") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


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
    await ensure(db, 1)
    assert await subscribe(db, 1, "a", limit=2) is not None
    assert await subscribe(db, 1, "A", limit=2) is None
    assert await subscribe(db, 1, "b", limit=2) is not None
    with pytest.raises(subscriptions.SubscriptionLimitError):
        await subscribe(db, 1, "c", limit=2)


async def test_new_subscription_sees_only_later_entries(db: Database) -> None:
    """The watermark is the newest entry id ever given when subscribing, even if pruned."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x"), item("2", "y")])
    await entries.prune(db, older_than=float("inf"))
    await ensure(db, 1)
    added = await subscribe(db, 1, "x")
    assert added is not None and added.after_entry_id == stored[1].id


async def test_ids_are_never_reused_after_pruning(db: Database) -> None:
    """Pruning the newest entries does not hand their ids out again (AUTOINCREMENT), and a
    source still listing a pruned item does not make it new (tombstones)."""
    source_id = await add_source(db)
    old = await store(db, source_id, [item("1", "x"), item("2", "y")])
    assert await entries.prune(db, older_than=float("inf")) == 2
    known = await entries.known(db, source_id, ["1", "2", "3"])
    assert known.guids == {"1", "2"} and len(known.tombstones) == 2
    fresh = await store(db, source_id, [item("3", "z")])
    assert fresh[0].id > old[-1].id


async def test_tombstones_live_while_listed_and_expire_after(db: Database) -> None:
    """A tombstone the source keeps listing is kept; one not seen since the cut-off goes."""
    source_id = await add_source(db)
    await store(db, source_id, [item("1", "x"), item("2", "y")])
    await entries.prune(db, older_than=float("inf"))
    known = await entries.known(db, source_id, ["1"])
    async with db.transaction() as conn:
        await entries.touch_tombstones(conn, source_id, known.tombstones, time.time() + 10 * 86400)
    assert await entries.forget_tombstones(db, seen_before=time.time() + 86400) == 1
    assert (await entries.known(db, source_id, ["1", "2"])).guids == {"1"}


async def test_after_commit_runs_only_when_the_transaction_commits(db: Database) -> None:
    """In-memory changes registered in a transaction follow its fate."""
    ran: list[str] = []
    async with db.transaction():
        db.after_commit(lambda: ran.append("committed"))
    with pytest.raises(CONFLICTS):
        async with db.transaction() as conn:
            db.after_commit(lambda: ran.append("rolled back"))
            await conn.execute("INSERT INTO chats (id, kind, created_at) VALUES (1, 'x', 0)")
            await conn.execute("INSERT INTO chats (id, kind, created_at) VALUES (1, 'x', 0)")
    assert ran == ["committed"]
    with pytest.raises(RuntimeError):
        db.after_commit(lambda: None)


async def test_outbox_lifecycle_and_crash_recovery(db: Database) -> None:
    """Rows are unique per (chat, entry); in-flight rows become pending+uncertain after a
    crash; a confirmed row leaves the queue for the log."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x"), item("2", "y")])
    await ensure(db, 7)
    assert await enqueue(db, [(7, stored[0].id), (7, stored[1].id)]) == (2, 0)
    await enqueue(db, [(7, stored[0].id)])
    assert await outbox.counts(db) == {"pending": 2}
    [first] = await outbox.next_for_chat(db, 7)
    assert first.entry_id == stored[0].id and first.reasons == why()
    await outbox.mark_inflight(db, [first.id])
    assert await outbox.recover(db) == 1  # the process "died" here
    [again] = await outbox.next_for_chat(db, 7)
    assert again.id == first.id and again.uncertain
    await outbox.close(db, [again], outcome="sent", kind="alert", message_id=555)
    [second] = await outbox.next_for_chat(db, 7)
    assert second.entry_id == stored[1].id
    assert await deliveries.counts(db, since=0) == {"sent": 1}
    await outbox.close(db, [second], outcome="sent", kind="alert", message_id=556)
    assert await outbox.claim_chats(db, 1, limit=10) == []  # nothing queued: the chat is not due


async def test_postponing_one_alert_holds_the_chats_later_alerts(db: Database) -> None:
    """After a 429, the chat's queue waits as a whole, so its order is kept."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x"), item("2", "y")])
    await ensure(db, 7)
    await enqueue(db, [(7, stored[0].id), (7, stored[1].id)])
    assert await outbox.claim_chats(db, 1, limit=10) == [7]
    [first] = await outbox.next_for_chat(db, 7)
    await outbox.postpone(db, [first.id], 7, until=time.time() + 60, error="429")
    assert await outbox.next_for_chat(db, 7) == []
    assert await outbox.claim_chats(db, 1, limit=10) == []
    due = await outbox.next_due_at(db, 1)
    assert due is not None and due > time.time() + 50


async def test_due_chats_longest_waiting_first_and_busy_ones_skipped(db: Database) -> None:
    """The chat whose queue waits longest goes first; chats being sent to are left out."""
    source_id = await add_source(db)
    [entry] = await store(db, source_id, [item("1", "x")])
    for chat in (3, 1, 2):
        await ensure(db, chat)
        await enqueue(db, [(chat, entry.id)])
    assert await outbox.claim_chats(db, 1, limit=10) == [3, 1, 2]
    assert await outbox.claim_chats(db, 1, limit=1, busy=[3]) == [1]


async def test_workers_share_chats_and_a_dead_workers_claims_lapse(db: Database) -> None:
    """Two deliver workers never own the same chat; when one dies (stops renewing its
    lease), the other takes its chats over, and the alert it was sending is resent, marked
    uncertain; a clean stop gives claims back at once."""
    source_id = await add_source(db)
    [entry] = await store(db, source_id, [item("1", "x")])
    for chat in (1, 2, 3):
        await ensure(db, chat)
        await enqueue(db, [(chat, entry.id)])
    first = await workers.register(db, "deliver")
    second = await workers.register(db, "deliver")
    assert workers.by_role(await workers.beat(db, first)) == {"deliver": 2}
    assert await outbox.claim_chats(db, first, limit=2) == [1, 2]
    assert await outbox.claim_chats(db, second, limit=5) == [3]
    assert await outbox.claim_chats(db, second, limit=5, busy=[3]) == []
    assert await outbox.next_due_at(db, second, busy=[3]) is None
    [sending] = await outbox.next_for_chat(db, 1)
    await outbox.mark_inflight(db, [sending.id])
    await db.execute("UPDATE workers SET alive_until = ? WHERE id = ?", (time.time() - 1, first))
    assert await outbox.claim_chats(db, second, limit=5, busy=[3]) == [1, 2]
    [again] = await outbox.next_for_chat(db, 1)
    assert again.id == sending.id and again.uncertain
    await outbox.release_chat(db, 2, second)
    third = await workers.register(db, "deliver")
    assert await outbox.claim_chats(db, third, limit=5) == [2]
    await workers.leave(db, third)
    assert await outbox.claim_chats(db, second, limit=5, busy=[1, 3]) == [2]


async def test_an_alert_queued_as_the_chats_last_row_leaves_stays_due(postgres_url: str) -> None:
    """Regression (attack run N1): an ingest process queues a chat's next alert while a
    deliver process closes the chat's last row. Each transaction could miss the other's
    row: the new alert stayed pending with no due time, never sent. Now the close waits
    for the enqueue's lock and sees its row, and no queued row is ever without a due chat."""
    ingest, deliver = await Database.open(postgres_url), await Database.open(postgres_url)
    try:
        source_id = await add_source(ingest)
        first, second = await store(ingest, source_id, [item("1", "x"), item("2", "y")])
        await ensure(ingest, 7)
        await enqueue(ingest, [(7, first.id)])
        [sent] = await outbox.next_for_chat(deliver, 7)
        async with ingest.transaction() as conn:
            await outbox.enqueue(conn, topic_matches([(7, second.id)]), {}, time.time())
            closing = asyncio.create_task(
                outbox.close(deliver, [sent], outcome="sent", kind="alert", message_id=1)
            )
            await asyncio.sleep(0.5)  # the close runs into this open transaction's lock
        await closing
        [queued] = await outbox.next_for_chat(deliver, 7)  # due, so a worker will send it
        assert queued.entry_id == second.id
        assert await outbox.repair_stranded(deliver) == []
    finally:
        await ingest.close()
        await deliver.close()


async def test_a_stranded_row_is_found_and_its_chat_made_due(db: Database) -> None:
    """The sweeper's check: a queued row whose chat has no due time (which the locking
    prevents) makes the chat due again, and the chat is named."""
    source_id = await add_source(db)
    [entry] = await store(db, source_id, [item("1", "x")])
    for chat in (1, 2):
        await ensure(db, chat)
        await enqueue(db, [(chat, entry.id)])
    assert await outbox.repair_stranded(db) == []
    await db.execute("UPDATE chats SET due_at = NULL WHERE id = 2")
    assert await outbox.repair_stranded(db) == [2]
    assert sorted(await outbox.claim_chats(db, 1, limit=10)) == [1, 2]


async def test_ingest_workers_claim_a_source_for_one_fetch(db: Database) -> None:
    """A due source is fetched by one ingest worker at a time; the others do not see it
    as due until it is released or its worker dies."""
    source_id = await add_source(db)
    first = await workers.register(db, "ingest")
    second = await workers.register(db, "ingest")
    now = time.time() + 1
    assert await sources.due(db, first, now=now, limit=5) == [source_id]
    assert await sources.claim(db, first, source_id)
    assert not await sources.claim(db, second, source_id)
    assert await sources.due(db, second, now=now, limit=5) == []
    await sources.release(db, first, source_id)
    assert await sources.claim(db, second, source_id)
    await sources.release(db, second, source_id)
    await db.execute(  # fetched meanwhile: not due any more, so not claimed again
        "UPDATE sources SET next_check_at = ? WHERE id = ?", (time.time() + 60, source_id)
    )
    assert not await sources.claim(db, first, source_id)
    await db.execute("UPDATE sources SET next_check_at = 0 WHERE id = ?", (source_id,))
    assert await sources.claim(db, second, source_id)
    await db.execute("UPDATE workers SET alive_until = 0 WHERE id = ?", (second,))
    assert await sources.due(db, first, now=now, limit=5) == [source_id]


async def test_a_later_report_edits_only_chats_that_got_the_story(db: Database) -> None:
    """An entry joining a story is an edit for chats alerted to it (queued or sent), in the
    same batch too, and a plain alert for a chat that never got the story."""
    source_id = await add_source(db)
    first, second, third = await store(db, source_id, [item(str(n), f"t{n}", n) for n in (1, 2, 3)])
    for chat in (1, 2, 3):
        await ensure(db, chat)
    await enqueue(db, [(1, first.id)])
    [sent] = await outbox.next_for_chat(db, 1)
    await outbox.close(db, [sent], outcome="sent", kind="alert", message_id=10)
    await enqueue(db, [(2, first.id)])
    story = {second.id: first.id}
    assert await enqueue(db, [(1, second.id), (2, second.id), (3, second.id)], story) == (1, 2)
    kinds = await db.fetchall("SELECT chat_id, kind FROM outbox WHERE entry_id = ?", (second.id,))
    assert {tuple(row) for row in kinds} == {(1, "edit"), (2, "edit"), (3, "alert")}
    assert await enqueue(db, [(3, third.id)], {third.id: third.id}) == (1, 0)


async def test_migration_moves_subscriptions_settings_and_open_alerts(db: Database) -> None:
    """A group's subscriptions, settings and queued alerts follow it to the supergroup id."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x")])
    async with db.transaction() as conn:
        await chats.ensure(conn, -5, ChatKind.GROUP, "G", language="uk")
    await subscribe(db, -5, "x")
    await enqueue(db, [(-5, stored[0].id)])
    [in_flight] = await outbox.next_for_chat(db, -5)
    await outbox.mark_inflight(db, [in_flight.id])  # Telegram answered "migrated" to this send
    async with db.transaction() as conn:
        await chats.migrate(conn, -5, -1005)
    assert [s.query for s in await subscriptions.of_chat(db, -1005)] == ["x"]
    assert await subscriptions.of_chat(db, -5) == []
    [moved] = await outbox.next_for_chat(db, -1005)
    assert moved.entry_id == stored[0].id
    row = await db.fetchone("SELECT language FROM chat_settings WHERE chat_id = -1005")
    assert row is not None and row[0] == "uk"


async def test_prune_keeps_entries_with_pending_alerts(db: Database) -> None:
    """Retention never deletes an entry an alert still waits for."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item("1", "x"), item("2", "y")])
    await ensure(db, 7)
    await enqueue(db, [(7, stored[0].id)])
    assert await entries.prune(db, older_than=float("inf"), batch=1) == 1
    assert list(await entries.get_many(db, [stored[0].id, stored[1].id])) == [stored[0].id]


async def test_a_digest_counts_as_one_message_in_the_window(db: Database) -> None:
    """Rows folded into one digest share its message id and count once toward the cap."""
    source_id = await add_source(db)
    stored = await store(db, source_id, [item(str(n), f"t{n}", float(n)) for n in range(4)])
    await ensure(db, 7)
    await enqueue(db, [(7, e.id) for e in stored])
    batch = await outbox.next_for_chat(db, 7, limit=3)
    assert [b.entry_id for b in batch] == [e.id for e in stored[:3]]
    await outbox.close(db, batch[:1], outcome="sent", kind="alert", message_id=1)
    await outbox.close(db, batch[1:], outcome="sent", kind="digest", message_id=2)
    assert len(await deliveries.messages_since(db, 7, time.time() - 60)) == 2
    assert await outbox.pending_count(db, 7) == 1
    await outbox.hold(db, 7, until=time.time() + 60)
    assert await outbox.next_for_chat(db, 7) == []
    alert = await deliveries.story_alert(db, 7, stored[1].id)
    assert alert is not None and alert is not True and alert.digest


async def test_reasons_round_trip_as_data() -> None:
    """Stored reasons are compact JSON of (subscription, relation, place, km), read back
    exactly; unknown relations from a future version are skipped."""
    why = (
        Reason(3, Relation.TOPIC),
        Reason(4, Relation.WITHIN, "city:706483", 128.4),
        Reason(5, Relation.INSIDE, "city:703448"),
        Reason(0, Relation.NOTE, text="📍 Kyiv"),
    )
    text = reasons.encode(why)
    assert (
        text
        == '[[3,"topic"],[4,"within","city:706483",128.4],[5,"inside","city:703448"],[0,"note","📍 Kyiv"]]'
    )
    assert reasons.decode(text) == why
    assert reasons.decode('[[1,"telepathy"],[2,"topic"]]') == (Reason(2, Relation.TOPIC),)


async def test_a_version_3_database_is_upgraded_without_losing_alerts(tmp_path: Path) -> None:
    """Livebot 0.1's outbox splits into the queue (pending, in flight: now uncertain) and the
    log (sent, with digests told apart); its text reasons are kept as notes; entry ids are
    kept and never reused."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as raw:
        for number, step in enumerate(MIGRATIONS[:3], start=1):
            script = step.sqlite
            assert isinstance(script, str)
            raw.executescript(f"{script}\nPRAGMA user_version = {number};")
        raw.executescript(
            """
            INSERT INTO sources (id, name, url) VALUES (1, 'World', 'https://w.example/rss');
            INSERT INTO entries (id, source_id, guid, title, link, ingested_at, summary)
                VALUES (1, 1, 'a', 'A', 'https://w.example/a', 1, ''),
                       (2, 1, 'b', 'B', 'https://w.example/b', 2, ''),
                       (3, 1, 'c', 'C', 'https://w.example/c', 3, '');
            INSERT INTO chats (id, kind, created_at) VALUES (7, 'private', 0);
            INSERT INTO outbox (chat_id, entry_id, reasons, state, created_at, sent_at, message_id)
                VALUES (7, 1, 'peace', 'sent', 1, 1, 50), (7, 2, 'peace', 'sent', 2, 2, 51),
                       (7, 3, 'x', 'sent', 2, 2, 51);
            INSERT INTO chats (id, kind, created_at) VALUES (8, 'private', 0);
            INSERT INTO outbox (chat_id, entry_id, reasons, state, created_at)
                VALUES (8, 1, 'peace
📍 Kyiv', 'inflight', 1), (8, 2, 'peace', 'pending', 2);
            """
        )
    db = await Database.open(path)
    try:
        assert await outbox.claim_chats(db, 1, limit=10) == [8]
        first, second = await outbox.next_for_chat(db, 8, limit=5)
        assert first.uncertain and not second.uncertain
        assert first.reasons == (
            Reason(0, Relation.NOTE, text="peace"),
            Reason(0, Relation.NOTE, text="📍 Kyiv"),
        )
        log = await db.fetchall("SELECT entry_id, kind FROM deliveries ORDER BY entry_id")
        assert [tuple(row) for row in log] == [(1, "alert"), (2, "digest"), (3, "digest")]
        source_id = 1
        [entry] = await store(db, source_id, [item("d", "D")])
        assert entry.id == 4
    finally:
        await db.close()


async def test_cancelled_transactions_leave_the_connection_and_memory_consistent(
    db: Database,
) -> None:
    """Tasks cancelled at any point of a transaction (as at shutdown) never leave it open
    for the next one, and a row is in the database exactly when its after-commit action
    ran (a COMMIT under way is awaited to its end)."""
    ran: set[int] = set()

    async def write(chat: int) -> None:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO chats (id, kind, created_at) VALUES (?, 'private', 0)", (chat,)
            )
            db.after_commit(lambda: ran.add(chat))

    rng = random.Random(5)
    for chat in range(1, 201):
        task = asyncio.create_task(write(chat))
        for _ in range(rng.randint(0, 6)):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await write(1000)
    rows = {row[0] for row in await db.fetchall("SELECT id FROM chats")}
    assert rows == ran | {1000}
    assert 0 < len(ran) < 200  # both outcomes happened


async def test_a_small_write_waits_for_at_most_one_bulk_transaction(db: Database) -> None:
    """Three ingests queue for the writer; a person's write queued after them goes right
    after the one running (bulk transactions wait for the writer one at a time)."""
    order: list[str] = []
    release = asyncio.Event()

    async def write(name: str, *, bulk: bool) -> None:
        async with db.transaction(bulk=bulk):
            order.append(name)
            await release.wait()

    tasks = [asyncio.create_task(write(f"ingest {n}", bulk=True)) for n in range(3)]
    for _ in range(5):
        await asyncio.sleep(0)
    tasks.append(asyncio.create_task(write("person", bulk=False)))
    for _ in range(5):
        await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*tasks)
    assert order.index("person") <= 2  # after the running ingest and at most the next one


async def test_a_followed_links_topic_filter_is_rekeyed_with_the_topics(tmp_path: Path) -> None:
    """Start-up reads a followed link's topic filter anew too (version 10 did, in the
    migration it no longer runs), keeping its source in the key."""
    db = await Database.open(tmp_path / "links.sqlite3")
    [state] = await sources.sync(db, [SourceSettings(name="Link", url="https://l.example/rss")])
    await db.execute("INSERT INTO chats (id, kind, active, created_at) VALUES (1, 'private', 1, 0)")
    await db.execute(
        "INSERT INTO subscriptions (chat_id, query, key, after_entry_id, created_at, source_id, "
        "filter) VALUES (1, 'Link', ?, 0, 0, ?, 'обстріл Харкова')",
        (f"source:{state.id}:an old key", state.id),
    )
    await subscriptions.rekey(db, lambda text: parse_query(text).key, "today")
    [row] = await db.fetchall("SELECT key FROM subscriptions")
    await db.close()
    assert row[0] == f"source:{state.id}:{parse_query('обстріли Харкова').key}"


async def test_ukrainian_and_russian_topics_are_rekeyed_by_their_lemmas(tmp_path: Path) -> None:
    """Version 10: a Cyrillic topic made before lemmas is found again by the same words once
    start-up re-keys (the migration runs no parser: issue 26); one whose new key the chat
    already has keeps its old key."""
    path = tmp_path / "v9.sqlite3"
    db = await Database.open(path)
    await db.execute(
        "INSERT INTO chats (id, kind, active, created_at) VALUES (1, 'private', 1, 0), "
        "(2, 'private', 1, 0)"
    )
    made = [
        (1, "обстріл Харкова", "обстріл & харкова"),
        (1, "peace talks", "an old english key"),
        (2, "Київ", "киів-old"),
        (2, "Києві", "киеві-old"),
    ]
    await db.executemany(
        "INSERT INTO subscriptions (chat_id, query, key, after_entry_id, created_at) "
        "VALUES (?, ?, ?, 0, 0)",
        made,
    )
    await db.close()
    with sqlite3.connect(path) as raw:
        raw.execute("ALTER TABLE entries DROP COLUMN language")  # as version 9 had it
        raw.execute("DROP TABLE facts")
        raw.execute("DROP TABLE workers")
        raw.execute("ALTER TABLE chats DROP COLUMN owner")
        raw.execute("ALTER TABLE sources DROP COLUMN owner")
        raw.execute("ALTER TABLE sources DROP COLUMN last_error_code")
        raw.execute("PRAGMA user_version = 9")
    db = await Database.open(path)
    # As start-up does: a database of version 9 has no record of how its keys were made.
    await subscriptions.rekey(db, lambda text: parse_query(text).key, "today")
    keys = [row[0] for row in await db.fetchall("SELECT key FROM subscriptions ORDER BY id")]
    await db.close()
    assert keys == [
        parse_query("обстріли Харкова").key,  # the same topic, inflected
        parse_query("peace talks").key,
        parse_query("Київ").key,
        "киеві-old",  # the chat has Київ already: kept as it was
    ]


def test_only_the_store_knows_the_database_driver() -> None:
    """Everything outside ``bot/store/`` reaches the database through the store's own types
    (a :class:`Database`, a ``Transaction``), never the driver's connection (issue 15)."""
    from pathlib import Path

    import bot

    root = Path(bot.__file__).parent
    users = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "aiosqlite" in path.read_text(encoding="utf-8") and path.parent.name != "store"
    )
    assert users == []


async def test_both_engines_build_the_same_schema(tmp_path: Path, postgres_url: str) -> None:
    """One ordered list of migrations: every step from PostgreSQL's first has its script,
    and the two engines end with the same tables and columns (SQLite's FTS5 shadow tables
    and PostgreSQL's schema_version and lexemes aside)."""
    from bot.store.migrations import POSTGRES_FIRST

    assert all(step.postgres for step in MIGRATIONS[POSTGRES_FIRST - 1 :])
    assert not any(step.postgres for step in MIGRATIONS[: POSTGRES_FIRST - 1])
    lite = await Database.open(tmp_path / "schema.sqlite3")
    pg = await Database.open(postgres_url)
    try:
        tables = [
            row[0]
            for row in await lite.fetchall(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'entries_fts_%'"
            )
        ]
        for table in tables:
            columns = {row[1] for row in await lite.fetchall(f"PRAGMA table_info({table})")}
            if table == "entries_fts":
                columns = {"rowid", "terms"}
            theirs = {
                row[0]
                for row in await pg.fetchall(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                    (table,),
                )
            } - {"lexemes"}
            assert theirs == columns, table
        on_pg = {
            row[0]
            for row in await pg.fetchall(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        }
        assert on_pg - {"schema_version"} == set(tables)
    finally:
        await lite.close()
        await pg.close()


async def test_one_livebot_per_postgresql_database(postgres_url: str) -> None:
    """A second process on the same PostgreSQL database is refused with one line naming it
    (without its password); the first one's hold ends with its connection."""
    from bot.config import StorageSettings
    from bot.services import Services
    from bot.store.errors import InstanceLockedError

    storage = StorageSettings(url=postgres_url)
    lock, first = await Services.open_store(storage)
    assert lock is None
    with pytest.raises(InstanceLockedError, match="another Livebot is running"):
        await Services.open_store(storage)
    await first.close()
    _, again = await Services.open_store(storage)
    await again.close()


async def test_an_installation_moves_from_sqlite_to_postgresql(
    tmp_path: Path, postgres_url: str
) -> None:
    """livebot migrate copies every table and column, ids included: subscriptions, queued
    alerts, the delivery log and search survive; new ids continue after the copied ones
    (entry ids after the newest ever given, pruned ones included); a second run into the
    now full database is refused in one line."""
    from bot.store import transfer

    path = tmp_path / "old.sqlite3"
    old = await Database.open(path)
    source_id = await add_source(old)
    stored = sorted(
        await store(
            old, source_id, [item("1", "Peace talks resume"), item("2", "Storm hits the coast")]
        ),
        key=lambda e: e.title,
    )  # the talks first
    await ensure(old, 7)
    added = await subscribe(old, 7, "peace talks")
    assert added is not None
    await enqueue(old, [(7, stored[0].id)])
    [queued] = await outbox.next_for_chat(old, 7, limit=5)
    await outbox.close(old, [queued], outcome="sent", kind="alert", message_id=99)
    await enqueue(old, [(7, stored[1].id)])
    later = await store(old, source_id, [item("3", "Pruned soon")])
    await old.execute("DELETE FROM entries_fts WHERE rowid = ?", (later[0].id,))
    await old.execute("DELETE FROM entries WHERE id = ?", (later[0].id,))
    columns = {
        table: tuple(row[1] for row in await old.fetchall(f"PRAGMA table_info({table})"))
        for table, _ in transfer.TABLES
        if table != "entries_fts"
    }
    await old.close()
    for table, listed in transfer.TABLES:  # every column of every table is copied
        if table != "entries_fts":
            assert set(listed) == set(columns[table]) - transfer.NOT_COPIED, table

    moved = await asyncio.to_thread(transfer.migrate, f"sqlite:///{path}", postgres_url)
    assert moved.rows["entries"] == 2 and moved.rows["outbox"] == 1
    assert moved.rows["deliveries"] == 1 and moved.rows["subscriptions"] == 1

    new = await Database.open(postgres_url)
    try:
        [found] = await entries.search(new, parse_query("peace talks"), limit=5)
        assert found.id == stored[0].id
        assert [s.id for s in await subscriptions.of_chat(new, 7)] == [added.id]
        [waiting] = await outbox.next_for_chat(new, 7, limit=5)
        assert waiting.entry_id == stored[1].id
        newer = await store(new, source_id, [item("4", "After the move")])
        assert newer[0].id == later[0].id + 1  # never the pruned entry's id
        await ensure(new, 8)
        again = await subscribe(new, 8, "storm")
        assert again is not None and again.id == added.id + 1
        assert again.after_entry_id == newer[0].id
    finally:
        await new.close()
    with pytest.raises(StoreError, match="not empty"):
        await asyncio.to_thread(transfer.migrate, str(path), postgres_url)


def test_livebot_migrate_says_what_it_moved_or_why_not(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command prints one line either way; the target's password never shows."""
    from bot.cli import main

    for source, target, said in (
        (
            "mysql://db/livebot",
            postgres_url,
            "mysql://db/livebot: not a store; give sqlite:///path",
        ),
        (
            str(tmp_path / "a.sqlite3"),
            f"sqlite:///{tmp_path}/a.sqlite3",
            "the same store as --from",
        ),
        ("", "  ", "a store is missing; give sqlite:///path or postgresql://"),
    ):
        assert main(["migrate", "--from", source, "--to", target]) == 1
        error = capsys.readouterr().err.strip()
        assert error.startswith("livebot: ") and said in error and "\n" not in error
    missing = tmp_path / "nowhere.sqlite3"
    assert main(["migrate", "--from", str(missing), "--to", postgres_url]) == 1
    assert (
        capsys.readouterr().err.strip() == f"livebot: {missing}: no such database to migrate from"
    )
    # The README once wrote sqlite:///srv/…, which is relative (issue 27): the line says so.
    assert main(["migrate", "--from", "sqlite:///srv/x.sqlite3", "--to", postgres_url]) == 1
    assert "an absolute one is sqlite:////srv/x.sqlite3" in capsys.readouterr().err
    asyncio.run(_empty_store(tmp_path / "empty.sqlite3"))
    secret = postgres_url.replace("livebot@", "livebot:s3cret@")
    assert main(["migrate", "--from", f"sqlite:///{tmp_path}/empty.sqlite3", "--to", secret]) == 0
    out = capsys.readouterr().out
    assert out.startswith("migrated sqlite:///") and "0 entries" in out
    assert "s3cret" not in out and "livebot:***@" in out


async def _empty_store(path: Path) -> None:
    await (await Database.open(path)).close()


async def test_a_nul_in_a_topic_never_stops_a_move_and_a_failed_move_keeps_nothing(
    tmp_path: Path, postgres_url: str
) -> None:
    """Attack run N6: a NUL a person planted in a topic (SQLite keeps it, PostgreSQL refuses
    it) made ``migrate`` die half-way with a traceback, leaving the target half-filled so a
    rerun was refused. Now text is copied without NUL, and a move that fails (here: a
    trigger the target raises on) is one line and leaves the target empty for a rerun."""
    from bot.store import transfer

    path = tmp_path / "old.sqlite3"
    old = await Database.open(path)
    source_id = await add_source(old)
    await store(old, source_id, [item("1", "Storm hits the coast")])
    await ensure(old, 7)
    assert await subscribe(old, 7, "storm") is not None
    await old.execute("UPDATE subscriptions SET query = ? WHERE chat_id = 7", ("nul\x00byte",))
    await old.close()
    target = await Database.open(postgres_url)
    await target.execute(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$"
    )
    await target.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON subscriptions FOR EACH ROW EXECUTE FUNCTION refuse()"
    )
    await target.close()
    with pytest.raises(StoreError, match="nothing was kept") as failed:
        await asyncio.to_thread(transfer.migrate, f"sqlite:///{path}", postgres_url)
    assert "injected failure" in str(failed.value)
    target = await Database.open(postgres_url)
    try:
        for table in ("sources", "subscriptions", "entries"):
            assert await target.fetchone(f"SELECT count(*) FROM {table}") == (0,)
        await target.execute("DROP TRIGGER refuse ON subscriptions")
    finally:
        await target.close()
    moved = await asyncio.to_thread(transfer.migrate, f"sqlite:///{path}", postgres_url)
    assert moved.rows["subscriptions"] == 1
    new = await Database.open(postgres_url)
    try:
        assert await new.fetchone("SELECT query FROM subscriptions") == ("nulbyte",)
    finally:
        await new.close()


async def test_rekeying_gives_new_keys_and_keeps_one_a_chat_already_has(db: Database) -> None:
    """Regression: re-keying used SQLite's UPDATE OR IGNORE, a syntax error on PostgreSQL
    (hidden while no key changed). A topic takes its new key, unless the chat already has a
    topic with that key; the pass runs once per way of reading topics."""
    await ensure(db, 1)
    for topic in ("storm", "rain", "wind"):
        assert await subscribe(db, 1, topic) is not None
    storm, rain = parse_query("storm").key, parse_query("rain").key
    new_keys = {"storm": rain, "rain": rain, "wind": "wind, read anew"}
    assert await subscriptions.rekey(db, new_keys.get, "reading 2") == 2
    rows = await db.fetchall("SELECT query, key FROM subscriptions WHERE chat_id = 1")
    assert {row[0]: row[1] for row in rows} == {
        "storm": storm, "rain": rain, "wind": "wind, read anew",
    }  # fmt: skip
    assert await subscriptions.rekey(db, new_keys.get, "reading 2") is None

"""Subscribers: the database and the matching indexes in step, and what matching returns."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.models import ChatKind, Entry, Reason, Relation
from bot.store.db import Database
from bot.subscribers import Subscribers
from bot.text.terms import terms


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "s.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def subscribers(db: Database) -> Subscribers:
    return Subscribers(db, language="english", per_chat_limit=10)


def entry(entry_id: int, title: str) -> Entry:
    return Entry(entry_id, 1, "World", title, "https://n.example/", None, 0.0, "",
                 terms=tuple(terms(title)))  # fmt: skip


async def test_matches_carry_reasons_as_data_and_respect_mutes(
    db: Database, subscribers: Subscribers
) -> None:
    """One match per chat and entry, naming each subscription that matched; a muted one is
    skipped until its mute ends; a removed one leaves the index after its commit."""
    for chat in (1, 2):
        await subscribers.chat_seen(chat, ChatKind.PRIVATE, None)
    storm = await subscribers.subscribe(1, subscribers.parse("storm"))
    coast = await subscribers.subscribe(1, subscribers.parse("coast"))
    other = await subscribers.subscribe(2, subscribers.parse("storm"))
    assert storm and coast and other
    found = list(subscribers.match([entry(5, "Storm reaches the coast")]))
    assert sorted(found) == [
        (1, 5, (Reason(storm.id, Relation.TOPIC), Reason(coast.id, Relation.TOPIC))),
        (2, 5, (Reason(other.id, Relation.TOPIC),)),
    ]
    await db.execute(
        "UPDATE subscriptions SET muted_until = ? WHERE id = ?", (time.time() + 60, other.id)
    )
    await subscribers.chat_gone(2, "blocked")
    await subscribers.chat_seen(2, ChatKind.PRIVATE, None)  # reloads chat 2 from the database
    assert [chat for chat, _, _ in subscribers.match([entry(6, "Storm")])] == [1]
    assert [chat for chat, _, _ in subscribers.match([entry(6, "Storm")], time.time() + 120)] == [
        1,
        2,
    ]
    await subscribers.unsubscribe(1, storm.id)
    assert list(subscribers.match([entry(7, "Storm")])) == []


async def test_changes_made_while_loading_apply_after_the_load(
    db: Database, subscribers: Subscribers
) -> None:
    """Start-up loads subscriptions in the background while people use the bot: one
    subscribed and one removed during the load end up as the database says."""
    await db.executemany(
        "INSERT INTO chats (id, kind, active, created_at) VALUES (?, 'private', 1, 0)",
        [(chat,) for chat in range(1, 25_001)],
    )
    await db.executemany(
        "INSERT INTO subscriptions (chat_id, query, key, after_entry_id, created_at) "
        "VALUES (?, 'storm', 'storm', 0, 0)",
        [(chat,) for chat in range(1, 25_001)],
    )
    loading = asyncio.create_task(subscribers.load())
    await asyncio.sleep(0)  # the load has taken its snapshot's first batch
    await subscribers.chat_seen(30_000, ChatKind.PRIVATE, None)
    added = await subscribers.subscribe(30_000, subscribers.parse("coast"))
    removed = await subscribers.unsubscribe(1, 1)
    assert added is not None and removed is not None
    assert not subscribers.loaded.is_set()  # the changes above happened during the load
    await loading
    chats = {chat for chat, _, _ in subscribers.match([entry(10, "Storm reaches the coast")])}
    assert 30_000 in chats and 1 not in chats and len(chats) == 25_000


async def test_topics_whose_reading_changed_are_keyed_again_at_start(
    db: Database, subscribers: Subscribers
) -> None:
    """A topic stored with the key an older version gave it is found by the same words
    after a start: /unsubscribe and a repeated /subscribe still know it."""
    await subscribers.chat_seen(1, ChatKind.PRIVATE, None)
    made = await subscribers.subscribe(1, subscribers.parse("Wahlen in Thüringen"))
    assert made is not None
    await db.execute("UPDATE subscriptions SET key = 'wahlen & in & thuringen' WHERE id = ?",
                     (made.id,))  # fmt: skip
    fresh = Subscribers(db, language="english", per_chat_limit=10)
    await fresh.load()
    found = await fresh.find(1, fresh.parse("Wahlen in Thüringen"))
    assert found is not None and found.id == made.id


async def test_topics_are_keyed_again_only_when_the_way_they_are_read_changed(
    db: Database, subscribers: Subscribers
) -> None:
    """Start-up reads every topic's key only when topics are read differently from when the
    keys were made (remembered in the database): not on every start."""
    await subscribers.chat_seen(1, ChatKind.PRIVATE, None)
    made = await subscribers.subscribe(1, subscribers.parse("storm"))
    assert made is not None
    await subscribers.load()  # remembers how topics are read now
    await db.execute("UPDATE subscriptions SET key = 'made otherwise' WHERE id = ?", (made.id,))
    again = Subscribers(db, language="english", per_chat_limit=10)
    await again.load()
    assert await again.find(1, again.parse("storm")) is None  # same reading: not read again
    await db.execute("UPDATE facts SET value = 'an older reading'")
    later = Subscribers(db, language="english", per_chat_limit=10)
    await later.load()
    found = await later.find(1, later.parse("storm"))
    assert found is not None and found.id == made.id

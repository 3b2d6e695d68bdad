"""The schema, as an append-only list of migrations. Order is important; never edit one.

Each step has SQLite's migration, SQL (statements run in order) or an async function for
steps that need Python, and PostgreSQL's SQL script; PostgreSQL installations begin at
schema 12, whose PostgreSQL script creates the whole schema. ``Database.open`` runs the
steps a database has not seen yet, each in its own transaction, and keeps the count
(``PRAGMA user_version`` in SQLite, the ``schema_version`` table in PostgreSQL).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiosqlite

from bot.store.reasons import note

Migration = str | Callable[[aiosqlite.Connection], Awaitable[None]]

_V1_TO_V3 = (
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        url TEXT NOT NULL UNIQUE,
        enabled INTEGER NOT NULL DEFAULT 1,
        etag TEXT,
        last_modified TEXT,
        primed INTEGER NOT NULL DEFAULT 0,
        last_success_at REAL,
        last_error TEXT,
        last_error_at REAL,
        failures INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        guid TEXT NOT NULL,
        title TEXT NOT NULL,
        link TEXT NOT NULL,
        published_at REAL,
        ingested_at REAL NOT NULL,
        summary TEXT NOT NULL,
        UNIQUE (source_id, guid)
    );
    CREATE VIRTUAL TABLE entries_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
    CREATE TABLE chats (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT,
        created_at REAL NOT NULL
    );
    CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats(id) ON UPDATE CASCADE,
        query TEXT NOT NULL,
        key TEXT NOT NULL,
        after_entry_id INTEGER NOT NULL,
        created_at REAL NOT NULL,
        UNIQUE (chat_id, key)
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        reasons TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        uncertain INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        sent_at REAL,
        message_id INTEGER,
        error TEXT,
        UNIQUE (chat_id, entry_id)
    );
    CREATE INDEX outbox_open ON outbox (state, not_before) WHERE state IN ('pending', 'inflight');
    CREATE INDEX entries_source ON entries (source_id);
    """,
    """
    ALTER TABLE subscriptions ADD COLUMN place TEXT;
    ALTER TABLE subscriptions ADD COLUMN radius_km REAL NOT NULL DEFAULT 0;
    ALTER TABLE entries ADD COLUMN places TEXT NOT NULL DEFAULT '';
    """,
    """
    ALTER TABLE sources ADD COLUMN feed_url TEXT;
    ALTER TABLE sources ADD COLUMN fingerprint BLOB;
    ALTER TABLE entries ADD COLUMN cluster_id INTEGER;
    ALTER TABLE entries ADD COLUMN minhash BLOB;
    ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'alert';
    CREATE INDEX entries_cluster ON entries (cluster_id);
    """,
)


_V4_SCHEMA = """
-- Ids are never reused, even after pruning: AUTOINCREMENT (SQLite can only add it by
-- rebuilding the table). Only entries that may alert keep a story signature.
CREATE TABLE entries_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    guid TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT NOT NULL,
    published_at REAL,
    ingested_at REAL NOT NULL,
    summary TEXT NOT NULL,
    places TEXT NOT NULL DEFAULT '',
    cluster_id INTEGER,
    minhash BLOB,
    UNIQUE (source_id, guid)
);
INSERT INTO entries_v4 (id, source_id, guid, title, link, published_at, ingested_at, summary,
                        places, cluster_id, minhash)
    SELECT id, source_id, guid, title, link, published_at, ingested_at, summary, places,
           cluster_id, minhash FROM entries;
DROP TABLE entries;
ALTER TABLE entries_v4 RENAME TO entries;
CREATE INDEX entries_cluster ON entries (cluster_id);
CREATE INDEX entries_ingested ON entries (ingested_at);

-- What was pruned, so a source still listing it never makes it new again.
CREATE TABLE tombstones (
    source_id INTEGER NOT NULL,
    guid_hash INTEGER NOT NULL,
    seen_at REAL NOT NULL,
    PRIMARY KEY (source_id, guid_hash)
) WITHOUT ROWID;
CREATE INDEX tombstones_seen ON tombstones (seen_at);

-- The polling schedule survives restarts; auto-detection is decided once.
ALTER TABLE sources ADD COLUMN kind TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE sources ADD COLUMN detected TEXT;
ALTER TABLE sources ADD COLUMN next_check_at REAL NOT NULL DEFAULT 0;
CREATE INDEX sources_due ON sources (next_check_at) WHERE enabled = 1 AND kind != 'push';

-- A chat with queued messages has a due time: picking the chats to send to is an index range.
ALTER TABLE chats ADD COLUMN due_at REAL;
CREATE INDEX chats_due ON chats (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE chat_settings (
    chat_id INTEGER PRIMARY KEY,
    language TEXT,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    quiet_start INTEGER,
    quiet_end INTEGER,
    mode TEXT NOT NULL DEFAULT 'instant'
);
ALTER TABLE subscriptions ADD COLUMN muted_until REAL;

-- The outbox is a work queue (pending and in-flight rows only); what happened to each
-- message is in the deliveries log.
CREATE TABLE outbox_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    entry_id INTEGER NOT NULL REFERENCES entries(id),
    story_id INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'alert',
    reasons TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    uncertain INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    error TEXT,
    UNIQUE (chat_id, entry_id)
);
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    story_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    message_id INTEGER,
    reasons TEXT NOT NULL,
    uncertain INTEGER NOT NULL DEFAULT 0,
    at REAL NOT NULL,
    error TEXT
);
"""

_V4_INDEXES = """
CREATE INDEX outbox_chat ON outbox (chat_id);
CREATE INDEX outbox_entry ON outbox (entry_id);
CREATE INDEX outbox_story ON outbox (story_id, chat_id);
CREATE INDEX deliveries_story ON deliveries (story_id, chat_id);
CREATE INDEX deliveries_window ON deliveries (chat_id, at)
    WHERE outcome = 'sent' AND kind != 'edit';
CREATE INDEX deliveries_at ON deliveries (at);
-- A chat is due exactly while it has queued rows: the queue keeps chats.due_at itself.
CREATE TRIGGER outbox_queued AFTER INSERT ON outbox BEGIN
    UPDATE chats SET due_at = NEW.created_at WHERE id = NEW.chat_id AND due_at IS NULL;
END;
CREATE TRIGGER outbox_emptied AFTER DELETE ON outbox
    WHEN NOT EXISTS (SELECT 1 FROM outbox WHERE chat_id = OLD.chat_id) BEGIN
    UPDATE chats SET due_at = NULL WHERE id = OLD.chat_id;
END;
CREATE TRIGGER outbox_moved AFTER UPDATE OF chat_id ON outbox BEGIN
    UPDATE chats SET due_at = 0 WHERE id = NEW.chat_id AND due_at IS NULL;
    UPDATE chats SET due_at = NULL WHERE id = OLD.chat_id
        AND NOT EXISTS (SELECT 1 FROM outbox WHERE chat_id = OLD.chat_id);
END;
"""


async def _queue_and_log(conn: aiosqlite.Connection) -> None:
    """Version 4: the new tables, then the old outbox split into the queue (rows still owed)
    and the log (what was sent, failed or dropped); text reasons are kept as notes."""
    for statement in statements(_V4_SCHEMA):
        await conn.execute(statement)
    async with conn.execute(
        "SELECT o.id, o.chat_id, o.entry_id, coalesce(e.cluster_id, o.entry_id) AS story, "
        "o.reasons, o.state, o.attempts, o.uncertain, o.not_before, o.created_at, o.sent_at, "
        "o.message_id, o.error, o.kind, (SELECT count(*) FROM outbox d WHERE d.chat_id = "
        "o.chat_id AND d.message_id = o.message_id AND d.kind = 'alert') AS carried "
        "FROM outbox o LEFT JOIN entries e ON e.id = o.entry_id ORDER BY o.id"
    ) as cursor:
        rows = list(await cursor.fetchall())
    due: dict[int, float] = {}
    for row in rows:
        (oid, chat, entry, story, reasons, state, attempts, uncertain, not_before, created,
         sent_at, message_id, error, kind, carried) = tuple(row)  # fmt: skip
        encoded = json.dumps([note(line) for line in str(reasons).split("\n") if line])
        if state in ("pending", "inflight"):
            await conn.execute(
                "INSERT INTO outbox_v4 (id, chat_id, entry_id, story_id, kind, reasons, "
                "attempts, uncertain, created_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (oid, chat, entry, story, kind, encoded, attempts,
                 int(bool(uncertain) or state == "inflight"), created, error),
            )  # fmt: skip
            due[chat] = max(due.get(chat, 0.0), not_before)
            continue
        shown = "edit" if kind == "edit" else ("digest" if carried > 1 else "alert")
        await conn.execute(
            "INSERT INTO deliveries (chat_id, entry_id, story_id, kind, outcome, message_id, "
            "reasons, uncertain, at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (chat, entry, story, shown, state, message_id, encoded, uncertain,
             sent_at or created, error),
        )  # fmt: skip
    await conn.execute("DROP TABLE outbox")
    await conn.execute("ALTER TABLE outbox_v4 RENAME TO outbox")
    for statement in statements(_V4_INDEXES):
        await conn.execute(statement)
    await conn.executemany(
        "UPDATE chats SET due_at = ? WHERE id = ?", [(t, c) for c, t in due.items()]
    )


def statements(script: str) -> list[str]:
    """Split a migration script into statements (``sqlite3.complete_statement`` knows
    where a trigger body or a string ends)."""
    found: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    if current.strip():
        found.append(current.strip())
    return found


_V5_SET_BASED_QUEUE = """
-- Queueing is set-based: enqueue marks the chats it queued for as due in one statement,
-- instead of a trigger firing per row; the unique (chat_id, entry_id) index already serves
-- look-ups by chat.
DROP TRIGGER outbox_queued;
DROP INDEX outbox_chat;
"""

_V6_STEERING = """
-- People steer alerts: per subscription a delivery mode (instant, hourly, daily at a local
-- minute of the day) and the forum topic it was made in; a queued row can wait for its
-- digest or the end of quiet hours (hold_until; a row that waited goes out in a digest).
ALTER TABLE subscriptions ADD COLUMN mode TEXT NOT NULL DEFAULT 'instant';
ALTER TABLE subscriptions ADD COLUMN digest_at INTEGER;
ALTER TABLE subscriptions ADD COLUMN thread_id INTEGER;
ALTER TABLE outbox ADD COLUMN hold_until REAL NOT NULL DEFAULT 0;
"""

_V7_MANAGING = """
-- A private chat managing a channel (/manage @channel) keeps doing so across restarts.
ALTER TABLE chat_settings ADD COLUMN manages INTEGER;
ALTER TABLE chat_settings ADD COLUMN manages_label TEXT;
"""

_V8_FOLLOWS = """
-- Sources people bring (/follow): a source is the operator's ("config") or a user's; a
-- subscription may follow one source, optionally filtered by a topic.
ALTER TABLE sources ADD COLUMN origin TEXT NOT NULL DEFAULT 'config';
ALTER TABLE subscriptions ADD COLUMN source_id INTEGER;
ALTER TABLE subscriptions ADD COLUMN filter TEXT;
CREATE INDEX subscriptions_source ON subscriptions (source_id) WHERE source_id IS NOT NULL;
"""

_V9_RUNTIME_SOURCES = """
-- Operators add, pause and remove sources at runtime (origin 'operator', their own polling
-- interval; a paused source keeps its row and entries but is not polled, across restarts and
-- config reloads; a removed one stays removed even if the config lists it). A source failing
-- since failing_since told its followers once (dead_told).
ALTER TABLE sources ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN interval REAL;
ALTER TABLE sources ADD COLUMN failing_since REAL;
ALTER TABLE sources ADD COLUMN dead_told INTEGER NOT NULL DEFAULT 0;
UPDATE sources SET failing_since = last_error_at WHERE failures > 0;
"""


_V10_REKEYED_AT_START = """
-- Version 10 once re-keyed Ukrainian and Russian topics by their lemmas here. A migration
-- never runs application code (a parser changed later would rewrite history): start-up
-- re-keys every topic whenever topics are read differently (bot.store.subscriptions.rekey),
-- a database of version 9 included, since it has no record of how its keys were made.
"""


_V11_ENTRY_LANGUAGES = """
-- Each entry keeps the language it was read in (see bot.text.languages); older entries:
-- unknown, read in the fallback language (matching.language).
ALTER TABLE entries ADD COLUMN language TEXT;
"""


_V12_FACTS = """
-- What the database remembers about how it was written: e.g. how topics were read when their
-- keys were made ('topic_reading'), so start-up re-keys them only when that changed.
CREATE TABLE facts (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


_POSTGRES_V12 = """
-- PostgreSQL installations begin at schema 12: the whole schema as SQLite's 12 migrations
-- leave it, in PostgreSQL's types (ids and chat ids are 64-bit, times are seconds as double
-- precision, flags stay integers so the SQL is the same for both).
CREATE TABLE sources (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL UNIQUE,
    enabled BIGINT NOT NULL DEFAULT 1,
    etag TEXT,
    last_modified TEXT,
    primed BIGINT NOT NULL DEFAULT 0,
    last_success_at DOUBLE PRECISION,
    last_error TEXT,
    last_error_at DOUBLE PRECISION,
    failures BIGINT NOT NULL DEFAULT 0,
    feed_url TEXT,
    fingerprint BYTEA,
    kind TEXT NOT NULL DEFAULT 'auto',
    detected TEXT,
    next_check_at DOUBLE PRECISION NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'config',
    paused BIGINT NOT NULL DEFAULT 0,
    removed BIGINT NOT NULL DEFAULT 0,
    interval DOUBLE PRECISION,
    failing_since DOUBLE PRECISION,
    dead_told BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sources_due ON sources (next_check_at) WHERE enabled = 1 AND kind != 'push';
CREATE TABLE chats (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    inactive_reason TEXT,
    created_at DOUBLE PRECISION NOT NULL,
    due_at DOUBLE PRECISION
);
CREATE INDEX chats_due ON chats (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE subscriptions (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    chat_id BIGINT NOT NULL REFERENCES chats(id) ON UPDATE CASCADE,
    query TEXT NOT NULL,
    key TEXT NOT NULL,
    after_entry_id BIGINT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    place TEXT,
    radius_km DOUBLE PRECISION NOT NULL DEFAULT 0,
    muted_until DOUBLE PRECISION,
    mode TEXT NOT NULL DEFAULT 'instant',
    digest_at BIGINT,
    thread_id BIGINT,
    source_id BIGINT,
    filter TEXT,
    UNIQUE (chat_id, key)
);
CREATE INDEX subscriptions_source ON subscriptions (source_id) WHERE source_id IS NOT NULL;
-- Entry ids are given by the store, after the newest ever given (never reused after
-- pruning): this sequence remembers that one, as SQLite's sqlite_sequence does.
CREATE SEQUENCE entries_ids;
CREATE TABLE entries (
    id BIGINT PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES sources(id),
    guid TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT NOT NULL,
    published_at DOUBLE PRECISION,
    ingested_at DOUBLE PRECISION NOT NULL,
    summary TEXT NOT NULL,
    places TEXT NOT NULL DEFAULT '',
    cluster_id BIGINT,
    minhash BYTEA,
    language TEXT,
    UNIQUE (source_id, guid)
);
CREATE INDEX entries_cluster ON entries (cluster_id);
CREATE INDEX entries_ingested ON entries (ingested_at);
-- SQLite's FTS5 table, with the same terms: stems and lemmas as Livebot made them, kept as
-- they are (a tsvector of the terms themselves, no parser or dictionary in between).
CREATE TABLE entries_fts (
    rowid BIGINT PRIMARY KEY,
    terms TEXT NOT NULL,
    lexemes TSVECTOR GENERATED ALWAYS AS
        (array_to_tsvector(array_remove(string_to_array(terms, ' '), ''))) STORED
);
CREATE INDEX entries_fts_lexemes ON entries_fts USING GIN (lexemes);
CREATE TABLE tombstones (
    source_id BIGINT NOT NULL,
    guid_hash BIGINT NOT NULL,
    seen_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (source_id, guid_hash)
);
CREATE INDEX tombstones_seen ON tombstones (seen_at);
CREATE TABLE chat_settings (
    chat_id BIGINT PRIMARY KEY,
    language TEXT,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    quiet_start BIGINT,
    quiet_end BIGINT,
    mode TEXT NOT NULL DEFAULT 'instant',
    manages BIGINT,
    manages_label TEXT
);
CREATE TABLE outbox (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    chat_id BIGINT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES entries(id),
    story_id BIGINT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'alert',
    reasons TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    uncertain BIGINT NOT NULL DEFAULT 0,
    created_at DOUBLE PRECISION NOT NULL,
    error TEXT,
    hold_until DOUBLE PRECISION NOT NULL DEFAULT 0,
    UNIQUE (chat_id, entry_id)
);
CREATE INDEX outbox_entry ON outbox (entry_id);
CREATE INDEX outbox_story ON outbox (story_id, chat_id);
CREATE TABLE deliveries (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    chat_id BIGINT NOT NULL,
    entry_id BIGINT NOT NULL,
    story_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    message_id BIGINT,
    reasons TEXT NOT NULL,
    uncertain BIGINT NOT NULL DEFAULT 0,
    at DOUBLE PRECISION NOT NULL,
    error TEXT
);
CREATE INDEX deliveries_story ON deliveries (story_id, chat_id);
CREATE INDEX deliveries_window ON deliveries (chat_id, at)
    WHERE outcome = 'sent' AND kind != 'edit';
CREATE INDEX deliveries_at ON deliveries (at);
-- A chat's due time is NULL exactly when it has nothing queued (SQLite's triggers).
CREATE FUNCTION outbox_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM outbox WHERE chat_id = OLD.chat_id) THEN
        UPDATE chats SET due_at = NULL WHERE id = OLD.chat_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_emptied AFTER DELETE ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_emptied();
CREATE FUNCTION outbox_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE chats SET due_at = 0 WHERE id = NEW.chat_id AND due_at IS NULL;
    UPDATE chats SET due_at = NULL WHERE id = OLD.chat_id
        AND NOT EXISTS (SELECT 1 FROM outbox WHERE chat_id = OLD.chat_id);
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_moved AFTER UPDATE OF chat_id ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_moved();
CREATE TABLE facts (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Step:
    """One migration, for each engine: SQLite's (SQL or a function), and PostgreSQL's SQL
    script (None before 12, where PostgreSQL installations begin)."""

    sqlite: Migration
    postgres: str | None = None


_V13_WORKERS = """
CREATE TABLE workers (
    id INTEGER PRIMARY KEY,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    started_at REAL NOT NULL,
    alive_until REAL NOT NULL
);
ALTER TABLE chats ADD COLUMN owner INTEGER;
ALTER TABLE sources ADD COLUMN owner INTEGER;
"""
"""Version 13: the processes sharing a database (roles), and what each has claimed: a chat
being delivered to, a source being fetched (see :mod:`bot.store.workers`)."""

_POSTGRES_V13 = """
CREATE TABLE workers (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    started_at DOUBLE PRECISION NOT NULL,
    alive_until DOUBLE PRECISION NOT NULL
);
ALTER TABLE chats ADD COLUMN owner BIGINT;
ALTER TABLE sources ADD COLUMN owner BIGINT;
"""

_V14_DEMAND = """
ALTER TABLE workers ADD COLUMN reply_demand REAL NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN alert_demand REAL NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN granted REAL NOT NULL DEFAULT 0;
"""
"""Version 14: what each process wants to send (replies to people, alerts; messages per
second) and the part of the bot's rate it uses, so the rate is shared by demand (see
:mod:`bot.roles`)."""

_POSTGRES_V14 = """
ALTER TABLE workers ADD COLUMN reply_demand DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN alert_demand DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN granted DOUBLE PRECISION NOT NULL DEFAULT 0;
"""

_V15_ERROR_CODES = """
ALTER TABLE sources ADD COLUMN last_error_code TEXT;
"""
"""Version 15: why a source's last fetch failed as a code (``timeout``, ``http_status:404``),
said in each reader's language; ``last_error`` keeps the operator's English detail."""

MIGRATIONS: tuple[Step, ...] = (
    *(Step(sql) for sql in _V1_TO_V3),
    Step(_queue_and_log),
    Step(_V5_SET_BASED_QUEUE),
    Step(_V6_STEERING),
    Step(_V7_MANAGING),
    Step(_V8_FOLLOWS),
    Step(_V9_RUNTIME_SOURCES),
    Step(_V10_REKEYED_AT_START),
    Step(_V11_ENTRY_LANGUAGES),
    Step(_V12_FACTS, _POSTGRES_V12),
    Step(_V13_WORKERS, _POSTGRES_V13),
    Step(_V14_DEMAND, _POSTGRES_V14),
    Step(_V15_ERROR_CODES, _V15_ERROR_CODES),
)
POSTGRES_FIRST = 12
"""The schema version a PostgreSQL database starts at (its first migration with SQL)."""

"""The foundation's faults, replayed against the running bot: a failed store, pruning,
old items, a feed serving HTML, floods of new items, and the polling schedule."""

from __future__ import annotations

import asyncio
import itertools
import logging
import sqlite3
from pathlib import Path

import pytest

from bot import health
from bot.emulator.botapi import BotApiEmulator
from bot.store import entries
from bot.store.db import Database
from tests.e2e.helpers import (
    DIGEST,
    Newsroom,
    alerts_to,
    eventually,
    item,
    post,
    story,
    unused_port,
)
from tests.fakes.feeds import FeedServer, rss

LANDFALL = (
    "Storm Daniel makes landfall near Benghazi",
    "Libya evacuated Derna and Tobruk on Sunday as Storm Daniel reached Benghazi, said "
    "Osama Hamad of the Red Crescent.",
)
FAIL_OUTBOX = (
    "CREATE TRIGGER fail_store BEFORE INSERT ON outbox "
    "BEGIN SELECT RAISE(ABORT, 'injected: database or disk is full'); END"
)

FULL_OUTBOX = (
    "CREATE TRIGGER full_outbox BEFORE UPDATE ON outbox "
    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
)


def database(config: Path) -> Path:
    return config.parent / "livebot.sqlite3"


async def sql(config: Path, statement: str) -> list[tuple]:
    """Run one statement on the bot's real database file, from outside the bot: from a
    thread, since the bot shares this event loop and a write waiting for its lock there
    would hold up the very transaction it waits for ("database is locked")."""

    def run() -> list[tuple]:
        with sqlite3.connect(database(config), timeout=10) as raw:
            return list(raw.execute(statement))

    return await asyncio.to_thread(run)


async def desk(
    botapi: BotApiEmulator,
    feeds: FeedServer,
    write_config,
    livebot_factory,
    *,
    topic: str | None = "storm",
    **sections: dict,
) -> tuple[Newsroom, Path]:
    """A bot polling one newsroom feed every second, its backlog fetched, chat 1 following
    ``topic``; returns the newsroom and the config file."""
    room = Newsroom(feeds)
    config = write_config([{"name": "Live desk", "url": room.url, "interval": 1}], **sections)
    await livebot_factory(config)
    await room.fetched(botapi)
    if topic:
        await botapi.reply_to(1, f"/subscribe {topic}")
    return room, config


async def test_a_failed_store_is_reported_retried_and_stored_once(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A store that fails (here: every outbox insert) is rolled back whole. /sources and
    `livebot health` name it after 3 in a row; once writes work again the same entry is
    stored once and alerted once (the story index did not keep the rolled-back id, which
    used to stop all ingest with "The given key already exists")."""
    room, config = await desk(
        botapi,
        feeds,
        write_config,
        livebot_factory,
        topic="storm daniel",
        ingest={"max_backoff": 1},
    )
    await sql(config, FAIL_OUTBOX)
    room.add(story("fail-1", *LANDFALL))

    async def reported() -> bool:
        return "storing fails" in (await botapi.reply_to(1, "/sources")).visible

    await eventually(reported, within=20, what="/sources to report the failing store")
    await botapi.wait_until(
        lambda: not health.check(database(config))[0], within=10, what="health to say so"
    )
    _, line = health.check(database(config))
    assert "stores of 'Live desk' failed: injected: database or disk is full" in line
    assert await sql(config, "SELECT count(*) FROM entries WHERE guid = 'fail-1'") == [(0,)]

    await sql(config, "DROP TRIGGER fail_store")
    await botapi.wait_until(
        lambda: len(alerts_to(botapi, 1, LANDFALL[0])) == 1, within=15, what="the alert"
    )
    await room.fetched(botapi, 2)
    assert len(alerts_to(botapi, 1, LANDFALL[0])) == 1
    assert await sql(config, "SELECT count(*) FROM entries WHERE guid = 'fail-1'") == [(1,)]
    assert health.check(database(config))[0]
    assert "storing fails" not in (await botapi.reply_to(1, "/sources")).visible


async def test_a_failed_push_is_refused_whole_and_can_be_sent_again(
    botapi: BotApiEmulator, write_config, livebot_factory
) -> None:
    """A push whose store fails answers 503 and keeps nothing; the same push later is
    accepted once, and a third time is nothing new."""
    port = unused_port()
    config = write_config(
        [{"name": "Wire", "kind": "push", "token_sha256": DIGEST}],
        push={"enabled": True, "port": port},
    )
    await livebot_factory(config)
    url = f"http://127.0.0.1:{port}/ingest"
    await botapi.reply_to(1, "/subscribe storm")
    await sql(config, FAIL_OUTBOX)
    refused = await post(url, [item(1), item(2, "Storm hits the coast")])
    assert refused.status_code == 503 and "nothing was kept" in refused.json()["error"]
    assert await sql(config, "SELECT count(*) FROM entries") == [(0,)]
    await sql(config, "DROP TRIGGER fail_store")
    accepted = await post(url, [item(1), item(2, "Storm hits the coast")])
    assert accepted.status_code == 202 and accepted.json()["new"] == 2
    assert (await post(url, [item(1)])).json()["new"] == 0
    await botapi.wait_until(
        lambda: len(alerts_to(botapi, 1, "Storm")) == 2, within=10, what="two alerts"
    )


async def test_pruned_items_a_feed_still_lists_do_not_alert_again(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """Pruning leaves a tombstone: the feed listing the pruned item again, with a new story
    beside it, alerts only the new story."""
    room, config = await desk(botapi, feeds, write_config, livebot_factory)
    room.add(story("p-1", "Storm makes landfall"))
    await botapi.wait_until(
        lambda: alerts_to(botapi, 1, "Storm makes landfall"), within=10, what="the alert"
    )
    db = await Database.open(database(config))
    try:
        assert await entries.prune(db, older_than=float("inf")) == 1
    finally:
        await db.close()
    room.add(story("p-2", "Storm moves inland"))
    await botapi.wait_until(
        lambda: alerts_to(botapi, 1, "Storm moves inland"), within=10, what="the new alert"
    )
    await room.fetched(botapi, 2)
    assert len(alerts_to(botapi, 1, "Storm makes landfall")) == 1


async def test_old_items_are_stored_but_never_alerted(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """An item published days ago (a feed re-listing an old story) is searchable but does
    not alert; /latest shows its date. Items older than the retention are not stored."""
    room, config = await desk(botapi, feeds, write_config, livebot_factory)
    room.add(
        story("ancient", "Storm of the century remembered", minutes=-40 * 24 * 60),
        story("old", "Storm warning issued last week", minutes=-5 * 24 * 60),
        story("new", "Storm makes landfall"),
    )
    await botapi.wait_until(
        lambda: alerts_to(botapi, 1, "Storm makes landfall"), within=10, what="the new alert"
    )
    await room.fetched(botapi, 2)
    assert alerts_to(botapi, 1, "Storm warning issued last week") == []
    latest = (await botapi.reply_to(1, "/latest storm")).visible
    assert "Storm warning issued last week" in latest
    assert "century" not in latest
    assert await sql(config, "SELECT count(*) FROM entries WHERE guid = 'ancient'") == [(0,)]


async def test_a_feed_that_briefly_serves_html_fails_instead_of_becoming_a_story(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """Once detected as a feed, a source answering with a maintenance page (status 200) is
    a failure with backoff: nothing stored, /sources says why; the feed then recovers."""
    room, _ = await desk(botapi, feeds, write_config, livebot_factory)
    feeds.publish(
        room.path,
        "<!doctype html><html><head><title>Service unavailable</title></head><body>"
        "<h1>Service unavailable: maintenance</h1><p>We will be back shortly. Storm.</p>"
        "</body></html>",
        content_type="text/html",
    )

    async def failing() -> bool:
        return "not a feed" in (await botapi.reply_to(1, "/sources")).visible

    await eventually(failing, within=15, what="/sources to show the failure")
    assert "Nothing stored" in (await botapi.reply_to(1, "/latest service unavailable")).visible
    room.add(story("back", "Storm makes landfall"))
    await botapi.wait_until(
        lambda: alerts_to(botapi, 1, "Storm makes landfall"), within=20, what="the recovery"
    )
    assert [m for m in botapi.messages_to(1) if "Service unavailable" in m.visible] == []


async def test_a_flood_of_new_items_alerts_only_the_newest(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """More new items in one poll than ingest.max_new_per_poll: the newest alert, the rest
    are stored for /latest without alerting."""
    room, config = await desk(
        botapi, feeds, write_config, livebot_factory, ingest={"max_new_per_poll": 3}
    )
    room.add(*[story(f"f-{n}", f"Storm update number {n}", minutes=n) for n in range(8)])
    await botapi.wait_until(
        lambda: len(alerts_to(botapi, 1, "Storm update")) == 3, within=10, what="three alerts"
    )
    await room.fetched(botapi, 2)
    titles = sorted(m.visible.splitlines()[0] for m in alerts_to(botapi, 1, "Storm update"))
    assert titles == [f"Storm update number {n}" for n in (5, 6, 7)]
    assert await sql(config, "SELECT count(*) FROM entries WHERE guid LIKE 'f-%'") == [(8,)]


def gaps(feeds: FeedServer, path: str) -> list[float]:
    times = feeds.times.get(path, [])
    return [later - earlier for earlier, later in itertools.pairwise(times)]


async def test_retry_after_and_cache_control_set_the_pace(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A 429 or 503 with Retry-After waits that long; a Cache-Control max-age stretches the
    interval, but never beyond ingest.max_age_wait; unchanged polls reuse one connection."""
    limited = feeds.publish("limited.rss", "", status=429, headers={"Retry-After": "3"})
    cached = feeds.publish("cached.rss", rss([]), headers={"Cache-Control": "public, max-age=2"})
    capped = feeds.publish("capped.rss", rss([]), headers={"Cache-Control": "max-age=600"})
    plain = feeds.publish("plain.rss", rss([]))
    sources = [
        {"name": name, "url": url, "interval": 1}
        for name, url in (("L", limited), ("C", cached), ("X", capped), ("P", plain))
    ]
    await livebot_factory(write_config(sources, ingest={"max_backoff": 1, "max_age_wait": 3}))
    await botapi.wait_until(
        lambda: feeds.hits["limited.rss"] >= 3, within=20, what="three polls of the limited feed"
    )
    assert min(gaps(feeds, "limited.rss")) >= 2.8
    assert all(1.8 <= gap <= 2.6 for gap in gaps(feeds, "cached.rss")), gaps(feeds, "cached.rss")
    assert all(2.8 <= gap <= 3.6 for gap in gaps(feeds, "capped.rss")), gaps(feeds, "capped.rss")
    assert all(gap <= 1.6 for gap in gaps(feeds, "plain.rss")), gaps(feeds, "plain.rss")
    assert feeds.not_modified["plain.rss"] >= 3


async def test_polls_are_bounded_per_host_and_in_total(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """Slow sources on one host are fetched at most ingest.per_host at a time, and all
    sources at most ingest.concurrency at a time; all of them are polled."""
    urls = [feeds.publish(f"slow-{n}.rss", rss([]), delay=0.4) for n in range(8)]
    sources = [{"name": f"S{n}", "url": url, "interval": 1} for n, url in enumerate(urls)]
    await livebot_factory(write_config(sources, ingest={"per_host": 2, "concurrency": 5}))
    await botapi.wait_until(
        lambda: all(feeds.hits[f"slow-{n}.rss"] >= 2 for n in range(8)),
        within=20,
        what="every source polled twice",
    )
    assert feeds.peak == 2


async def test_the_schedule_survives_a_restart(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A source polled an hour's interval ago is not polled again just because the bot
    restarted; a frequent one is."""
    hourly = feeds.publish("hourly.rss", rss([]))
    often = feeds.publish("often.rss", rss([]))
    config = write_config(
        [
            {"name": "Hourly", "url": hourly, "interval": "1h"},
            {"name": "Often", "url": often, "interval": 1},
        ]
    )
    first = await livebot_factory(config)
    await botapi.wait_until(lambda: feeds.hits["hourly.rss"] == 1, within=10, what="a poll")
    await first.close()
    await livebot_factory(config)
    polls = feeds.hits["often.rss"]
    await botapi.wait_until(
        lambda: feeds.hits["often.rss"] >= polls + 2, within=10, what="two more frequent polls"
    )
    assert feeds.hits["hourly.rss"] == 1


async def test_a_new_chat_keeps_the_language_of_its_first_contact(
    botapi: BotApiEmulator, write_config, livebot_factory
) -> None:
    """A chat's settings start with the language the first user's Telegram app reports; a
    later message in another language does not change it (a /language command will)."""
    config = write_config([])
    await livebot_factory(config)
    await botapi.reply_to(5, "/start", language="uk")
    await botapi.reply_to(6, "/start", language=None)
    await botapi.reply_to(5, "/help", language="en")
    rows = await sql(config, "SELECT chat_id, language FROM chat_settings ORDER BY chat_id")
    assert rows == [(5, "uk"), (6, None)]


async def test_a_database_that_takes_no_writes_does_not_make_polling_spin(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """When not even the next check can be recorded (a full disk), each source still waits
    its backoff between polls instead of being fetched again at once."""
    room, config = await desk(
        botapi, feeds, write_config, livebot_factory, topic=None, ingest={"max_backoff": 1}
    )
    for table, event in (("sources", "UPDATE"), ("entries", "INSERT"), ("outbox", "INSERT")):
        await sql(
            config,
            f"CREATE TRIGGER full_{table} BEFORE {event} ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
        )
    room.add(story("full-1", *LANDFALL))
    start = len(feeds.times[room.path])
    await room.fetched(botapi, 4)
    assert min(gaps(feeds, room.path)[start:]) >= 0.8


async def test_a_database_that_takes_no_delivery_writes_does_not_make_delivery_spin(
    botapi: BotApiEmulator,
    feeds: FeedServer,
    write_config,
    livebot_factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Regression (attack run N5): while the outbox cannot be written (a full disk), the
    delivery worker backs off and logs the failure once, not once per attempt (it logged
    about 1,100 tracebacks a second); once writes work, the alert goes out and it says so."""
    room, config = await desk(botapi, feeds, write_config, livebot_factory)
    await sql(config, FULL_OUTBOX)
    caplog.set_level(logging.INFO, logger="bot.delivery.worker")
    room.add(story("full-2", *LANDFALL))

    def failures() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "bot.delivery.worker" and "failed" in r.msg]

    await botapi.wait_until(lambda: failures(), within=15, what="a delivery to fail")
    await asyncio.sleep(3)  # the first retries come 1 and 2 s later
    assert len(failures()) == 1 and failures()[0].exc_info is None
    await sql(config, "DROP TRIGGER full_outbox")
    await botapi.wait_until(
        lambda: len(alerts_to(botapi, 1, LANDFALL[0])) == 1, within=15, what="the alert"
    )
    await botapi.wait_until(
        lambda: any("works again" in r.msg for r in caplog.records), within=5, what="the log"
    )


async def test_health_stays_unhealthy_while_stores_fail_and_after_a_torn_heartbeat(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """Attack run N4: while every store fails, `livebot health` said healthy for a few
    seconds after each periodic beat (a full disk left the rewritten heartbeat file empty,
    with a fresh time). Now delivery's failing stores count too, the file is replaced whole
    or not at all, and an unreadable one is unhealthy."""
    room, config = await desk(
        botapi, feeds, write_config, livebot_factory, ingest={"max_backoff": 1}
    )
    await sql(config, FULL_OUTBOX)
    room.add(story("full-3", *LANDFALL))
    await botapi.wait_until(
        lambda: not health.check(database(config))[0], within=20, what="health to say so"
    )
    _, line = health.check(database(config))
    assert "'delivery' failed" in line, line
    beat = health.heartbeat_path(database(config))
    beat.write_text("")  # what a rewrite on a full disk left behind
    healthy, line = health.check(database(config))
    assert not healthy and "unreadable" in line
    await sql(config, "DROP TRIGGER full_outbox")
    await botapi.wait_until(
        lambda: health.check(database(config))[0], within=30, what="health to recover"
    )

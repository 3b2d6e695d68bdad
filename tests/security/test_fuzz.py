"""Fuzzing, bounded and seeded: thousands of random commands, button taps and documents.

Zero unhandled exceptions, zero messages Telegram would refuse (the emulator checks HTML and
length), and the bot still answers at the end. ``LIVEBOT_FUZZ_CASES`` scales the runs (the
defaults keep CI under its time budget; a deeper run: ``LIVEBOT_FUZZ_CASES=20000``).
"""

from __future__ import annotations

import json
import logging
import os
import random
from collections.abc import Callable

import pytest

from bot.delivery import render
from bot.delivery.reasons import Why
from bot.emulator.botapi import BotApiEmulator, parse_html, utf16_length
from bot.ingest.documents import ParseError
from bot.ingest.parser import FeedLink, parse_document
from bot.ingest.push import PushError, _items
from bot.models import Entry
from tests.conftest import SHARED
from tests.e2e.helpers import Newsroom, story
from tests.fakes.feeds import FeedServer, rss

CASES = int(os.environ.get("LIVEBOT_FUZZ_CASES", "400"))
COMMANDS = ["start", "help", "subscribe", "place", "unsubscribe", "list", "latest", "sources",
            "stats", "nosuch", "Subscribe", "subscribe@other_bot", "subscribe@TestBot"]  # fmt: skip
PIECES = [
    "peace", "talks", '"peace talks"', "-poll", "OR", "|", "Kyiv", "Київ", "Харків", "150",
    "150km", "-5", "0", "inf", "nan", "1e400", "١٠٠", "<b>", "</i>", "&amp;", "&", "<", ">",
    "'", '"', "*", "NEAR(a b)", "AND", "NOT", "^", ":", "(", ")", "--", "/*", "DROP TABLE",
    "😀" * 3, "\u202e", "\u0301", "\x00", "\x07", "\x1b[31m", "中文", "C++", "U.S.", "a" * 300,
    "Athens", "São Paulo", "\n", "\t", "@", "#", "%", "\\", "`", "📍",
]  # fmt: skip
DATA = ["unsub:", "pick:", "swap:", "radius:", "", "x", "unsub:1", "radius:1:25", "pick:25:city:"]


def random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))


def random_update(rng: random.Random) -> tuple[str, str]:
    """('text', message) or ('tap', callback data)."""
    roll = rng.random()
    if roll < 0.6:
        return (
            "text",
            f"/{rng.choice(COMMANDS)}{rng.choice(['', ' ', ',', '  '])}{random_text(rng)}",
        )
    if roll < 0.8:
        return "tap", (rng.choice(DATA) + random_text(rng))[:64]
    return "text", random_text(rng)


async def control(botapi: BotApiEmulator, chat: int, number: int) -> None:
    """Ask something only this call asks, and wait for its answer: as a chat's updates are
    handled in order, everything the chat sent before has been handled."""
    botapi.user_sends(chat, f"/latest zzcontrol{number}")
    await botapi.wait_for(
        lambda m: m.chat_id == chat and f"zzcontrol{number}" in m.visible, within=60
    )


async def test_random_commands_and_taps_never_break_the_bot(
    botapi: BotApiEmulator,
    feeds: FeedServer,
    write_config,
    livebot_factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Random commands, texts and button data from 20 chats (some of them groups): no error
    logged, no message Telegram would refuse, no 'something went wrong', all answered."""
    rng = random.Random(1234)
    room = Newsroom(feeds)
    await livebot_factory(write_config([{"name": "Desk", "url": room.url, "interval": 1}]))
    await room.fetched(botapi)
    chats = list(range(501, 521))
    anchors = {chat: await botapi.reply_to(chat, "/unsubscribe") for chat in chats}
    for number in range(CASES):
        chat = rng.choice(chats)
        kind, payload = random_update(rng)
        if kind == "tap":
            botapi.user_taps(anchors[chat], payload)
        else:
            botapi.user_sends(chat, payload, entities=rng.random() < 0.8)
        if number % 200 == 199:  # let the bot keep up; a control message proves it read all
            await control(botapi, chat, number)
    room.add(story("f1", "peace talks resume in Kyiv", "Delegations met in Київ on Tuesday."))
    await room.fetched(botapi, 2)
    for chat in chats:
        await control(botapi, chat, chat)
    # "Not modified" answers a repeated tap with the same result; the bot expects it.
    refused = [r for r in botapi.refusals if r[1] == 400 and "not modified" not in r[2]]
    assert refused == []
    assert not [m for m in botapi.sent if "something went wrong" in m.visible]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def seeds() -> list[tuple[bytes, str]]:
    """Documents to mutate: the shared real feeds and live blogs if present, and our own."""
    found = [
        (rss([{"guid": "a", "title": "Storm", "description": "<p>Text</p>"}]).encode(), ""),
        (
            json.dumps(
                {
                    "version": "https://jsonfeed.org/version/1.1",
                    "title": "t",
                    "items": [{"id": "1", "url": "https://x.example/", "title": "T"}],
                }
            ).encode(),
            "application/feed+json",
        ),
    ]
    for folder, content_type in (("feeds", ""), ("liveblogs", "text/html")):
        path = SHARED / folder
        if path.exists():
            found += [(p.read_bytes()[:60_000], content_type) for p in sorted(path.iterdir())
                      if p.suffix != ".md"]  # fmt: skip
    return found


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    lambda r, b: b[: r.randint(0, len(b))],
    lambda r, b: b.replace(b"<", b"<" * r.randint(1, 3), r.randint(1, 50)),
    lambda r, b: b[: (i := r.randint(0, len(b)))] + bytes(r.randbytes(r.randint(1, 40))) + b[i:],
    lambda r, b: b.replace(b"title", r.choice([b"", b"\x00", b"&#7;", b"{", b"[" * 200])),
    lambda r, b: b.replace(b"http", r.choice([b"javascript", b"file", b"", b"data"])),
    lambda r, b: b.replace(b"{", b"{" * r.randint(1, 120), 1),
    lambda r, b: b.replace(b">", b" x='&#0;\x1b[31m'>", r.randint(1, 20)),
]


def test_random_documents_parse_or_fail_cleanly_and_render_valid_html() -> None:
    """Mutated feeds, JSON Feeds and live blogs: each parses or raises ParseError, nothing
    else, and every entry it gives renders as an alert Telegram accepts."""
    rng = random.Random(99)
    documents = seeds()
    for _ in range(CASES):
        body, content_type = rng.choice(documents)
        for _ in range(rng.randint(1, 3)):
            body = rng.choice(MUTATIONS)(rng, body)
        try:
            parsed = parse_document(
                body, url="https://feeds.example/f", content_type=content_type,
                kind=rng.choice(["auto", "feed", "liveblog", "article"]),
            )  # fmt: skip
        except ParseError:
            continue
        if isinstance(parsed, FeedLink):
            assert parsed.url.startswith(("http://", "https://"))
            continue
        for item in parsed.entries[:5]:
            assert item.link.startswith(("http://", "https://"))
            entry = Entry(1, 1, "Src", item.title, item.link, item.published_at, 0.0, item.summary)
            markup = render.alert(entry, Why((random_text(rng),), (random_text(rng),)))
            assert utf16_length(parse_html(markup)) <= 4096


def test_random_push_bodies_are_accepted_or_refused_with_a_reason() -> None:
    """Random JSON bodies through the push checks: a list of checked items, or PushError."""
    rng = random.Random(7)
    values = [None, True, 0, -1, 1e308, "", "x", "https://a.example/", "javascript:x", [], {},
              {"a": [1]}, "2026-02-17T10:00:00Z", "not a date", "\x00"]  # fmt: skip
    keys = ["id", "url", "external_url", "title", "content_text", "content_html", "summary",
            "date_published", "date_modified", "items", "version"]  # fmt: skip
    for _ in range(CASES):
        item = {rng.choice(keys): rng.choice(values) for _ in range(rng.randint(0, 6))}
        body = rng.choice([item, [item] * rng.randint(0, 3), {"items": [item]}, rng.choice(values)])
        try:
            checked = _items(body, max_items=5)
        except PushError as exc:
            assert 400 <= exc.status < 500 and exc.reason
            continue
        assert all(isinstance(i, dict) for i in checked)

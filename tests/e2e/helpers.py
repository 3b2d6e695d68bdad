"""What the end-to-end tests share: a newsroom feed, stories, waiting for things, the
`livebot` process, buttons, pushes and live blogs (never imported from a ``test_*`` module)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bot.emulator.botapi import BotApiEmulator, Sent
from bot.ingest.parser import parse_feed
from tests.conftest import shared
from tests.fakes.feeds import FeedServer, rss

NOW = datetime.now(UTC)
EPOCH = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
TOKEN = "push-secret-0123456789"


def real_story(feed: str, title_start: str) -> dict:
    entry = next(
        e
        for e in parse_feed(shared(f"feeds/{feed}").read_bytes(), url="https://x.example/").entries
        if e.title.startswith(title_start)
    )
    return {"guid": entry.guid, "title": entry.title, "description": entry.text, "link": entry.link}


def story(
    guid: str,
    title: str,
    text: str = "Officials confirmed it on Tuesday. More soon.",
    minutes: int = 0,
) -> dict:
    return {
        "guid": guid,
        "title": title,
        "description": text,
        "published": NOW + timedelta(minutes=minutes),
    }


class Newsroom:
    """One feed the tests add stories to, newest first like real feeds."""

    def __init__(self, feeds: FeedServer, path: str = "live.rss", title: str = "Test feed") -> None:
        self.feeds, self.path, self.items, self.title = feeds, path, [], title
        self.url = feeds.publish(path, rss([], title=title))

    def add(self, *stories: dict) -> None:
        self.items = [*reversed(stories), *self.items]
        self.feeds.publish(self.path, rss(self.items, title=self.title))

    async def fetched(self, botapi: BotApiEmulator, times: int = 1) -> None:
        target = self.feeds.hits[self.path] + times
        await botapi.wait_until(
            lambda: self.feeds.hits[self.path] >= target, within=15, what=f"fetch of {self.path}"
        )


async def subscribe_all(botapi: BotApiEmulator, chats: list[int], topic: str) -> None:
    """Every chat subscribes to ``topic``; returns once the bot has confirmed each."""
    for chat in chats:
        botapi.user_sends(chat, f"/subscribe {topic}")
    await botapi.wait_until(
        lambda: sum("Following" in m.visible for m in botapi.sent) == len(chats),
        within=30,
        what=f"{len(chats)} subscriptions",
    )


def alerts_to(botapi: BotApiEmulator, chat: int, title: str) -> list:
    return [m for m in botapi.messages_to(chat) if m.visible.startswith(title)]


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def eventually(check: Callable[[], Awaitable[bool]], *, within: float, what: str) -> None:
    """Poll an async condition (each poll is a round trip through the bot)."""
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.3)


async def livebot(*args: str, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    environment = {**os.environ, "PTB_TIMEDELTA": "true", **(env or {})}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=environment,
    )  # fmt: skip


async def finished(process: asyncio.subprocess.Process) -> tuple[int, str]:
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def refused(*args: str) -> str:
    """``livebot *args`` exits 2 at once; the last line it wrote (the one that says why)."""
    code, stderr = await finished(await livebot(*args))
    assert code == 2, stderr
    return stderr.strip().splitlines()[-1]


async def start(config: Path, botapi: BotApiEmulator) -> asyncio.subprocess.Process:
    botapi.commands = []
    process = await livebot("run", "--config", str(config))

    def started() -> bool:
        if process.returncode is not None:
            raise AssertionError(f"livebot exited with {process.returncode}")
        return bool(botapi.commands)

    await botapi.wait_until(started, within=20, what="livebot to start")
    return process


def live_blog(updates: list[dict]) -> str:
    """A live-blog page with schema.org JSON-LD, newest update first."""
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Storm live",
        "liveBlogUpdate": [{"@type": "BlogPosting", **u} for u in reversed(updates)],
    }
    return (
        f'<html><head><title>Storm live</title><script type="application/ld+json">{json.dumps(data)}'
        "</script></head><body><h1>Storm live</h1><p>Updates below.</p></body></html>"
    )


def update(n: int, headline: str, body: str) -> dict:
    """Live-blog post number ``n``, published ``n`` minutes after EPOCH."""
    published = EPOCH + timedelta(minutes=n)
    return {
        "headline": headline,
        "articleBody": f"<p>{body}</p>",
        "datePublished": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "url": f"https://news.example/live#post{n}",
    }


async def fetched(botapi: BotApiEmulator, feeds: FeedServer, path: str, times: int = 1) -> None:
    target = feeds.hits[path] + times
    await botapi.wait_until(lambda: feeds.hits[path] >= target, within=15, what=f"fetch of {path}")


async def alert(botapi: BotApiEmulator, chat: int, title: str, **kwargs: Any) -> Sent:
    return await botapi.wait_for(
        lambda m: m.chat_id == chat and m.visible.startswith(title), **kwargs
    )


async def tap(botapi: BotApiEmulator, sent: Sent, data: str, user_id: int | None = None) -> str:
    """Tap a button and return the text of the bot's answer to the tap ("" if none)."""
    query_id = botapi.user_taps(sent, data, user_id=user_id)["callback_query"]["id"]
    await botapi.wait_until(lambda: query_id in botapi.callback_answers, what="the tap's answer")
    return botapi.callback_answers[query_id] or ""


def button(sent: Sent, label: str) -> str:
    """The data of the button whose label starts with ``label``."""
    return next(data for text, data in sent.buttons() if text.startswith(label))


DIGEST = hashlib.sha256(TOKEN.encode()).hexdigest()


def item(n: int, title: str = "Storm makes landfall", **extra: object) -> dict:
    return {
        "id": f"wire-{n}",
        "url": f"https://wire.example/{n}",
        "title": title,
        "content_text": "The storm reached the coast at dawn. Thousands fled.",
        **extra,
    }


async def post(
    url: str,
    body: object,
    *,
    token: str | None = TOKEN,
    raw: bytes | None = None,
    source: str = "Wire",
    content_type: str = "application/json",
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    headers["Content-Type"] = content_type
    async with httpx.AsyncClient() as client:
        content = raw if raw is not None else json.dumps(body).encode()
        return await client.post(url, params={"source": source}, content=content, headers=headers)


async def first_report(botapi: BotApiEmulator, dw: Newsroom, aljazeera: Newsroom) -> Sent:
    """Both feeds fetched once, chat 1 follows "france arrests", DW reports nine arrests:
    the alert chat 1 gets."""
    await dw.fetched(botapi)
    await aljazeera.fetched(botapi)
    await botapi.reply_to(1, "/subscribe france arrests")
    dw.add(real_story("dw-english.rss10.rdf", "France arrests nine"))
    return await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("France arrests nine")
    )


async def second_report_edits(botapi: BotApiEmulator, aljazeera: Newsroom, alert: Sent) -> None:
    """Al Jazeera reports the same arrests: the alert is edited, and no second one comes."""
    aljazeera.add(
        real_story("aljazeera-all.no-xml-decl.rss.xml", "France arrests nine over killing")
    )
    await botapi.wait_until(lambda: alert.edits, within=15, what="the alert to be edited")
    assert "🗞 Also reported by 1 source: Al Jazeera" in alert.visible
    assert len([m for m in botapi.messages_to(1) if "France arrests nine" in m.visible]) == 1


def opml_of(*outlines: tuple[str, str]) -> bytes:
    """An OPML file as feed readers export it: a folder with feeds in it."""
    items = "".join(
        f'<outline type="rss" text="{title}" xmlUrl="{url}"/>' for title, url in outlines
    )
    return (
        '<?xml version="1.0"?><opml version="2.0"><head><title>My feeds</title></head><body>'
        f'<outline text="News">{items}</outline></body></opml>'
    ).encode()


NO_TOKEN = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}


def without_token(config: Path) -> Path:
    """The same config with the token removed (these commands never talk to Telegram)."""
    bare = config.with_name("bare.toml")
    lines = config.read_text().splitlines()
    bare.write_text("\n".join(line for line in lines if not line.startswith("token")))
    return bare

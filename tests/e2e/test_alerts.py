"""Alerts end to end: who gets what, once; Telegram's errors; broken sources."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.conftest import ENGINES
from tests.fakes.feeds import FeedServer, rss

# The core of the bot, on both store engines (a SQLite file, a PostgreSQL database).
pytestmark = pytest.mark.parametrize("engine", ENGINES, indirect=True)

NOW = datetime.now(UTC)


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


@pytest.fixture
async def newsroom(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> Newsroom:
    room = Newsroom(feeds)
    room.add(story("backlog-1", "Peace talks were planned last week", minutes=-60))
    await livebot_factory(write_config([{"name": "Live desk", "url": room.url, "interval": 1}]))
    await room.fetched(botapi)
    return room


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


async def test_backlog_is_searchable_but_not_pushed(
    botapi: BotApiEmulator, newsroom: Newsroom
) -> None:
    """A source's existing entries are stored on first fetch (for /latest) but not alerted."""
    await botapi.reply_to(1, "/subscribe peace talks")
    await newsroom.fetched(botapi, 2)
    assert alerts_to(botapi, 1, "Peace talks were planned") == []
    assert (
        "Peace talks were planned last week"
        in (await botapi.reply_to(1, "/latest peace talks")).visible
    )


async def test_matching_entry_is_pushed_once_with_every_matching_topic(
    botapi: BotApiEmulator, newsroom: Newsroom
) -> None:
    """One message per entry per chat, naming all the chat's topics that matched; never twice."""
    await botapi.reply_to(1, "/subscribe peace talks")
    await botapi.reply_to(1, "/subscribe istanbul")
    await botapi.reply_to(2, "/subscribe negotiation")
    await botapi.reply_to(3, "/subscribe football")
    newsroom.add(
        story(
            "s1",
            "Peace talks resume in Istanbul",
            "Negotiations restarted on Tuesday. Both sides attended.",
        )
    )
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Peace talks resume")
    )
    assert "🔔 istanbul · peace talks" in alert.visible
    assert "Negotiations restarted on Tuesday. Both sides attended." in alert.visible
    assert "Live desk ·" in alert.visible
    assert 'href="https://news.example/s1"' in alert.text
    await botapi.wait_for(lambda m: m.chat_id == 2 and m.visible.startswith("Peace talks resume"))
    await newsroom.fetched(botapi, 3)  # unchanged feed: 304s, and nothing new
    assert len(alerts_to(botapi, 1, "Peace talks resume")) == 1
    assert len(alerts_to(botapi, 2, "Peace talks resume")) == 1
    assert alerts_to(botapi, 3, "Peace talks resume") == []
    assert newsroom.feeds.not_modified[newsroom.path] >= 2


async def test_no_alert_after_unsubscribe(botapi: BotApiEmulator, newsroom: Newsroom) -> None:
    """Unsubscribing stops alerts at once."""
    await botapi.reply_to(1, "/subscribe storm")
    await botapi.reply_to(1, "/unsubscribe storm")
    newsroom.add(story("s2", "Storm reaches the coast"))
    await newsroom.fetched(botapi, 2)
    await asyncio.sleep(0.3)
    assert alerts_to(botapi, 1, "Storm reaches") == []


async def test_429_is_honoured_then_delivered(botapi: BotApiEmulator, newsroom: Newsroom) -> None:
    """Telegram's retry_after is waited out, then the alert arrives exactly once."""
    await botapi.reply_to(1, "/subscribe storm")
    botapi.flood(1, retry_after=1, times=2)
    newsroom.add(story("s3", "Storm reaches the coast"))
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Storm reaches"), within=15
    )
    refusals = [t for chat, code, _ in botapi.errors if chat == 1 and code == 429 for t in [code]]
    assert len(refusals) == 2
    assert len(alerts_to(botapi, 1, "Storm reaches")) == 1
    assert alert.at - min(m.at for m in botapi.messages_to(1)) >= 1.0  # waited at least retry_after


async def test_blocked_user_is_deactivated_and_comes_back(
    botapi: BotApiEmulator, newsroom: Newsroom
) -> None:
    """403: the chat stops getting alerts (no more requests); writing to the bot resumes them."""
    await botapi.reply_to(1, "/subscribe storm")
    await botapi.reply_to(2, "/subscribe storm")
    botapi.block(1)
    newsroom.add(story("s4", "Storm one"))
    await botapi.wait_for(lambda m: m.chat_id == 2 and m.visible.startswith("Storm one"))
    await botapi.wait_until(
        lambda: any(c == 1 and code == 403 for c, code, _ in botapi.errors), what="the 403"
    )
    newsroom.add(story("s5", "Storm two"))
    await botapi.wait_for(lambda m: m.chat_id == 2 and m.visible.startswith("Storm two"))
    assert sum(1 for c, code, _ in botapi.errors if c == 1) == 1  # nothing more was tried
    botapi.unblock(1)
    assert "storm" in (await botapi.reply_to(1, "/list")).visible
    newsroom.add(story("s6", "Storm three"))
    await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Storm three"))


async def test_block_reported_as_chat_member_update(
    botapi: BotApiEmulator, newsroom: Newsroom
) -> None:
    """my_chat_member 'kicked' (how Telegram reports a block) stops alerts before any 403."""
    await botapi.reply_to(1, "/subscribe storm")
    await botapi.reply_to(2, "/subscribe storm")
    botapi.member_status(1, "member", "kicked")
    await botapi.reply_to(2, "/list")  # updates are handled in order enough for this
    await asyncio.sleep(0.2)
    newsroom.add(story("s7", "Storm four"))
    await botapi.wait_for(lambda m: m.chat_id == 2 and m.visible.startswith("Storm four"))
    await asyncio.sleep(0.3)
    assert alerts_to(botapi, 1, "Storm four") == []
    assert not any(c == 1 for c, _, _ in botapi.errors)


async def test_chat_not_found_deactivates(botapi: BotApiEmulator, newsroom: Newsroom) -> None:
    """400 'chat not found': the chat is deactivated like a block."""
    await botapi.reply_to(5, "/subscribe storm")
    botapi.fail(5, 400, "Bad Request: chat not found", times=None)
    newsroom.add(story("s8", "Storm five"))
    await botapi.wait_until(lambda: any(c == 5 for c, _, _ in botapi.errors), what="the 400")
    newsroom.add(story("s9", "Storm six"))
    await newsroom.fetched(botapi, 2)
    await asyncio.sleep(0.3)
    assert sum(1 for c, _, _ in botapi.errors if c == 5) == 1


async def test_group_migration_moves_subscriptions(
    botapi: BotApiEmulator, newsroom: Newsroom
) -> None:
    """A group that became a supergroup gets the alert at its new id, and keeps its topics."""
    old, new, admin = -4001, -1004001, 77
    botapi.admins[old] = {admin}
    await botapi.reply_to(old, "/subscribe storm", user_id=admin, chat_type="group")
    botapi.migrate(old, new)
    newsroom.add(story("s10", "Storm seven"))
    alert = await botapi.wait_for(
        lambda m: m.chat_id == new and m.visible.startswith("Storm seven"), within=15
    )
    assert alert is not None
    assert "1. storm" in (await botapi.reply_to(new, "/list", chat_type="supergroup")).visible


async def test_migration_announced_in_the_group(botapi: BotApiEmulator, newsroom: Newsroom) -> None:
    """The service message with migrate_to_chat_id moves the subscriptions too."""
    old, new, admin = -4002, -1004002, 78
    botapi.admins[old] = {admin}
    await botapi.reply_to(old, "/subscribe storm", user_id=admin, chat_type="group")
    botapi.group_migrates(old, new)
    await asyncio.sleep(0.3)
    assert "1. storm" in (await botapi.reply_to(new, "/list", chat_type="supergroup")).visible

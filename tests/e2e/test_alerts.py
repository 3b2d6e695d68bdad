"""Alerts end to end: who gets what, once; Telegram's errors; broken sources."""

from __future__ import annotations

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.conftest import ENGINES
from tests.e2e.helpers import Newsroom, alerts_to, eventually, story
from tests.fakes.feeds import FeedServer

# The core of the bot, on both store engines (a SQLite file, a PostgreSQL database).
pytestmark = pytest.mark.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
async def newsroom(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> Newsroom:
    room = Newsroom(feeds)
    room.add(story("backlog-1", "Peace talks were planned last week", minutes=-60))
    await livebot_factory(write_config([{"name": "Live desk", "url": room.url, "interval": 1}]))
    await room.fetched(botapi)
    return room


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
    """Unsubscribing stops alerts at once (chat 2's alert proves the story was matched and
    its alerts sent)."""
    await botapi.reply_to(1, "/subscribe storm")
    await botapi.reply_to(1, "/unsubscribe storm")
    await botapi.reply_to(2, "/subscribe storm")
    newsroom.add(story("s2", "Storm reaches the coast"))
    await botapi.wait_for(lambda m: m.chat_id == 2 and m.visible.startswith("Storm reaches"))
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

    async def deactivated() -> bool:  # an operator's /stats counts chat 1 as inactive
        return "1 inactive" in (await botapi.reply_to(4242, "/stats")).visible

    await eventually(deactivated, within=10, what="chat 1 to be deactivated")
    newsroom.add(story("s7", "Storm four"))
    # Matching queues every chat's alert in one transaction: chat 2's proves chat 1 had none.
    await botapi.wait_for(lambda m: m.chat_id == 2 and m.visible.startswith("Storm four"))
    assert alerts_to(botapi, 1, "Storm four") == []
    assert not any(c == 1 for c, _, _ in botapi.errors)


async def test_chat_not_found_deactivates(botapi: BotApiEmulator, newsroom: Newsroom) -> None:
    """400 'chat not found': the chat is deactivated like a block."""
    await botapi.reply_to(5, "/subscribe storm")
    await botapi.reply_to(6, "/subscribe storm")
    botapi.fail(5, 400, "Bad Request: chat not found", times=None)
    newsroom.add(story("s8", "Storm five"))
    await botapi.wait_until(lambda: any(c == 5 for c, _, _ in botapi.errors), what="the 400")
    newsroom.add(story("s9", "Storm six"))
    await botapi.wait_for(lambda m: m.chat_id == 6 and m.visible.startswith("Storm six"))
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

    async def moved() -> bool:
        listed = await botapi.reply_to(new, "/list", chat_type="supergroup")
        return "1. storm" in listed.visible

    await eventually(moved, within=10, what="the subscriptions at the new id")

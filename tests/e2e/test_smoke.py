"""Smoke: the bot starts against the emulator, answers /start, and pushes a matching entry."""

from __future__ import annotations

from bot.emulator.botapi import BotApiEmulator
from tests.fakes.feeds import FeedServer, rss


async def test_start_subscribe_and_alert(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A subscriber gets the new matching entry once, and not the backlog."""
    url = feeds.publish(
        "world.rss", rss([{"guid": "old-1", "title": "Peace talks begin in Istanbul"}])
    )
    await livebot_factory(write_config([{"name": "World", "url": url, "interval": 1}]))
    reply = await botapi.reply_to(1001, "/start")
    assert "Livebot" in reply.visible
    await botapi.wait_until(lambda: feeds.hits["world.rss"] >= 1, what="first fetch")
    reply = await botapi.reply_to(1001, "/subscribe peace talks")
    assert "Following" in reply.visible
    feeds.publish(
        "world.rss",
        rss(
            [
                {
                    "guid": "new-1",
                    "title": "Peace talks resume",
                    "description": "Delegations met again on Tuesday. More later.",
                },
                {"guid": "old-1", "title": "Peace talks begin in Istanbul"},
            ]
        ),
    )
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 1001 and "Peace talks resume" in m.visible, within=10
    )
    assert "Delegations met again on Tuesday." in alert.visible
    assert "begin in Istanbul" not in "".join(m.visible for m in botapi.messages_to(1001))

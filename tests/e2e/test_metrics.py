"""``/metrics`` scraped during a fan-out agrees with what the emulator received."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, story, subscribe_all, unused_port
from tests.fakes.feeds import FeedServer


def value(text: str, name: str) -> float:
    """One sample's value from the exposition text (0 if absent)."""
    match = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


async def test_metrics_during_a_fan_out(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    port = unused_port()
    room = Newsroom(feeds)
    await livebot_factory(
        write_config(
            [{"name": "Live desk", "url": room.url, "interval": 1}],
            push={"port": port},
            metrics={"enabled": True},
        )
    )
    await room.fetched(botapi)
    chats = list(range(500, 560))
    await subscribe_all(botapi, chats, "storm")
    room.add(story("m1", "Storm makes landfall"))
    async with httpx.AsyncClient() as client:
        await botapi.wait_until(
            lambda: any("landfall" in m.visible for m in botapi.sent), within=15
        )
        during = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
        assert "livebot_outbox_depth" in during and 'livebot_chats{state="active"}' in during
        await botapi.wait_until(
            lambda: sum("landfall" in m.visible for m in botapi.sent) == len(chats), within=30
        )
        received = sum("landfall" in m.visible for m in botapi.sent)
        for _ in range(50):  # the bot counts a send once it has logged Telegram's answer
            response = await client.get(f"http://127.0.0.1:{port}/metrics")
            if value(response.text, 'livebot_messages_total{outcome="sent"}') == received:
                break
            await asyncio.sleep(0.1)
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert value(text, 'livebot_messages_total{outcome="sent"}') == received
    assert value(text, "livebot_alert_latency_seconds_count") == received
    assert value(text, "livebot_alerts_queued_total") == received
    assert value(text, "livebot_subscriptions") == len(chats)
    assert value(text, 'livebot_outbox_depth{state="pending"}') == 0
    assert value(text, 'livebot_fetches_total{result="ok",source="Live desk"}') >= 2
    assert value(text, 'livebot_entries_ingested_total{source="Live desk"}') >= 1
    assert value(text, "livebot_fetch_duration_seconds_count") >= 2
    assert 'livebot_retry_after_total{scope="global"} 0.0' in text
    assert "livebot_event_loop_lag_seconds_bucket" in text

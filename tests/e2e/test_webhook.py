"""Webhook mode through the emulator: Telegram's POSTs carry the secret token (a wrong or
missing one gets 403), the core paths work as in polling mode (commands, an alert, a button),
and going back to polling deletes the webhook."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from bot.app import run
from bot.config import load_settings
from bot.emulator.botapi import BotApiEmulator
from tests.e2e.test_alerts import Newsroom, story
from tests.e2e.test_sources import unused_port
from tests.fakes.feeds import FeedServer

SECRET = "s3cret-token-for-the-webhook"


async def start_webhook_bot(config: Path, botapi: BotApiEmulator) -> tuple[asyncio.Event, Any]:
    settings = load_settings(config, environ={})
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop))

    def started() -> bool:
        if task.done():
            task.result()
        return botapi.webhook is not None

    await botapi.wait_until(started, within=15, what="the bot to set its webhook")
    return stop, task


async def test_webhook_mode_end_to_end_then_back_to_polling(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    port = unused_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    room = Newsroom(feeds)
    config = write_config(
        [{"name": "Live desk", "url": room.url, "interval": 1}],
        telegram={"webhook_url": url, "secret_token": SECRET},
        push={"port": port},
    )
    stop, task = await start_webhook_bot(config, botapi)
    try:
        assert botapi.webhook == (url, SECRET)
        setting = next(p for m, p in botapi.calls if m == "setWebhook")
        assert setting.get("drop_pending_updates") in (False, None)
        async with httpx.AsyncClient() as client:
            update = {"update_id": 1, "message": {"message_id": 1, "date": 0,
                      "chat": {"id": 9, "type": "private"}, "text": "/help"}}  # fmt: skip
            wrong = await client.post(url, json=update, headers={
                "X-Telegram-Bot-Api-Secret-Token": "not-the-secret-token"})  # fmt: skip
            missing = await client.post(url, json=update)
        assert (wrong.status_code, missing.status_code) == (403, 403)
        assert botapi.messages_to(9) == []

        assert "Livebot" in (await botapi.reply_to(1, "/help")).visible
        await room.fetched(botapi)
        assert "Following" in (await botapi.reply_to(1, "/subscribe storm")).visible
        room.add(story("w1", "Storm reaches the coast"))
        alert = await botapi.wait_for(lambda m: m.visible.startswith("Storm reaches"), within=15)
        query = botapi.user_taps(alert, next(d for t, d in alert.buttons() if t.startswith("❓")))
        query_id = query["callback_query"]["id"]
        await botapi.wait_until(lambda: query_id in botapi.callback_answers, what="the answer")
        assert "found ‘storm’" in (botapi.callback_answers[query_id] or "")
        assert set(botapi.webhook_answers) == {200}
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)

    polling = write_config([{"name": "Live desk", "url": room.url, "interval": 1}])
    await livebot_factory(polling)  # waits for getUpdates: the webhook was deleted first
    assert botapi.webhook is None
    assert "storm" in (await botapi.reply_to(1, "/list")).visible

"""Webhook mode through the emulator: Telegram's POSTs carry the secret token (a wrong or
missing one gets 403), the core paths work as in polling mode (commands, an alert, a button),
and going back to polling deletes the webhook."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from bot.app import run
from bot.config import load_settings
from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, story, unused_port
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
        assert "found “storm”" in (botapi.callback_answers[query_id] or "")
        assert set(botapi.webhook_answers) == {200}
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)

    polling = write_config([{"name": "Live desk", "url": room.url, "interval": 1}])
    await livebot_factory(polling)  # waits for getUpdates: the webhook was deleted first
    assert botapi.webhook is None
    assert "storm" in (await botapi.reply_to(1, "/list")).visible


async def test_bodies_that_are_no_update_are_refused_without_an_error(
    botapi: BotApiEmulator, write_config: Any
) -> None:
    """Attack run N12 (it needs the secret): JSON that is not an Update, 100,000-deep JSON,
    a chat id that is text, all answered 400 (they were 500s with tracebacks, or a store
    error later); a body that never arrives is cut at ``push.request_timeout`` (408, or
    the connection closed), not held; the bot answers a real update afterwards."""
    port = unused_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    config = write_config(
        [], telegram={"webhook_url": url, "secret_token": SECRET},
        push={"port": port, "request_timeout": 1},
    )  # fmt: skip
    stop, task = await start_webhook_bot(config, botapi)
    secret = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    try:
        async with httpx.AsyncClient() as client:
            for body in (
                b'{"update_id": 3, "message": "x"}',
                b"[" * 100_000 + b"]" * 100_000,
                json.dumps({"update_id": 4, "message": {"message_id": 1, "date": 0,
                            "chat": {"id": "x", "type": "private"}, "text": "/help"}}).encode(),
            ):  # fmt: skip
                answer = await client.post(url, content=body, headers=secret)
                assert answer.status_code == 400, (body[:40], answer.status_code)

            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                b"POST /telegram/hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\nX-Telegram-Bot-Api-Secret-Token: " + SECRET.encode()
                + b"\r\n\r\n{\"update_id\": 5, "
            )  # fmt: skip
            await writer.drain()
            answered = await asyncio.wait_for(reader.read(200), 2.5)  # the rest never comes
            assert answered == b"" or b" 408 " in answered, answered
            writer.close()
            real = {"update_id": 6, "message": {"message_id": 2, "date": 0,
                    "chat": {"id": 9, "type": "private"}, "text": "/help"}}  # fmt: skip
            assert (await client.post(url, json=real, headers=secret)).status_code == 200
        await botapi.wait_for(lambda m: m.chat_id == 9 and "Livebot" in m.visible)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)

"""Webhook mode: Telegram POSTs updates to ``telegram.webhook_url`` instead of the bot
polling for them.

The path of that URL is served by the bot's HTTP server (:mod:`bot.web`, shared with pushes
and metrics). Every request must carry ``X-Telegram-Bot-Api-Secret-Token`` equal to
``telegram.secret_token`` (compared in constant time), else 403; the body is one Update,
handed to the Application's queue like a polled one (same handlers, same per-chat order).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def path_of(url: str) -> str:
    """The route the webhook URL's path maps to on our server."""
    return urlsplit(url).path or "/"


def receiver(app: Application[Any, Any, Any, Any, Any, Any], secret: str) -> Any:
    """The aiohttp handler that takes Telegram's POSTs."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.StreamResponse:
        presented = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(presented, expected):
            return web.Response(status=403, text="wrong or missing secret token")
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, app.bot) if isinstance(data, dict) else None
        except (ValueError, KeyError, TypeError):
            update = None
        if update is None:
            log.warning("webhook: a request that is not an Update was refused")
            return web.Response(status=400, text="not an Update")
        await app.update_queue.put(update)
        return web.Response(status=200)

    return receive

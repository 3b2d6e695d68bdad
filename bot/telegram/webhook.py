"""Webhook mode: Telegram POSTs updates to ``telegram.webhook_url`` instead of the bot
polling for them.

The path of that URL is served by the bot's HTTP server (:mod:`bot.web.server`, shared
with pushes and metrics). Every request must carry ``X-Telegram-Bot-Api-Secret-Token`` equal to
``telegram.secret_token`` (compared in constant time), else 403; the body is one Update,
handed to the Application's queue like a polled one (same handlers, same per-chat order).
A body that does not arrive within ``push.request_timeout`` is answered 408; one that is not
an Update (not JSON, nested past 64 levels, fields of the wrong type) 400, never a 500 or a
traceback: only a holder of the secret gets this far, but a bug or a proxy may too
(attack run N12).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.ingest.documents import too_deep

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def path_of(url: str) -> str:
    """The route the webhook URL's path maps to on our server."""
    return urlsplit(url).path or "/"


def receiver(
    app: Application[Any, Any, Any, Any, Any, Any], secret: str, timeout: float = 10.0
) -> Any:
    """The aiohttp handler that takes Telegram's POSTs."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.StreamResponse:
        presented = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(presented, expected):
            return web.Response(status=403, text="wrong or missing secret token")
        try:
            async with asyncio.timeout(timeout):
                body = await request.read()
        except TimeoutError:
            return web.Response(status=408, text="the body did not arrive in time")
        update = _update(body, app)
        if update is None:
            log.warning("webhook: a request that is not an Update was refused")
            return web.Response(status=400, text="not an Update")
        await app.update_queue.put(update)
        return web.Response(status=200)

    return receive


def _update(body: bytes, app: Application[Any, Any, Any, Any, Any, Any]) -> Update | None:
    """The Update a body holds, or None: JSON of bounded depth, an object, that PTB reads as
    an Update whose chat and user ids are integers."""
    if too_deep(body):
        return None
    try:
        data = json.loads(body)
        update = Update.de_json(data, app.bot) if isinstance(data, dict) else None
    except Exception:  # whatever it holds, it is not an Update
        return None
    if update is None:
        return None
    chat, user = update.effective_chat, update.effective_user
    if (chat is not None and type(chat.id) is not int) or (
        user is not None and type(user.id) is not int
    ):
        return None
    return update

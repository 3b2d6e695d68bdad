"""Build the Application and run it: the table of contents of the running bot, no logic."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import HTTPXRequest

from bot import handlers, health, jobs
from bot.config import Settings
from bot.context import BotData, LivebotContext
from bot.handlers import menu
from bot.models import Role
from bot.services import Services
from bot.store import errors
from bot.telegram import webhook
from bot.telegram.client import LivebotBot
from bot.telegram.limiter import FloodLimiter
from bot.telegram.transport import sends_request
from bot.telegram.updates import ChatOrderedProcessor

log = logging.getLogger(__name__)

LivebotApp = Application[Any, LivebotContext, Any, Any, BotData, Any]


def build_application(settings: Settings, limiter: FloodLimiter) -> LivebotApp:
    """The PTB Application pointed at the configured Bot API server, handlers registered."""
    # Opt in to PTB's timedelta time periods now (the next major's default), which also
    # silences its deprecation warnings about integer periods.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    api = settings.telegram.api_url.rstrip("/")
    bot = LivebotBot(
        settings.token,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        request=sends_request(
            settings.delivery.concurrency + 16, settings.telegram.request_timeout
        ),
        get_updates_request=HTTPXRequest(read_timeout=settings.telegram.poll_timeout + 10.0),
        rate_limiter=limiter,
    )
    app: LivebotApp = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=LivebotContext, bot_data=BotData))
        .concurrent_updates(ChatOrderedProcessor())
        .build()
    )
    handlers.register(app)
    return app


async def run(
    settings: Settings, stop: asyncio.Event, *, standby: bool = False, role: Role = "all"
) -> None:
    """Run the bot until ``stop`` is set: polling, scheduled ingest and delivery, or the
    part of them ``role`` names (see :mod:`bot.roles`). With ``standby`` (PostgreSQL), wait
    first while another process holds the database, and take over when it stops; a process
    of role ``updates`` always does."""
    limiter = FloodLimiter(
        global_rate=settings.delivery.global_rate,
        private_interval=settings.delivery.private_interval,
        group_per_minute=settings.delivery.group_per_minute,
    )
    app = build_application(settings, limiter)
    # The database first: a local problem is reported before Telegram is even asked.
    # A standby tells `livebot health` it is alive while it waits to take over.
    waits = standby or role == "updates"
    beating = asyncio.create_task(_stand_by(settings.storage.database, role)) if waits else None
    try:
        opened = await Services.open_store(settings.storage, stop if waits else None, role)
    finally:
        if beating is not None:
            beating.cancel()
    if opened is None:  # stopped while standing by
        return
    lock, db = store = opened
    services: Services | None = None
    try:
        async with app:  # getMe: fails fast on a wrong token or an unreachable Bot API
            telegram = settings.telegram
            updates = role in ("all", "updates")
            hook = (
                webhook.receiver(app, telegram.secret_token or "", settings.push.request_timeout)
                if telegram.webhook_url and updates
                else None
            )
            services = await Services.start(settings, app.bot, limiter, store, hook, role)
            try:
                app.bot_data.services = services
                if updates:
                    await menu.publish(app.bot)
                assert app.job_queue is not None and app.updater is not None
                await app.start()
                # After start: APScheduler skips an interval job whose first run is past.
                jobs.schedule(app.job_queue, prune=updates)
                services.start_background()
                if not updates:
                    mode = f"role {role}"
                elif telegram.webhook_url:
                    await app.bot.set_webhook(
                        telegram.webhook_url,
                        secret_token=telegram.secret_token,
                        allowed_updates=Update.ALL_TYPES,
                        drop_pending_updates=False,
                    )
                    mode = f"webhook {telegram.webhook_url}"
                else:  # start_polling deletes a webhook left from webhook mode first
                    await app.updater.start_polling(
                        timeout=int(telegram.poll_timeout), allowed_updates=Update.ALL_TYPES
                    )
                    mode = "long polling"
                log.info("Livebot is running as @%s (%s)", app.bot.username, mode)
                await _until_either(stop, db.lost)
                if db.lost.is_set():
                    log.error("%s: the connection holding the database broke; stopping",
                              db.where)  # fmt: skip
                log.info("stopping")
            finally:
                if app.updater and app.updater.running:
                    await _logged(app.updater.stop(), "stopping polling")
                if app.running:
                    await _logged(app.stop(), "stopping the application")
                # Delivery and polling stop while the bot's HTTP clients are still open:
                # leaving ``async with app`` closes them, and a send still under way would
                # be left holding a connection nobody closes.
                await _logged(services.close(), "closing services")
    finally:
        # A failed getMe (an unreachable Bot API) leaves the HTTP clients open: the
        # application closes them only once it has started. Closing twice does nothing.
        await _logged(app.bot.shutdown(), "closing the Bot API client")
        if services is None:
            await _logged(db.close(), "closing the database")
            if lock is not None:
                lock.release()
    if db.lost.is_set():
        raise errors.ConnectionLostError(
            f"{db.where}: the connection holding the database broke, so this Livebot "
            "stopped (a standby may have taken over); start it again to take its turn"
        )


async def _until_either(*events: asyncio.Event) -> None:
    """Wait until one of ``events`` is set."""
    waits = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()


async def _stand_by(database: Path, role: Role) -> None:
    """The heartbeat of a standby, until it takes over (then the running bot's takes over)."""
    while True:
        health.beat(database, health.WriteHealth(), standing_by=True, role=role)
        await asyncio.sleep(health.HEARTBEAT_SECONDS)


async def _logged(step: Awaitable[None], what: str) -> None:
    """Run one shutdown step; a failure is logged and does not skip the steps after it."""
    try:
        await step
    except Exception:
        log.exception("error while %s", what)

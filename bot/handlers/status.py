"""/sources for everyone, /stats for the configured operators."""

from __future__ import annotations

import time

from telegram import Update

from bot.context import LivebotContext
from bot.delivery import render
from bot.handlers.common import is_operator, reply
from bot.store import chats, deliveries, outbox, sources, subscriptions


async def sources_command(update: Update, context: LivebotContext) -> None:
    """List the sources with their last success, last error and entry count."""
    services = context.services
    states = await sources.overview(services.db)
    await reply(update, render.sources_overview(states, services.writes.current()))


async def stats(update: Update, context: LivebotContext) -> None:
    """Operator view: chats, subscriptions, queue depth, send counters and 429s."""
    if not is_operator(update, context):
        await reply(update, "This command is for the bot's operators.")
        return
    services = context.services
    db = services.db
    active, inactive = await chats.counts(db)
    states = await sources.overview(db)
    queue = await outbox.counts(db)
    day = await deliveries.counts(db, since=time.time() - 86400)
    sent = services.sender.stats
    limited = services.limiter.stats
    uptime = (
        render.ago(services.started_at).replace(" ago", "").replace("just now", "under a minute")
    )
    failing = sum(1 for s in states if s.failures)
    lines = [
        "<b>Livebot status</b>",
        f"Up for {render.esc(uptime)}",
        f"Chats: {active} active, {inactive} inactive",
        f"Subscriptions: {await subscriptions.count(db)} ({services.subscribers.live} live)",
        f"Sources: {len(states)} ({failing} failing), "
        f"entries stored: {sum(s.entry_count for s in states)}",
        f"Outbox: {queue.get('pending', 0)} pending, {queue.get('inflight', 0)} in flight",
        f"Last 24 h: {day.get('sent', 0)} sent, {day.get('failed', 0)} failed, "
        f"{day.get('dropped', 0)} dropped, {day.get('skipped', 0)} skipped",
        f"Since start: {sent.sent} messages ({sent.alerts} alerts, {sent.digests} digests), "
        f"{sent.per_minute()} in the last minute",
        f"Problems: {sent.postponed} postponed, {sent.failed} failed, {sent.chats_gone} chats "
        f"gone, {sent.migrated} migrated, {sent.uncertain_resent} uncertain resent",
        f"429s: {limited.retry_after_chat} per chat, {limited.retry_after_global} global; "
        f"sending to {services.worker.active_chats} chats now",
        f"<i>{render.when(time.time())}</i>",
    ]
    await reply(update, "\n".join(lines))

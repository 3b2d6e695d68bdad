"""/sources for everyone, /stats for the configured operators."""

from __future__ import annotations

import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import LivebotContext
from bot.delivery import render
from bot.handlers.callback_data import parse_id
from bot.handlers.common import OPERATORS_ONLY, is_operator, reply, rewrite
from bot.store import chats, deliveries, outbox, sources, subscriptions

PAGE = "sr:"
PER_PAGE = 8


async def sources_command(update: Update, context: LivebotContext) -> None:
    """List the shared sources with their health (last success, last error, failing since,
    entry count, paused), a page at a time."""
    text, keyboard = await _sources_page(context, 0, operator=is_operator(update, context))
    await reply(update, text, keyboard=keyboard)


async def sources_page(update: Update, context: LivebotContext) -> None:
    """◂ / ▸ under /sources: another page, in place."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    raw = (query.data or "").removeprefix(PAGE)
    page = 0 if raw == "0" else parse_id(raw)
    if page is None:
        await query.answer("This button no longer works. Send /sources again.")
        return
    text, keyboard = await _sources_page(context, page, operator=is_operator(update, context))
    await query.answer()
    await rewrite(context, query.message, text, keyboard)


async def _sources_page(
    context: LivebotContext, page: int, *, operator: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    services = context.services
    pages = max(1, -(-await sources.shared_count(services.db) // PER_PAGE))
    page = min(page, pages - 1)
    states = await sources.overview(services.db, offset=page * PER_PAGE, limit=PER_PAGE)
    text = render.sources_overview(
        states, services.writes.current(), page=page, pages=pages, operator=operator
    )
    if operator:
        text = render.fit(
            f"{text}\n\nLinks people follow: {await sources.user_count(services.db)} polled."
            "\n/addsource, /pausesource, /resumesource, /removesource"
        )
    row = []
    if page > 0:
        row.append(InlineKeyboardButton("◂ Back", callback_data=f"{PAGE}{page - 1}"))
    if page + 1 < pages:
        row.append(InlineKeyboardButton("More ▸", callback_data=f"{PAGE}{page + 1}"))
    return text, InlineKeyboardMarkup([row]) if row else None


async def stats(update: Update, context: LivebotContext) -> None:
    """Operator view: chats, subscriptions, queue depth, send counters and 429s."""
    if not is_operator(update, context):
        await reply(update, OPERATORS_ONLY)
        return
    services = context.services
    db = services.db
    active, inactive = await chats.counts(db)
    states = await sources.overview(db)
    queue = await outbox.counts(db)
    day = await deliveries.counts(db, since=time.time() - 86400)
    sent = services.sender.stats
    limited = services.limiter.stats
    uptime = render.span(services.started_at)
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

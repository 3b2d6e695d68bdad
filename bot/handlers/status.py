"""/sources for everyone, /stats for the configured operators."""

from __future__ import annotations

import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import LivebotContext
from bot.delivery import render
from bot.delivery.callbacks import SOURCES_PAGE
from bot.handlers.callback_data import parse_id
from bot.handlers.common import OPERATORS_ONLY, is_operator, reply, rewrite
from bot.i18n import _
from bot.store import chats, deliveries, outbox, sources, subscriptions

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
    raw = SOURCES_PAGE.rest(query.data)
    page = 0 if raw == "0" else parse_id(raw)
    if page is None:
        await query.answer(_("This button no longer works. Send /sources again."))
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
            text
            + "\n\n"
            + _(
                "Links people follow: {count} polled.",
                count=await sources.user_count(services.db),
            )
            + "\n/addsource, /pausesource, /resumesource, /removesource"
        )
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(_("◂ Back"), callback_data=SOURCES_PAGE.data(page - 1)))
    if page + 1 < pages:
        row.append(InlineKeyboardButton(_("More ▸"), callback_data=SOURCES_PAGE.data(page + 1)))
    return text, InlineKeyboardMarkup([row]) if row else None


async def stats(update: Update, context: LivebotContext) -> None:
    """Operator view: chats, subscriptions, queue depth, send counters and 429s."""
    if not is_operator(update, context):
        await reply(update, _(OPERATORS_ONLY))
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
        "<b>" + _("Livebot status") + "</b>",
        _("Up for {time}", time=render.esc(uptime)),
        _("Chats: {active} active, {inactive} inactive", active=active, inactive=inactive),
        _(
            "Subscriptions: {count} ({live} live)",
            count=await subscriptions.count(db),
            live=services.subscribers.live,
        ),
        _(
            "Sources: {count} ({failing} failing), entries stored: {entries}",
            count=len(states),
            failing=failing,
            entries=sum(s.entry_count for s in states),
        ),
        _(
            "Outbox: {pending} pending, {inflight} in flight",
            pending=queue.get("pending", 0),
            inflight=queue.get("inflight", 0),
        ),
        _(
            "Last 24 h: {sent} sent, {failed} failed, {dropped} dropped, {skipped} skipped",
            sent=day.get("sent", 0),
            failed=day.get("failed", 0),
            dropped=day.get("dropped", 0),
            skipped=day.get("skipped", 0),
        ),
        _(
            "Since start: {sent} messages ({alerts} alerts, {digests} digests), "
            "{minute} in the last minute",
            sent=sent.sent,
            alerts=sent.alerts,
            digests=sent.digests,
            minute=sent.per_minute(),
        ),
        _(
            "Problems: {postponed} postponed, {failed} failed, {gone} chats gone, "
            "{migrated} migrated, {resent} uncertain resent",
            postponed=sent.postponed,
            failed=sent.failed,
            gone=sent.chats_gone,
            migrated=sent.migrated,
            resent=sent.uncertain_resent,
        ),
        _(
            "429s: {chat} per chat, {global_} global; sending to {active} chats now",
            chat=limited.retry_after_chat,
            global_=limited.retry_after_global,
            active=services.worker.active_chats,
        ),
    ]
    lease = services.lease
    if lease.role != "all":  # several processes: the in-memory figures above are this one's
        processes = ", ".join(f"{count} {role}" for role, count in sorted(lease.live.items()))
        lines.append(
            _(
                "Processes on this database: {processes}; the figures since start are this "
                "process's ({role})",
                processes=processes,
                role=lease.role,
            )
        )
    lines.append(f"<i>{render.when(time.time())}</i>")
    await reply(update, "\n".join(lines))

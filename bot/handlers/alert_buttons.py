"""Taps on the buttons under alerts and under /list: mute (for how long on a second tap),
unmute, unsubscribe, more like this, why this, and the story's sources.

Every field of the button data is checked (it is client input); a button whose subscription
is gone answers politely instead of failing; in groups only admins may use them.
"""

from __future__ import annotations

import time
from typing import NamedTuple

from telegram import (
    CallbackQuery,
    MaybeInaccessibleMessage,
    ReplyParameters,
    Update,
)

from bot.context import LivebotContext
from bot.delivery import buttons, reasons, render, schedule
from bot.delivery.callbacks import DIGEST_PAGE, ON_ALERT, ON_LIST
from bot.handlers import latest
from bot.handlers.callback_data import parse_id, parse_small
from bot.handlers.common import (
    ADMINS_ONLY,
    FOREVER,
    may_change_settings,
    rekey,
    rewrite,
    target_chat,
)
from bot.handlers.topics import describe, listing, quoted_plain
from bot.i18n import N_, _, _n, quote
from bot.match.explain import found_words
from bot.models import Reason, Subscription
from bot.store import chats, deliveries, entries
from bot.text.cut import cut

PATTERN = f"^({ON_ALERT.name}|{ON_LIST.name}):"
_WHERE = {ON_ALERT.name: ON_ALERT, ON_LIST.name: ON_LIST}
"""The kind of a tapped button by its name: on an alert or on /list."""
GONE = N_("You no longer follow this. /list shows what this chat follows.")


def _parse(data: str) -> tuple[str, str, int, int, int] | None:
    """(where, action, subscription, entry, hours) from button data, or None if forged."""
    parts = data.split(":")
    if len(parts) not in (4, 5) or parts[0] not in (ON_ALERT.name, ON_LIST.name):
        return None
    where, action = parts[0], parts[1]
    subscription = parse_id(parts[2])
    entry = 0 if parts[3] == "0" else parse_id(parts[3])
    if action not in buttons.ACTIONS or subscription is None or entry is None:
        return None
    hours = -1
    if action == buttons.MUTE_FOR:
        chosen = parse_small(parts[4]) if len(parts) == 5 else None
        if chosen is None or chosen not in buttons.MUTE_HOURS:
            return None
        hours = chosen
    elif len(parts) != 4:
        return None
    return where, action, subscription, entry, hours


async def tapped(update: Update, context: LivebotContext) -> None:
    """One tap on an alert's or /list's buttons."""
    callback = update.callback_query
    if callback is None:
        return
    message = callback.message
    parsed = _parse(callback.data or "")
    if message is None or parsed is None:
        await callback.answer(_("This button no longer works; send /list to manage alerts."))
        return
    if not await may_change_settings(update, context):
        await callback.answer(_(ADMINS_ONLY), show_alert=True)
        return
    where, action, sid, entry_id, hours = parsed
    chat_id = target_chat(update, context) or message.chat.id
    subscribers = context.services.subscribers
    subscription = subscribers.get(chat_id, sid)
    if subscription is None:
        await callback.answer(_(GONE), show_alert=True)
        return
    if action == buttons.WHY:
        await callback.answer(await _why(context, subscription, entry_id), show_alert=True)
        return
    if action == buttons.SOURCES:
        await callback.answer()
        await _sources(context, message, entry_id)
        return
    if action == buttons.MORE:
        await callback.answer()
        await latest.more_like(context, chat_id, subscription)
        return
    if action == buttons.MUTE:
        await rekey(context, message, buttons.mute_choices(_WHERE[where], subscription, entry_id))
        await callback.answer(_("For how long?"))
        return
    changed: Subscription | None = subscription
    toast = ""
    if action == buttons.MUTE_FOR:
        until = FOREVER if hours == 0 else time.time() + hours * 3600
        changed = await subscribers.update(chat_id, sid, muted_until=until)
        topic = quoted_plain(describe(context, subscription))
        if hours == 0:
            toast = _("🔕 Muted {topic} until you unmute it.", topic=topic)
        else:
            toast = _("🔕 Muted {topic} for {hours} h.", topic=topic, hours=hours)
    elif action == buttons.UNMUTE:
        changed = await subscribers.update(chat_id, sid, muted_until=None)
        toast = _(
            "🔔 Alerts for {topic} are on again.",
            topic=quoted_plain(describe(context, subscription)),
        )
    elif action == buttons.UNSUBSCRIBE:
        changed = None
        await subscribers.unsubscribe(chat_id, sid)
        toast = _("Stopped following {topic}.", topic=quoted_plain(describe(context, subscription)))
    await _redraw(context, callback, where, changed, entry_id, chat_id)
    await callback.answer(toast)


async def _redraw(
    context: LivebotContext,
    callback: CallbackQuery,
    where: str,
    subscription: Subscription | None,
    entry_id: int,
    chat_id: int,
) -> None:
    """After a change: an alert gets its buttons back (none once unsubscribed); /list is
    written again."""
    message = callback.message
    assert message is not None
    if where == ON_ALERT.name:
        keyboard = None
        if subscription is not None:
            sources = await _story_sources(context, entry_id)
            keyboard = buttons.alert(
                subscription, entry_id, len(sources), context.services.subscribers.gazetteer
            )
        await rekey(context, message, keyboard)
        return
    await listing(context, chat_id, edit=message, page=entry_id)  # a list's page rides there


async def _story_sources(context: LivebotContext, entry_id: int) -> list[str]:
    """The sources of the story an entry belongs to (none if it is no longer stored)."""
    db = context.services.db
    entry = (await entries.get_many(db, [entry_id])).get(entry_id)
    if entry is None:
        return []
    return await entries.story_sources(db, entry.cluster_id or entry.id)


async def _sources(context: LivebotContext, alert: MaybeInaccessibleMessage, entry_id: int) -> None:
    """🗞 N sources: each source's report of the story, with its link, in reply to the
    alert."""
    db = context.services.db
    entry = (await entries.get_many(db, [entry_id])).get(entry_id)
    reports = await entries.story_reports(db, entry.cluster_id or entry.id) if entry else []
    if not reports:
        text = _("This story is no longer stored; try /latest.")
    else:
        lines = [
            f"• {render.link(r.link, r.source)} — {render.esc(cut(r.title, 120))}" for r in reports
        ]
        text = "\n".join([_n("🗞 Reported by {n} source:", "🗞 Reported by {n} sources:",
                              len(reports)), *lines])  # fmt: skip
    await context.bot.send_message(
        alert.chat.id,
        render.fit(text),
        reply_parameters=ReplyParameters(alert.message_id, allow_sending_without_reply=True),
    )


async def _why(context: LivebotContext, subscription: Subscription, entry_id: int) -> str:
    """The answer to "Why this?": the subscription, what in the story matched it, and the
    sources that reported the story (when several did)."""
    reason = await _reason(context, subscription, entry_id)
    sources = await _story_sources(context, entry_id)
    if len(sources) > 1:
        told = _("🗞 Reported by: {names}", names=", ".join(sources))
        reason = f"{reason}\n{told}"
    return cut(reason, 200)


async def _reason(context: LivebotContext, subscription: Subscription, entry_id: int) -> str:
    """What in the story matched the subscription."""
    services = context.services
    entry = (await entries.get_many(services.db, [entry_id])).get(entry_id)
    if entry is None:
        return _("{topic} — this story is no longer stored.", topic=describe(context, subscription))
    language = services.settings.matching.language
    if subscription.source_id is not None:
        if subscription.place is not None:
            return cut(
                _(
                    "{topic} — it mentions that place or one near it.",
                    topic=describe(context, subscription),
                ),
                200,
            )
        if not subscription.filter:
            return cut(
                _(
                    "{topic} — you follow every new post there.",
                    topic=describe(context, subscription),
                ),
                200,
            )
        query = services.subscribers.parse(subscription.filter)
        words = found_words(query, entry.title, entry.summary, language, entry.language)
        return cut(f"{describe(context, subscription)} — {words}.", 200)
    if subscription.place is None:
        query = services.subscribers.parse(subscription.query)
        words = found_words(query, entry.title, entry.summary, language, entry.language)
        return cut(f"{quote(subscription.query)} — {words}.", 200)
    stored = await deliveries.reasons_of(services.db, subscription.chat_id, entry_id)
    own = [r for r in stored if r.subscription_id == subscription.id]
    why = reasons.describe(own, {subscription.id: subscription}, services.subscribers.gazetteer)
    mentions = "; ".join(why.places) or subscription.query
    return cut(
        _(
            "{topic} — the story mentions {places}.",
            topic=describe(context, subscription),
            places=mentions,
        ),
        200,
    )


async def digest_page(update: Update, context: LivebotContext) -> None:
    """More ▸ under a digest: the next page of the items that message carried."""
    callback = update.callback_query
    if callback is None or callback.message is None:
        return
    page = parse_small(DIGEST_PAGE.rest(callback.data))
    if page is None or page > 999:
        await callback.answer(_("This button no longer works."))
        return
    message = callback.message
    services = context.services
    carried = await deliveries.carried(services.db, message.chat.id, message.message_id)
    found = await entries.get_many(services.db, [entry for entry, _why in carried])
    items = [_Item(entry, why) for entry, why in carried if entry in found]
    if page >= render.pages(len(items)):
        await callback.answer(_("These stories are no longer stored; try /latest."))
        return
    subs = services.subscribers.live_of_chat(
        message.chat.id, {r.subscription_id for item in items for r in item.reasons}
    )
    ordered = schedule.most_important_first(items, subs)
    steering = await chats.steering(services.db, message.chat.id)
    text, keyboard = buttons.digest_message(
        [found[i.entry_id] for i in ordered],
        [i.reasons for i in ordered],
        subs,
        page,
        steering.tz,
        context.services.subscribers.gazetteer,
    )
    await rewrite(context, message, text, keyboard)
    await callback.answer()


class _Item(NamedTuple):
    entry_id: int
    reasons: tuple[Reason, ...]

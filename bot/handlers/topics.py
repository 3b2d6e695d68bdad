"""/subscribe, /unsubscribe (with its inline keyboard) and /list."""

from __future__ import annotations

import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage, Update

from bot.context import LivebotContext
from bot.delivery import buttons, labels
from bot.delivery.callbacks import LIST_PAGE, UNSUBSCRIBE
from bot.delivery.render import esc, fit
from bot.handlers import memo
from bot.handlers.callback_data import parse_id, parse_small
from bot.handlers.common import (
    ADMINS_ONLY,
    ASK_SUBSCRIBE,
    FOREVER,
    argument,
    ask,
    limit_reached,
    managed_note,
    may_change_settings,
    reply,
    rewrite,
    target_chat,
    thread_of,
)
from bot.handlers.places import PlaceInputError, split_radius
from bot.i18n import N_, _, _n, number, quote
from bot.match.query import Query, QueryError, too_common
from bot.models import Subscription
from bot.store import sources
from bot.store.subscriptions import SubscriptionLimitError
from bot.text.cut import cut
from bot.text.terms import fold

SUBSCRIBE_USAGE = N_("""What should I follow? Send a topic, for example:
peace talks — both words, in any order
"peace talks" — the exact phrase
ukraine OR russia sanctions — either of the first two, plus sanctions
election -poll — without polls""")


def quoted(text: str) -> str:
    """A topic for display inside a message: escaped, shortened, in quotes."""
    return quote(esc(cut(text, 120)))


def quoted_plain(text: str) -> str:
    """A topic inside plain text (a button's answer): shortened, in quotes."""
    return quote(cut(text, 60))


def subscribe_offer(text: str) -> InlineKeyboardButton:
    """A button that subscribes the chat to ``text``."""
    label = _("🔔 Subscribe to {topic}", topic=quoted_plain(cut(text, 30)))
    return memo.offer(label, memo.SUBSCRIBE, text)


def latest_offer(text: str) -> InlineKeyboardButton:
    """A button that shows /latest for ``text`` (a hint that taps, unlike a command in text)."""
    label = _("🔎 Latest on {topic}", topic=quoted_plain(cut(text, 30)))
    return memo.offer(label, memo.LATEST, text)


async def too_long(update: Update, context: LivebotContext, text: str) -> bool:
    """Whether ``text`` exceeds the topic length limit; if so, the user is told."""
    limit = context.services.settings.limits.topic_length
    if len(text) <= limit:
        return False
    await reply(
        update,
        _(
            "That topic is {length} characters long; the limit is {limit}. "
            "A few well-chosen words work best.",
            length=number(len(text)),
            limit=number(limit),
        ),
    )
    return True


async def parse_topic(update: Update, context: LivebotContext, text: str) -> Query | None:
    """Parse a topic, replying with the reason when it cannot be used."""
    if await too_long(update, context, text):
        return None
    try:
        return context.services.subscribers.parse(text)
    except QueryError as exc:
        await reply(update, esc(str(exc)))
        return None


async def parse_new_topic(update: Update, context: LivebotContext, text: str) -> Query | None:
    """Parse a topic to subscribe to: as :func:`parse_topic`, and one of only the
    commonest words ("the") is refused, with the reason."""
    query = await parse_topic(update, context, text)
    refused = too_common(query) if query is not None else None
    if refused is not None:
        await reply(update, esc(str(refused)))
        return None
    return query


async def subscribe(update: Update, context: LivebotContext) -> None:
    """/subscribe <topic>; bare, it asks for the topic."""
    text = argument(update)
    if not text:
        if not await may_change_settings(update, context):  # no question it may not answer
            await reply(update, _(ADMINS_ONLY))
            return
        await ask(update, context, ASK_SUBSCRIBE, _(SUBSCRIBE_USAGE))
        return
    await follow_topic(update, context, text)


async def follow_topic(update: Update, context: LivebotContext, text: str) -> None:
    """Follow a topic (in a forum, from the topic the message is in: alerts go there)."""
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    query = await parse_new_topic(update, context, text)
    chat = target_chat(update, context)
    if query is None or chat is None:
        return
    services = context.services
    try:
        added = await services.subscribers.subscribe(chat, query, thread_id=thread_of(update))
    except SubscriptionLimitError:
        await reply(update, limit_reached(context))
        return
    if added is None:  # named as it was first written ("peace talks" for "Talks Peace")
        existing = await services.subscribers.find(chat, query)
        named = existing.query if existing is not None else query.text
        await reply(update, _("This chat already follows {topic}.", topic=quoted(named)))
        return
    await reply(
        update,
        _(
            "✅ Following {topic}{where}. You will get an alert when a new story matches.",
            topic=quoted(query.text),
            where=managed_note(update, context),
        ),
        keyboard=InlineKeyboardMarkup([[latest_offer(query.text)]]),
    )


def describe(context: LivebotContext, subscription: Subscription) -> str:
    """How a subscription reads in lists and answers, in the chat's language now: 'peace
    talks', '📍 Kyiv, Ukraine · within 150 km', '🔗 Live desk · storm'."""
    return labels.label(subscription, context.services.subscribers.gazetteer)


def _keyboard(context: LivebotContext, subscriptions: list[Subscription]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    f"✖ {labels.label(s, context.services.subscribers.gazetteer, short=True)}",
                    callback_data=UNSUBSCRIBE.data(s.id),
                )
            ]
            for s in subscriptions
        ]
    )


async def _matching(context: LivebotContext, chat_id: int, text: str) -> list[Subscription]:
    """The chat's subscriptions that ``text`` names: a topic written any way, a followed
    source by the start of its name, or a place by any of its names (with or without the
    radius)."""
    subscribers = context.services.subscribers
    try:
        topic = await subscribers.find(chat_id, subscribers.parse(text))
    except QueryError:
        topic = None
    if topic is not None:
        return [topic]
    name = fold(text.removeprefix("🔗").strip())
    follows = [
        s
        for s in await subscribers.of_chat(chat_id)
        if s.source_id is not None and name and fold(s.query).startswith(name)
    ]
    if follows:
        return follows
    gazetteer = subscribers.gazetteer
    if gazetteer is None:
        return []
    try:
        name, radius = split_radius(text, float("inf"))
    except PlaceInputError:
        name, radius = text, 0.0
    keys = {place.key for place in gazetteer.lookup(name)}
    return [
        s
        for s in await subscribers.of_chat(chat_id)
        if s.place is not None
        and (s.place in keys or fold(s.query).startswith(fold(name)))
        and (not radius or s.radius_km == radius)
    ]


async def unsubscribe(update: Update, context: LivebotContext) -> None:
    """Stop following a topic, named or picked from a keyboard."""
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    subscribers = context.services.subscribers
    text = argument(update)
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    if not text:
        current = await subscribers.of_chat(chat_id)
        if not current:
            await reply(update, _("This chat follows nothing yet. Try /subscribe peace talks"))
            return
        await reply(
            update, _("Tap one to stop following it:"), keyboard=_keyboard(context, current)
        )
        return
    if await too_long(update, context, text):
        return
    await _stop(update, context, chat_id, text, await _matching(context, chat_id, text))


async def _stop(
    update: Update, context: LivebotContext, chat_id: int, text: str, found: list[Subscription]
) -> None:
    """Stop the one subscription ``text`` named, or offer the candidates to tap."""
    if len(found) > 1:
        await reply(
            update, _("Which one? Tap it to stop following it:"), keyboard=_keyboard(context, found)
        )
        return
    if not found or await context.services.subscribers.unsubscribe(chat_id, found[0].id) is None:
        await reply(
            update,
            _(
                "This chat does not follow {topic}. /list shows what it follows.",
                topic=quoted(text),
            ),
        )
        return
    await reply(update, _("Stopped following {topic}.", topic=quoted(describe(context, found[0]))))


async def unfollow(update: Update, context: LivebotContext) -> None:
    """/unfollow <link or name>: stop following a link; alone, the chat's links to tap."""
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    links = await context.services.subscribers.links_of(chat_id)
    follows = [follow for follow, _ in links]
    text = argument(update)
    if not text:
        if not follows:
            await reply(
                update, _("This chat follows no links yet. Follow one with /follow and its link.")
            )
            return
        await reply(
            update, _("Tap one to stop following it:"), keyboard=_keyboard(context, follows)
        )
        return
    if await too_long(update, context, text):
        return
    key = sources.url_key(text)
    if key is None:
        name = fold(text.removeprefix("🔗").strip())
        found = [s for s in follows if name and fold(s.query).startswith(name)]
    else:
        found = [follow for follow, url in links if url == key]
    await _stop(update, context, chat_id, text, found)


async def unsubscribe_button(update: Update, context: LivebotContext) -> None:
    """A tap on the /unsubscribe keyboard."""
    callback = update.callback_query
    if callback is None:
        return
    message = callback.message
    if message is None or not callback.data:
        await callback.answer(_("This button no longer works here; send /unsubscribe again."))
        return
    if not await may_change_settings(update, context):
        await callback.answer(_(ADMINS_ONLY), show_alert=True)
        return
    subscribers = context.services.subscribers
    sub_id = parse_id(UNSUBSCRIBE.rest(callback.data))
    chat_id = target_chat(update, context) or message.chat.id
    removed = await subscribers.unsubscribe(chat_id, sub_id) if sub_id is not None else None
    remaining = await subscribers.of_chat(chat_id)
    if removed is None:
        text = _("That topic was already removed.")
    else:
        text = _("Stopped following {topic}.", topic=quoted(describe(context, removed)))
    if remaining:
        text += "\n" + _("Tap another topic to stop following it:")
    await rewrite(context, message, text, _keyboard(context, remaining) if remaining else None)
    await callback.answer()


def _state(subscription: Subscription, now: float) -> str:
    """' · 🔕 muted, 3 h 10 min left', ' · hourly digest' and the like ('' when plain)."""
    notes = []
    if subscription.muted:
        until = subscription.muted_until or 0.0
        if until >= FOREVER:
            notes.append(_("🔕 muted until you unmute"))
        else:
            left = int(until - now) // 60
            hours, minutes = divmod(max(1, left), 60)
            if hours:
                notes.append(
                    _("🔕 muted, {hours} h {minutes} min left", hours=hours, minutes=minutes)
                )
            else:
                notes.append(_("🔕 muted, {minutes} min left", minutes=minutes))
    if subscription.mode == "hourly":
        notes.append(_("hourly digest"))
    elif subscription.mode == "daily":
        minute = subscription.digest_at or 0
        notes.append(_("daily digest at {time}", time=f"{minute // 60:02d}:{minute % 60:02d}"))
    return "".join(f" · {note}" for note in notes)


async def listing(
    context: LivebotContext,
    chat_id: int,
    *,
    update: Update | None = None,
    edit: MaybeInaccessibleMessage | None = None,
    page: int = 0,
) -> None:
    """/list: the chat's subscriptions, each with its state and buttons to mute or unmute
    and to unsubscribe, ten to a page; sent as an answer to ``update`` or written over
    ``edit``."""
    current = await context.services.subscribers.of_chat(chat_id)
    keyboard = None
    if not current:
        text = _("This chat follows nothing yet. Try /subscribe peace talks or /place Kyiv")
    else:
        per = buttons.LIST_PER_PAGE
        pages = -(-len(current) // per)
        page = max(0, min(page, pages - 1))
        shown = current[page * per : (page + 1) * per]
        now = time.time()
        heading = _n(
            "This chat follows {n} subscription",
            "This chat follows {n} subscriptions",
            len(current),
        )
        lines = [f"<b>{heading}</b>" + (f" · {page + 1}/{pages}" if pages > 1 else "")]
        lines += [
            f"{n}. {esc(describe(context, s))}{_state(s, now)}"
            for n, s in enumerate(shown, start=page * per + 1)
        ]
        lines.append("\n" + _("🔕 mutes or 🔔 unmutes one, ✖ stops it. Delivery times: /settings"))
        text = fit("\n".join(lines))
        gazetteer = context.services.subscribers.gazetteer
        keyboard = buttons.listing(shown, gazetteer, page=page, pages=pages)
    if edit is not None:
        await rewrite(context, edit, text, keyboard)
    elif update is not None:
        await reply(update, text, keyboard=keyboard)


async def list_page(update: Update, context: LivebotContext) -> None:
    """‹ Prev / Next ▸ under /list: that page, in the same message."""
    callback = update.callback_query
    if callback is None or callback.message is None or not callback.data:
        return
    page = parse_small(LIST_PAGE.rest(callback.data))
    chat_id = target_chat(update, context) or callback.message.chat.id
    await listing(context, chat_id, edit=callback.message, page=page or 0)
    await callback.answer()


async def list_topics(update: Update, context: LivebotContext) -> None:
    """Show the chat's subscriptions, with buttons."""
    chat = target_chat(update, context)
    if chat is not None:
        await listing(context, chat, update=update)

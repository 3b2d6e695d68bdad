"""/subscribe, /unsubscribe (with its inline keyboard) and /list."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import LivebotContext
from bot.delivery.render import esc, fit
from bot.handlers.callback_data import parse_id
from bot.handlers.common import (
    ADMINS_ONLY,
    argument,
    limit_reached,
    may_change_settings,
    reply,
    rewrite,
)
from bot.handlers.places import PlaceInputError, split_radius
from bot.ingest.lead import cut
from bot.match.query import Query, QueryError
from bot.match.text import fold
from bot.models import Subscription
from bot.store.subscriptions import SubscriptionLimitError

UNSUBSCRIBE_PREFIX = "unsub:"

SUBSCRIBE_USAGE = """Tell me what to follow, for example:
/subscribe peace talks
/subscribe "peace talks" — exact phrase
/subscribe ukraine OR russia sanctions
/subscribe election -poll — without polls"""


def quoted(text: str) -> str:
    """A topic for display inside a message: escaped, shortened, in quotes."""
    return f"“{esc(cut(text, 120))}”"


async def too_long(update: Update, context: LivebotContext, text: str) -> bool:
    """Whether ``text`` exceeds the topic length limit; if so, the user is told."""
    limit = context.services.settings.limits.topic_length
    if len(text) <= limit:
        return False
    await reply(
        update,
        f"That topic is {len(text):,} characters long; the limit is {limit}. "
        "A few well-chosen words work best.",
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


async def subscribe(update: Update, context: LivebotContext) -> None:
    """Follow a topic."""
    text = argument(update)
    if not text:
        await reply(update, SUBSCRIBE_USAGE)
        return
    if not await may_change_settings(update, context):
        await reply(update, ADMINS_ONLY)
        return
    query = await parse_topic(update, context, text)
    if query is None or update.effective_chat is None:
        return
    services = context.services
    try:
        added = await services.subscribers.subscribe(update.effective_chat.id, query)
    except SubscriptionLimitError:
        await reply(update, limit_reached(context))
        return
    if added is None:
        await reply(update, f"This chat already follows {quoted(query.text)}.")
        return
    await reply(
        update,
        f"✅ Following {quoted(query.text)}. You will get an alert when a new story matches.\n"
        f"For what is already in: /latest {esc(cut(query.text, 120))}",
    )


def describe(subscription: Subscription) -> str:
    """How a subscription reads in lists: 'peace talks', '📍 Kyiv, Ukraine · within 150 km'."""
    if subscription.place is None:
        return subscription.query
    radius = f" · within {subscription.radius_km:g} km" if subscription.radius_km else ""
    return f"📍 {subscription.query}{radius}"


def _keyboard(subscriptions: list[Subscription]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    f"✖ {cut(describe(s), 60)}", callback_data=f"{UNSUBSCRIBE_PREFIX}{s.id}"
                )
            ]
            for s in subscriptions
        ]
    )


async def _matching(context: LivebotContext, chat_id: int, text: str) -> list[Subscription]:
    """The chat's subscriptions that ``text`` names: a topic written any way, or a place by
    any of its names (with or without the radius)."""
    subscribers = context.services.subscribers
    try:
        topic = await subscribers.find(chat_id, subscribers.parse(text))
    except QueryError:
        topic = None
    if topic is not None:
        return [topic]
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
    chat = update.effective_chat
    if chat is None:
        return
    subscribers = context.services.subscribers
    text = argument(update)
    if not await may_change_settings(update, context):
        await reply(update, ADMINS_ONLY)
        return
    if not text:
        current = await subscribers.of_chat(chat.id)
        if not current:
            await reply(update, "This chat follows nothing yet. Try /subscribe peace talks")
            return
        await reply(update, "Tap one to stop following it:", keyboard=_keyboard(current))
        return
    if await too_long(update, context, text):
        return
    found = await _matching(context, chat.id, text)
    if len(found) > 1:
        await reply(update, "Which one? Tap it to stop following it:", keyboard=_keyboard(found))
        return
    if not found or await subscribers.unsubscribe(chat.id, found[0].id) is None:
        await reply(
            update, f"This chat does not follow {quoted(text)}. /list shows what it follows."
        )
        return
    await reply(update, f"Stopped following {quoted(describe(found[0]))}.")


async def unsubscribe_button(update: Update, context: LivebotContext) -> None:
    """A tap on the /unsubscribe keyboard."""
    callback = update.callback_query
    if callback is None:
        return
    message = callback.message
    if message is None or not callback.data:
        await callback.answer("This button no longer works here; send /unsubscribe again.")
        return
    if not await may_change_settings(update, context):
        await callback.answer(ADMINS_ONLY, show_alert=True)
        return
    subscribers = context.services.subscribers
    sub_id = parse_id(callback.data.removeprefix(UNSUBSCRIBE_PREFIX))
    removed = await subscribers.unsubscribe(message.chat.id, sub_id) if sub_id is not None else None
    remaining = await subscribers.of_chat(message.chat.id)
    if removed is None:
        text = "That topic was already removed."
    else:
        text = f"Stopped following {quoted(describe(removed))}."
    if remaining:
        text += "\nTap another topic to stop following it:"
    await rewrite(context, message, text, _keyboard(remaining) if remaining else None)
    await callback.answer()


async def list_topics(update: Update, context: LivebotContext) -> None:
    """Show the chat's subscriptions."""
    chat = update.effective_chat
    if chat is None:
        return
    current = await context.services.subscribers.of_chat(chat.id)
    if not current:
        await reply(update, "This chat follows nothing yet. Try /subscribe peace talks")
        return
    noun = "subscription" if len(current) == 1 else "subscriptions"
    lines = [f"<b>This chat follows {len(current)} {noun}</b>"]
    lines += [f"{n}. {esc(describe(s))}" for n, s in enumerate(current, start=1)]
    lines.append("\nStop one with /unsubscribe")
    await reply(update, fit("\n".join(lines)))

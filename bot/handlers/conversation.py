"""Conversations instead of command syntax: the answer to a bare command's question, and
plain text that is no answer, which gets buttons to subscribe to it or look it up.

A bare /subscribe, /place or /latest asks what (see :func:`bot.handlers.common.ask`); the
asker's next text message in that chat is the answer. Text sent without a question, in a
private chat, is offered as a topic (and as a place, when it names one).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.context import LivebotContext
from bot.handlers import follow, latest, memo, places, settings, topics
from bot.handlers.common import ASK_LATEST, ASK_PLACE, ASK_SUBSCRIBE, ASKING, reply
from bot.handlers.topics import latest_offer, quoted, subscribe_offer
from bot.i18n import _, current
from bot.text.cut import cut

_MAX_OFFERED = 200


async def plain_text(update: Update, context: LivebotContext) -> None:
    """A text message that is not a command: an answer to our question, or an offer."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or not message.text:
        return
    text = message.text.strip()
    asked = context.chat_data.get(ASKING, {}) if context.chat_data is not None else {}
    what = asked.pop(user.id, None) if user is not None else None
    if what == ASK_SUBSCRIBE:
        await topics.follow_topic(update, context, text)
    elif what == ASK_PLACE:
        await places.follow_named(update, context, text)
    elif what == ASK_LATEST:
        await latest.answer(update, context, text)
    elif what is not None and what.startswith(settings.ASK_DAILY):
        await settings.daily_at(update, context, what, text)
    elif chat.type == ChatType.PRIVATE and not await follow.offer(update, context, text):
        await _offer(update, context, text)


async def location(update: Update, context: LivebotContext) -> None:
    """A location pin: the time zone, if /settings asked for it; else a place to follow."""
    message, user = update.effective_message, update.effective_user
    if message is None or message.location is None:
        return
    asked = context.chat_data.get(ASKING, {}) if context.chat_data is not None else {}
    if user is not None and asked.get(user.id) == settings.ASK_ZONE:
        del asked[user.id]
        pin = message.location
        await settings.zone_from_location(update, context, pin.latitude, pin.longitude)
        return
    await places.location(update, context)


async def _offer(update: Update, context: LivebotContext, text: str) -> None:
    """Buttons to subscribe to the text, look it up, or follow the place it names."""
    if len(text) > _MAX_OFFERED:
        await reply(update, _("I follow news for you. Send /help to see what I can do."))
        return
    rows = [[subscribe_offer(text)], [latest_offer(text)]]
    gazetteer = context.services.subscribers.gazetteer
    if gazetteer is not None and (found := gazetteer.lookup(text)):
        place = cut(found[0].label(gazetteer, current()), 30)
        rows.insert(0, [memo.offer(_("📍 Follow {place}", place=place), memo.PLACE, text)])
    await reply(
        update,
        _("What should I do with {topic}?", topic=quoted(text)),
        keyboard=InlineKeyboardMarkup(rows),
    )


async def offer_button(update: Update, context: LivebotContext) -> None:
    """A tap on an offer: subscribe, look up, follow the place, or follow the link."""
    callback = update.callback_query
    if callback is None or not callback.data:
        return
    action, text = memo.offered(callback.data)
    if text is None:
        await callback.answer(_("This button has expired; send the text again."))
        return
    await callback.answer(_("Checking the link…") if action == memo.FOLLOW else None)
    if action == memo.SUBSCRIBE:
        await topics.follow_topic(update, context, text)
    elif action == memo.LATEST:
        await latest.answer(update, context, text)
    elif action == memo.PLACE:
        await places.follow_named(update, context, text)
    else:
        await follow.follow_url(update, context, text, "")

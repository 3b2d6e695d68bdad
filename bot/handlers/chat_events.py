"""Updates that are not commands: chats appearing, blocking us, migrating; errors."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.context import LivebotContext
from bot.handlers.common import ASKING, MANAGING, chat_kind, reply
from bot.i18n import _, activate
from bot.store import chats

log = logging.getLogger(__name__)

_GONE = (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)


async def track_chat(update: Update, context: LivebotContext) -> None:
    """Every message or button tap proves the chat is reachable; remember it (a new chat
    with the language its first user's Telegram app is set to). Whatever the update, the
    answers to it are written in the chat's language."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        return
    stored = await chats.language(context.services.db, chat.id)
    activate(stored or (user.language_code if user is not None else None))
    if not (update.message or update.callback_query or update.channel_post):
        return
    data = context.chat_data
    if chat.type == ChatType.PRIVATE and data is not None and MANAGING not in data:
        # Once per chat and process: the channel it manages, from the database.
        data[MANAGING] = await chats.managing(context.services.db, chat.id)
    message = update.message
    if message and (message.text or "").startswith("/") and user and context.chat_data:
        context.chat_data.get(ASKING, {}).pop(user.id, None)  # a new command drops a question
    await context.services.subscribers.chat_seen(
        chat.id,
        chat_kind(update),
        chat.title or chat.username,
        language=user.language_code if user is not None else None,
    )


async def membership_changed(update: Update, context: LivebotContext) -> None:
    """The bot was blocked, kicked or removed (stop sending), or let back in (resume)."""
    change = update.my_chat_member
    if change is None:
        return
    subscribers = context.services.subscribers
    status = change.new_chat_member.status
    if status in _GONE:
        await subscribers.chat_gone(change.chat.id, f"bot status is now {status}")
    else:
        await subscribers.chat_seen(
            change.chat.id,
            chat_kind(update),
            change.chat.title,
            language=change.from_user.language_code,
        )


async def migrated(update: Update, context: LivebotContext) -> None:
    """A group became a supergroup: move its subscriptions to the new chat id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    await context.services.subscribers.chat_moved(message.chat.id, message.migrate_to_chat_id)


async def stale_button(update: Update, _context: LivebotContext) -> None:
    """A tap whose data no handler knows (an old keyboard, or forged): answer it, so the
    client stops waiting, and say what to do."""
    if update.callback_query is not None:
        await update.callback_query.answer(
            _("This button no longer works; send the command again.")
        )


async def edited(update: Update, context: LivebotContext) -> None:
    """An edited command: say that edits do not run commands, and what to do instead."""
    await reply(
        update,
        _(
            "✏️ Editing a command does not run it again. Send the corrected command as a new "
            "message (and /unsubscribe the old topic if the first one followed it)."
        ),
    )


async def on_error(update: object, context: LivebotContext) -> None:
    """Log any unexpected error with its update, and tell the user politely."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    try:
        await reply(
            update, _("Sorry, something went wrong on my side. Please try again in a minute.")
        )
    except TelegramError:
        log.warning("could not tell the user about the error")

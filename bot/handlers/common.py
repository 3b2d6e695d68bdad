"""Helpers every command handler uses: the argument text, replies, and permission checks."""

from __future__ import annotations

import re

from telegram import (
    ForceReply,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, TelegramError

from bot.context import LivebotContext
from bot.delivery.render import esc
from bot.i18n import N_, _, _n
from bot.models import ChatKind

ADMINS_ONLY = N_("Only this group's admins can change what it follows.")
OPERATORS_ONLY = N_("This command is for the bot's operators.")


def limit_reached(context: LivebotContext) -> str:
    """The answer when a chat already has as many subscriptions as allowed."""
    limit = context.services.settings.limits.subscriptions_per_chat
    return _n(
        "This chat already follows {n} topic or place, the most allowed. "
        "Remove it with /unsubscribe, then try again.",
        "This chat already follows {n} topics and places, the most allowed. "
        "Remove one with /unsubscribe, then try again.",
        limit,
    )


_COMMAND_WORD = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@\w+)?[,;:]?\s*")


def argument(update: Update) -> str:
    """The text after the command word, with quotes and spacing kept (``/cmd@bot a "b c"``,
    ``/subscribe, peace``), from a message or a photo's caption."""
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    match = _COMMAND_WORD.match(text)
    return text[match.end() :].strip() if match else ""


def chat_kind(update: Update) -> ChatKind:
    """The chat's kind; Telegram's own minimal test updates omit it, so default to private."""
    chat = update.effective_chat
    try:
        return ChatKind(chat.type) if chat and chat.type else ChatKind.PRIVATE
    except ValueError:
        return ChatKind.GROUP


ASK_SUBSCRIBE, ASK_PLACE, ASK_LATEST = "subscribe", "place", "latest"
"""What a bare command asks for; the next message from the same person answers it."""
ASKING = "asking"
"""Key in ``chat_data``: {user id: what was asked}."""


def thread_of(update: Update) -> int | None:
    """The forum topic a message was sent in (None outside forum topics)."""
    message = update.effective_message
    if message is None or not message.is_topic_message:
        return None
    return message.message_thread_id


async def ask(
    update: Update,
    context: LivebotContext,
    what: str,
    prompt: str,
    keyboard: ReplyKeyboardMarkup | None = None,
) -> None:
    """Ask a question the person answers with their next message (a ForceReply, so the
    client opens the reply field, unless ``keyboard`` offers buttons to answer with), and
    remember what was asked."""
    user = update.effective_user
    if context.chat_data is not None and user is not None:
        context.chat_data.setdefault(ASKING, {})[user.id] = what
    await reply(update, prompt, keyboard=keyboard or ForceReply(selective=True))


async def reply(
    update: Update,
    text: str,
    *,
    keyboard: InlineKeyboardMarkup | ForceReply | ReplyKeyboardMarkup | None = None,
) -> None:
    """Answer in the same chat (and forum topic) in HTML; ``text`` must already be escaped."""
    message = update.effective_message
    if message is None:
        return
    await message.reply_text(
        text,
        reply_markup=keyboard,
        do_quote=False,
    )


async def rewrite(
    context: LivebotContext,
    message: MaybeInaccessibleMessage,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """Rewrite one of our messages after a tap on it (``text`` already escaped). A second
    tap on the same button asks for the same text, which Telegram refuses as "message is
    not modified": that is not an error."""
    try:
        await context.bot.edit_message_text(
            text,
            chat_id=message.chat.id,
            message_id=message.message_id,
            reply_markup=keyboard,
        )
    except BadRequest as exc:
        if not _unchanged(exc):
            raise


async def rekey(
    context: LivebotContext,
    message: MaybeInaccessibleMessage,
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    """Replace the buttons of one of our messages (a second identical tap is not an error)."""
    try:
        await context.bot.edit_message_reply_markup(
            chat_id=message.chat.id, message_id=message.message_id, reply_markup=keyboard
        )
    except BadRequest as exc:
        if not _unchanged(exc):
            raise


def _unchanged(exc: BadRequest) -> bool:
    """Telegram refused an edit because it would change nothing."""
    return "not modified" in exc.message.lower()


MANAGING = "managing"
"""Key in a private chat's ``chat_data``: the channel its owner manages from there."""
FOREVER = 2.0**53
"""``muted_until`` of a subscription muted "until I unmute"."""


def managed_chat(update: Update, context: LivebotContext) -> int | None:
    """The channel this private chat manages (/manage @channel), if any."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE or context.chat_data is None:
        return None
    managed = context.chat_data.get(MANAGING)
    return managed[0] if managed else None


def target_chat(update: Update, context: LivebotContext) -> int | None:
    """The chat a command changes: this one, or the channel it manages."""
    chat = update.effective_chat
    return managed_chat(update, context) or (chat.id if chat is not None else None)


def managed_note(update: Update, context: LivebotContext) -> str:
    """' in @channel' when the change was made for a managed channel (escaped)."""
    if context.chat_data is None or managed_chat(update, context) is None:
        return ""
    return _(" in {channel}", channel=esc(context.chat_data[MANAGING][1]))


async def is_admin(context: LivebotContext, chat_id: int, user_id: int) -> bool:
    """Whether the user administers the chat (Telegram says so now)."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def may_change_settings(update: Update, context: LivebotContext) -> bool:
    """Anyone changes their own private chat; a group's or channel's subscriptions (and
    the buttons on its alerts) are changed only by its administrators, asked each time."""
    chat = update.effective_chat
    if chat is None:
        return False
    managed = managed_chat(update, context)
    if chat.type == ChatType.PRIVATE and managed is None:
        return True
    message = update.effective_message
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous admin posting as the group
    user = update.effective_user
    if user is None:
        return False
    return await is_admin(context, managed or chat.id, user.id)


def is_operator(update: Update, context: LivebotContext) -> bool:
    """Whether the sender is one of the configured admins."""
    user = update.effective_user
    return user is not None and user.id in context.services.settings.telegram.admins

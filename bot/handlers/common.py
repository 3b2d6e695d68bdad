"""Helpers every command handler uses: the argument text, replies, and permission checks."""

from __future__ import annotations

import re

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, MaybeInaccessibleMessage, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.context import LivebotContext
from bot.models import ChatKind

ADMINS_ONLY = "Only this group's admins can change what it follows."


def limit_reached(context: LivebotContext) -> str:
    """The answer when a chat already has as many subscriptions as allowed."""
    limit = context.services.settings.limits.subscriptions_per_chat
    return (
        f"This chat already follows {limit} topics and places, the most allowed. "
        "Remove one with /unsubscribe, then try again."
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


async def reply(update: Update, text: str, *, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the same chat (and forum topic) in HTML; ``text`` must already be escaped."""
    message = update.effective_message
    if message is None:
        return
    await message.reply_text(
        text,
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
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
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def may_change_settings(update: Update, context: LivebotContext) -> bool:
    """In groups only administrators change what the chat follows; anyone may in private."""
    chat = update.effective_chat
    if chat is None or chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous admin posting as the group
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def is_operator(update: Update, context: LivebotContext) -> bool:
    """Whether the sender is one of the configured admins."""
    user = update.effective_user
    return user is not None and user.id in context.services.settings.telegram.admins

"""Helpers every command handler uses: the argument text, replies, and permission checks."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError

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


def argument(update: Update) -> str:
    """The text after the command word, with quotes and spacing kept (``/cmd@bot a "b c"``)."""
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


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

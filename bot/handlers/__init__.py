"""Chat handlers. ``register`` wires them in order; the order matters (first match wins)."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import LivebotContext
from bot.delivery import callbacks
from bot.handlers import (
    alert_buttons,
    chat_events,
    conversation,
    follow,
    groups,
    latest,
    memo,
    operators,
    opml_files,
    places,
    settings,
    status,
    topics,
    welcome,
)
from bot.handlers.common import reply
from bot.i18n import _

Callback = Callable[[Update, LivebotContext], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Command:
    """A chat command: its name and handler (the menu and its descriptions: ``menu.MENU``)."""

    name: str
    callback: Callback


COMMANDS = (
    Command("start", welcome.start),
    Command("help", welcome.help_command),
    Command("subscribe", topics.subscribe),
    Command("place", places.place),
    Command("unsubscribe", topics.unsubscribe),
    Command("list", topics.list_topics),
    Command("latest", latest.latest),
    Command("follow", follow.follow),
    Command("unfollow", topics.unfollow),
    Command("export", opml_files.export),
    Command("settings", settings.settings),
    Command("language", settings.language),
    Command("manage", groups.manage),
    Command("sources", status.sources_command),
    Command("stats", status.stats),
    Command("addsource", operators.addsource),
    Command("removesource", operators.removesource),
    Command("pausesource", operators.pausesource),
    Command("resumesource", operators.resumesource),
)
_BY_NAME = {command.name: command for command in COMMANDS}
# As Telegram reads a command: "/" and letters, digits or "_", then "@bot" or any other
# character ("/subscribe, peace" is /subscribe with "peace").
_COMMAND_RE = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@(\w+))?(?![A-Za-z0-9_@])")


async def _route_plain_command(update: Update, context: LivebotContext) -> None:
    """Commands without a bot_command entity (some clients and Telegram's own test updates
    send none) and commands in a photo's caption go to the same callbacks; unknown commands
    get a hint in private chats."""
    message = update.effective_message
    match = _COMMAND_RE.match(message.text or message.caption or "") if message else None
    if match is None:
        return
    name, addressee = match.group(1).lower(), match.group(2)
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return
    command = _BY_NAME.get(name)
    if command is not None:
        await command.callback(update, context)
    elif update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        await reply(
            update, _("I don’t know /{command}. Send /help to see what I can do.", command=name)
        )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler to the application, in order."""
    # An edit never runs a command again (it would subscribe the corrected topic on top of
    # the mistyped one); commands act on new messages only, and an edited command gets a hint.
    new = filters.UpdateType.MESSAGE
    commandlike = filters.Regex(_COMMAND_RE) | filters.CaptionRegex(_COMMAND_RE)
    app.add_handler(TypeHandler(Update, chat_events.track_chat), group=-1)
    app.add_handler(ChatMemberHandler(chat_events.membership_changed))
    app.add_handler(ChatMemberHandler(groups.greet_if_added), group=1)
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, chat_events.migrated))
    for command in COMMANDS:
        app.add_handler(CommandHandler(command.name, command.callback, filters=new))
    app.add_handler(
        CallbackQueryHandler(topics.unsubscribe_button, pattern=callbacks.UNSUBSCRIBE.pattern)
    )
    app.add_handler(CallbackQueryHandler(places.button, pattern=places.CALLBACK_PATTERN))
    app.add_handler(CallbackQueryHandler(alert_buttons.tapped, pattern=alert_buttons.PATTERN))
    app.add_handler(
        CallbackQueryHandler(alert_buttons.digest_page, pattern=callbacks.DIGEST_PAGE.pattern)
    )
    app.add_handler(CallbackQueryHandler(latest.page_button, pattern=callbacks.LATEST_PAGE.pattern))
    app.add_handler(CallbackQueryHandler(topics.list_page, pattern=callbacks.LIST_PAGE.pattern))
    app.add_handler(CallbackQueryHandler(conversation.offer_button, pattern=memo.PATTERN))
    app.add_handler(CallbackQueryHandler(settings.button, pattern=settings.PATTERN))
    app.add_handler(
        CallbackQueryHandler(status.sources_page, pattern=callbacks.SOURCES_PAGE.pattern)
    )
    app.add_handler(CallbackQueryHandler(chat_events.stale_button))
    app.add_handler(
        MessageHandler(filters.LOCATION & filters.UpdateType.MESSAGE, conversation.location)
    )
    app.add_handler(MessageHandler(new & commandlike, _route_plain_command))
    app.add_handler(MessageHandler(new & filters.Document.ALL, opml_files.document))
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & commandlike, chat_events.edited)
    )
    app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, conversation.plain_text))
    app.add_error_handler(chat_events.on_error)

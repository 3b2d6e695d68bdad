"""The command menu Telegram shows, in each interface language (setMyCommands with a
``language_code`` for every language, and per chat after /language changes its language)."""

from __future__ import annotations

from typing import Any

from telegram import BotCommand, BotCommandScopeChat
from telegram.ext import ExtBot

from bot.i18n import DEFAULT, LANGUAGES, N_, _, using

MENU = (
    ("help", N_("How to use the bot, with examples")),
    ("subscribe", N_("Follow a topic: /subscribe peace talks")),
    ("place", N_("Follow a place: /place Kyiv 150")),
    ("unsubscribe", N_("Stop following a topic or place")),
    ("list", N_("What this chat follows")),
    ("latest", N_("Newest stories on a topic: /latest peace talks")),
    ("follow", N_("Follow a feed or live blog by its link")),
    ("export", N_("The links this chat follows, as an OPML file")),
    ("settings", N_("Time zone, quiet hours, digests")),
    ("language", N_("The language I write in")),
    ("manage", N_("Manage a channel's alerts from here: /manage @channel")),
    ("sources", N_("Where the news comes from, and its health")),
)
"""The commands in the menu, in its order, each with its description (English msgid)."""


def menu(language: str) -> list[BotCommand]:
    """The menu in one language."""
    with using(language):
        return [BotCommand(name, _(description)) for name, description in MENU]


async def publish(bot: ExtBot[Any]) -> None:
    """The menu for everyone: English by default, and each translation for the people whose
    Telegram app uses that language."""
    for language in LANGUAGES:
        code = None if language == DEFAULT else language
        await bot.set_my_commands(menu(language), language_code=code)


async def publish_for_chat(bot: ExtBot[Any], chat_id: int, language: str) -> None:
    """The menu in one chat, in the language chosen for it with /language."""
    await bot.set_my_commands(menu(language), scope=BotCommandScopeChat(chat_id))

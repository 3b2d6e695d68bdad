"""/start and /help: what the bot does, with an example of every command."""

from __future__ import annotations

from telegram import Update

from bot.context import LivebotContext
from bot.handlers.common import reply

HELP = """<b>Livebot</b> sends you a short alert with a link as soon as a story you follow moves.

<b>Follow a topic</b>
/subscribe peace talks — both words, in any order
/subscribe "peace talks" — the exact phrase
/subscribe ukraine OR russia sanctions — either of the first two, plus sanctions
/subscribe election -poll — leave out stories that mention polls

<b>Follow a place</b>
/place Kyiv — stories that mention Kyiv
/place Kyiv 150 — anything within 150 km of Kyiv
/place Ukraine — anything in Ukraine (a city, region or country; Kiev and Київ work too)
Share a location pin — anything around it

<b>Manage</b>
/list — what this chat follows
/unsubscribe peace talks — stop one topic or place (or just /unsubscribe to pick from a list)

<b>Look things up</b>
/latest peace talks — the newest matching stories right now
/sources — where the news comes from, and whether each source is healthy

Matching ignores case, accents and word endings: “negotiation” also finds “negotiations”, \
but “talks” never matches “stalks”.
You get one alert per story, however many of your topics it matches.
In groups, only admins can change subscriptions."""


async def start(update: Update, context: LivebotContext) -> None:
    """Greet a new user (or a returning one) with the help text."""
    await reply(update, HELP)


async def help_command(update: Update, context: LivebotContext) -> None:
    """Show the help text."""
    await reply(update, HELP)

"""/latest: the newest stored stories on a topic, on demand."""

from __future__ import annotations

from telegram import Update

from bot.context import LivebotContext
from bot.delivery import render
from bot.handlers.common import argument, reply
from bot.handlers.topics import parse_topic, quoted
from bot.store import entries

USAGE = "Which topic? For example: /latest peace talks"


async def latest(update: Update, context: LivebotContext) -> None:
    """Search stored entries (FTS5, then the matcher) and list the newest first."""
    text = argument(update)
    if not text:
        await reply(update, USAGE)
        return
    query = await parse_topic(update, context, text)
    if query is None:
        return
    limit = context.services.settings.limits.latest_results
    found = await entries.search(context.services.db, query, limit=limit)
    if not found:
        await reply(
            update,
            f"Nothing stored matches {quoted(query.text)} yet. "
            f"/subscribe {render.esc(query.text)} to get an alert when something does.",
        )
        return
    await reply(update, render.latest(query.text, found))

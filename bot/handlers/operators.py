"""Operators manage the shared sources from the chat: /addsource, /removesource,
/pausesource and /resumesource (the configured admins only).

What they do is stored in the database, so it holds across restarts: the TOML list is the
seed, a source added here is polled like a configured one, a paused one keeps its entries
and is not polled, and a removed one stays removed even if the config still lists it (a
source chats follow by its link stays polled for them, as theirs).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from telegram import Update

from bot.config import SourceSettings, parse_duration
from bot.context import LivebotContext
from bot.delivery.render import ago, esc
from bot.handlers.common import OPERATORS_ONLY, argument, is_operator, reply
from bot.handlers.follow import describe_probe
from bot.ingest.documents import ParseError
from bot.ingest.fetcher import FetchError
from bot.ingest.lead import cut
from bot.models import SourceState
from bot.services import operator_source
from bot.store import sources

ADD_USAGE = """Add a source everyone's topics and places match:
/addsource https://example.org/feed.xml — its own title as the name
/addsource https://example.org/live Kyiv live — named "Kyiv live"
/addsource https://example.org/feed.xml every 2m — polled every 2 minutes (default 5)"""
_EVERY = re.compile(r"(?:^|\s)every\s+(\S+)\s*$", re.IGNORECASE)


async def addsource(update: Update, context: LivebotContext) -> None:
    """/addsource <url> [name] [every <interval>]."""
    if not is_operator(update, context):
        await reply(update, OPERATORS_ONLY)
        return
    text = argument(update)
    url, _, rest = text.partition(" ")
    interval = SourceSettings.model_fields["interval"].default
    every = _EVERY.search(rest)
    if every is not None:
        try:
            interval = parse_duration(every.group(1))
        except ValueError:
            await reply(update, f"“{esc(cut(every.group(1), 20))}” is not an interval: try 5m.")
            return
        if interval < 1:
            await reply(update, "Poll a source at most once a second.")
            return
        rest = rest[: every.start()]
    key = sources.url_key(url) if url else None
    if key is None:
        await reply(update, ADD_USAGE)
        return
    services = context.services
    try:
        found = await services.refresher.probe(key)
    except (FetchError, ParseError) as exc:
        await reply(update, f"I could not add that source: {esc(cut(str(exc), 200))}")
        return
    name = cut(" ".join(rest.split()) or found.title or urlsplit(key).hostname or key, 100)
    source_id, before = await sources.add_operator(services.db, key, name, interval)
    if before in ("config", "operator"):
        await reply(update, f"That link is already a source (#{source_id}). See /sources.")
        return
    state = await sources.get(services.db, source_id)
    assert state is not None
    services.scheduler.add(source_id, operator_source(state, services.settings))
    was = " (chats followed it by its link: now it is everyone's)" if before == "user" else ""
    await reply(
        update,
        f"➕ Added #{source_id}{was}: {describe_probe(found, name)} Polled every "
        f"{interval:g} s; everyone's topics and places match it from its next poll.",
    )


async def removesource(update: Update, context: LivebotContext) -> None:
    """/removesource <#number, name or URL>."""
    state = await _chosen(update, context, "removesource")
    if state is None:
        return
    services = context.services
    followers = await sources.remove(services.db, state.id)
    if followers is None:
        await reply(update, f"“{esc(state.name)}” is not one of the shared sources.")
        return
    if not followers:
        services.scheduler.remove(state.id)
    kept = (
        f" {followers} chat(s) follow it by its link: it stays polled for them only."
        if followers
        else ""
    )
    seed = (
        " The config file still lists it; /addsource brings it back."
        if state.origin == ("config")
        else ""
    )
    await reply(
        update,
        f"➖ Removed #{state.id} “{esc(state.name)}”. Its stored stories stay until they "
        f"are pruned.{kept}{seed}",
    )


async def pausesource(update: Update, context: LivebotContext) -> None:
    """/pausesource <#number, name or URL>: kept, not polled, until /resumesource."""
    await _pause(update, context, paused=True)


async def resumesource(update: Update, context: LivebotContext) -> None:
    """/resumesource <#number, name or URL>: polled again, at once."""
    await _pause(update, context, paused=False)


async def _pause(update: Update, context: LivebotContext, *, paused: bool) -> None:
    command = "pausesource" if paused else "resumesource"
    state = await _chosen(update, context, command)
    if state is None:
        return
    services = context.services
    if not await sources.set_paused(services.db, state.id, paused):
        now = "paused" if paused else "not paused"
        await reply(update, f"“{esc(state.name)}” is already {now}.")
        return
    if paused:
        await reply(
            update,
            f"⏸ Paused #{state.id} “{esc(state.name)}”: not polled until /resumesource "
            f"{state.id}. Last success: {ago(state.last_success_at)}.",
        )
        return
    services.scheduler.add(state.id, services.polled_as(state))
    await reply(update, f"▶️ Resumed #{state.id} “{esc(state.name)}”: checking it now.")


async def _chosen(update: Update, context: LivebotContext, command: str) -> SourceState | None:
    """The one source the operator named, or None after saying why not."""
    if not is_operator(update, context):
        await reply(update, OPERATORS_ONLY)
        return None
    text = argument(update)
    if not text:
        await reply(update, f"Which source? /{command} 7, a name or a link (numbers: /sources).")
        return None
    found = await sources.find(context.services.db, text[: sources.MAX_URL])
    if not found:
        await reply(update, f"No source is called “{esc(cut(text, 60))}”. See /sources.")
        return None
    if len(found) > 1:
        names = "\n".join(f"#{s.id} {esc(s.name)}" for s in found)
        await reply(update, f"Several sources match; send /{command} with the number:\n{names}")
        return None
    return found[0]

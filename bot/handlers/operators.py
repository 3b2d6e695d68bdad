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
from bot.i18n import N_, _, _n
from bot.ingest.documents import ParseError
from bot.ingest.fetcher import FetchError
from bot.ingest.polled import operator_source
from bot.models import SourceState
from bot.store import sources
from bot.text.cut import cut

ADD_USAGE = N_("""Add a source everyone's topics and places match:
/addsource https://example.org/feed.xml — its own title as the name
/addsource https://example.org/live Kyiv live — named "Kyiv live"
/addsource https://example.org/feed.xml every 2m — polled every 2 minutes (default 5)""")
_EVERY = re.compile(r"(?:^|\s)every\s+(\S+)\s*$", re.IGNORECASE)


async def addsource(update: Update, context: LivebotContext) -> None:
    """/addsource <url> [name] [every <interval>]."""
    if not is_operator(update, context):
        await reply(update, _(OPERATORS_ONLY))
        return
    text = argument(update)
    url, _sep, rest = text.partition(" ")
    interval = SourceSettings.model_fields["interval"].default
    every = _EVERY.search(rest)
    if every is not None:
        try:
            interval = parse_duration(every.group(1))
        except ValueError:
            await reply(
                update, _("“{text}” is not an interval: try 5m.", text=esc(cut(every.group(1), 20)))
            )
            return
        if interval < 1:
            await reply(update, _("Poll a source at most once a second."))
            return
        rest = rest[: every.start()]
    key = sources.url_key(url) if url else None
    if key is None:
        await reply(update, _(ADD_USAGE))
        return
    services = context.services
    try:
        found = await services.refresher.probe(key, person=False)
    except (FetchError, ParseError) as exc:
        await reply(
            update, _("I could not add that source: {reason}", reason=esc(cut(str(exc), 200)))
        )
        return
    name = cut(" ".join(rest.split()) or found.title or urlsplit(key).hostname or key, 100)
    source_id, before = await sources.add_operator(services.db, key, name, interval)
    if before in ("config", "operator"):
        await reply(update, _("That link is already a source (#{id}). See /sources.", id=source_id))
        return
    state = await sources.get(services.db, source_id)
    assert state is not None
    services.scheduler.add(source_id, operator_source(state, services.settings))
    was = _(" (chats followed it by its link: now it is everyone's)") if before == "user" else ""
    await reply(
        update,
        _(
            "➕ Added #{id}{was}: {what} Polled every {seconds} s; everyone's topics and "
            "places match it from its next poll.",
            id=source_id,
            was=was,
            what=describe_probe(found, name),
            seconds=f"{interval:g}",
        ),
    )


async def removesource(update: Update, context: LivebotContext) -> None:
    """/removesource <#number, name or URL>."""
    state = await _chosen(update, context, "removesource")
    if state is None:
        return
    services = context.services
    followers = await sources.remove(services.db, state.id)
    if followers is None:
        await reply(update, _("“{name}” is not one of the shared sources.", name=esc(state.name)))
        return
    if not followers:
        services.scheduler.remove(state.id)
    lines = [
        _(
            "➖ Removed #{id} “{name}”. Its stored stories stay until they are pruned.",
            id=state.id,
            name=esc(state.name),
        )
    ]
    if followers:
        lines.append(
            _n(
                "{n} chat follows it by its link: it stays polled for it only.",
                "{n} chats follow it by its link: it stays polled for them only.",
                followers,
            )
        )
    if state.origin == "config":
        lines.append(_("The config file still lists it; /addsource brings it back."))
    await reply(update, " ".join(lines))


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
        if paused:
            await reply(update, _("“{name}” is already paused.", name=esc(state.name)))
        else:
            await reply(update, _("“{name}” is not paused.", name=esc(state.name)))
        return
    if paused:
        await reply(
            update,
            _(
                "⏸ Paused #{id} “{name}”: not polled until /resumesource {id}. "
                "Last success: {ago}.",
                id=state.id,
                name=esc(state.name),
                ago=ago(state.last_success_at),
            ),
        )
        return
    services.scheduler.add(state.id, services.polled_as(state))
    await reply(
        update, _("▶️ Resumed #{id} “{name}”: checking it now.", id=state.id, name=esc(state.name))
    )


async def _chosen(update: Update, context: LivebotContext, command: str) -> SourceState | None:
    """The one source the operator named, or None after saying why not."""
    if not is_operator(update, context):
        await reply(update, _(OPERATORS_ONLY))
        return None
    text = argument(update)
    if not text:
        await reply(
            update,
            _("Which source? /{command} 7, a name or a link (numbers: /sources).", command=command),
        )
        return None
    found = await sources.find(context.services.db, text[: sources.MAX_URL])
    if not found:
        await reply(
            update, _("No source is called “{name}”. See /sources.", name=esc(cut(text, 60)))
        )
        return None
    if len(found) > 1:
        names = "\n".join(f"#{s.id} {esc(s.name)}" for s in found)
        await reply(
            update,
            _("Several sources match; send /{command} with the number:", command=command)
            + "\n"
            + names,
        )
        return None
    return found[0]

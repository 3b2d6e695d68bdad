"""/follow <url> [topic]: follow a feed, live blog or page people bring, every new item or
only those matching a topic; a link pasted in a private chat gets a Follow button.

The URL is fetched once, with every guard of the fetcher (no private addresses, through
redirects too; size and time caps), and the answer says what was found before anything is
stored (the Follow button is read by :func:`bot.handlers.conversation.offer_button`).
Sources are shared by URL: many chats following one URL cost one poll, every
``user_sources.interval``. Unfollow with /unsubscribe or the ✖ in /list; a source nobody
follows any more is no longer polled.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from telegram import InlineKeyboardMarkup, Update

from bot.context import LivebotContext
from bot.delivery.render import ago, esc
from bot.geo.gazetteer import Place, PlaceKind
from bot.handlers import memo
from bot.handlers.common import (
    ADMINS_ONLY,
    argument,
    limit_reached,
    may_change_settings,
    reply,
    target_chat,
    thread_of,
)
from bot.handlers.places import MAX_NAME, PlaceInputError, followed, split_radius
from bot.handlers.topics import parse_topic, quoted
from bot.ingest.documents import ParseError
from bot.ingest.fetcher import FetchError
from bot.ingest.lead import cut
from bot.ingest.refresh import Probe
from bot.services import user_source
from bot.store import sources
from bot.store.subscriptions import SubscriptionLimitError

USAGE = """Send a link to follow, for example:
/follow https://example.org/live-blog — every new post, as its own alert
/follow https://example.org/feed.xml peace talks — only posts about peace talks
/follow https://example.org/feed.xml 📍 Kharkiv 50 — only posts within 50 km of Kharkiv"""
_NEAR = ("📍", "near ", "place:")
MAX_URL = 2000
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_KINDS = {"feed": "Feed", "liveblog": "Live blog", "article": "Page"}


def normalise(url: str) -> str | None:
    """The URL as sources are keyed (scheme and host lower-cased, no fragment), or None if
    it is not an http(s) URL with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def link_in(text: str) -> str | None:
    """The first http(s) link in a message, if any."""
    match = _URL.search(text)
    return match.group(0).rstrip(").,;!?»”'\"") if match else None


async def follow(update: Update, context: LivebotContext) -> None:
    """/follow <url> [topic]."""
    text = argument(update)
    url, _, topic = text.partition(" ")
    if not url:
        await reply(update, USAGE)
        return
    await follow_url(update, context, url, topic.strip())


async def follow_url(update: Update, context: LivebotContext, url: str, topic: str) -> None:
    """Check the URL, then follow it (filtered by ``topic`` when given)."""
    services = context.services
    limits = services.settings.user_sources
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    if not limits.enabled:
        await reply(update, "Following your own links is switched off on this bot.")
        return
    if not await may_change_settings(update, context):
        await reply(update, ADMINS_ONLY)
        return
    key = normalise(url) if len(url) <= MAX_URL else None
    if key is None:
        await reply(update, "That is not a web link I can follow: send one starting https://")
        return
    host = urlsplit(key).hostname or ""
    if not limits.allows(host):
        await reply(
            update, f"This bot follows links from its own list of sites only, not {esc(host)}."
        )
        return
    near = _near(topic)
    place: Place | None = None
    radius = 0.0
    query = None
    if near is not None:
        found_place = await _place_filter(update, context, near)
        if found_place is None:
            return
        place, radius = found_place
    elif topic:
        query = await parse_topic(update, context, topic)
        if query is None:
            return
    current = await services.subscribers.of_chat(chat_id)
    if sum(s.source_id is not None for s in current) >= limits.max_per_chat:
        await reply(
            update,
            f"This chat already follows {limits.max_per_chat} links, the most allowed. "
            "Remove one with /unsubscribe.",
        )
        return
    if await sources.user_count(services.db) >= limits.max_total and not await sources.known(
        services.db, key
    ):
        await reply(
            update, "This bot follows as many links as it can for now. Please try again later."
        )
        return
    try:
        found = await services.refresher.probe(key)
    except (FetchError, ParseError) as exc:
        await reply(update, f"I could not follow that link: {esc(cut(str(exc), 200))}")
        return
    if not found.count:
        await reply(
            update, "I found no posts or articles at that link, so there is nothing to follow."
        )
        return
    name = cut(found.title or host, 80)
    source_id, operators = await sources.add_user(services.db, key, name)
    if not operators:
        services.scheduler.add(source_id, user_source(name, key, services.settings))
    where = place_label = ""
    if place is not None:
        gazetteer = services.subscribers.gazetteer
        assert gazetteer is not None
        place_label = place.label(gazetteer)
        where = f"📍 {place_label}" + (f" · within {radius:g} km" if radius else "")
    try:
        added = await services.subscribers.follow_source(
            chat_id,
            source_id=source_id,
            label=f"{name} · {where}" if where else name,
            topic=query,
            thread_id=thread_of(update),
            place=place.key if place is not None else None,
            radius_km=radius,
        )
    except SubscriptionLimitError:
        await reply(update, limit_reached(context))
        return
    what = describe_probe(found, name)
    if added is None:
        await reply(update, f"{what}\nThis chat already follows it.")
        return
    which = f"each new post about {quoted(query.text)}" if query else "each new post"
    if place is not None:
        which = f"each new post that mentions {followed(place_label, radius)}"
        if not radius:
            which += " or a place in it" if place.kind is not PlaceKind.CITY else ""
    await reply(
        update, f"🔗 {what}\nYou will get {which} as its own alert. Stop with /unsubscribe."
    )


def describe_probe(found: Probe, name: str) -> str:
    """What a link turned out to be: 'Live blog “Name” with 42 posts, newest 3 min ago.'"""
    kind = _KINDS.get(found.kind, "Page")
    newest = f", newest {ago(found.newest)}" if found.newest else ""
    noun = "post" if found.count == 1 else "posts"
    return f"{kind} “{esc(name)}” with {found.count} {noun}{newest}."


def _near(text: str) -> str | None:
    """The place of a place filter ('📍 Kharkiv 50', 'near Kharkiv 50'), or None."""
    for mark in _NEAR:
        if text[: len(mark)].lower() == mark:
            return text[len(mark) :].strip()
    return None


async def _place_filter(
    update: Update, context: LivebotContext, text: str
) -> tuple[Place, float] | None:
    """The place (the most populous of that name) and radius of a place filter, or None
    after telling the person why it cannot be used."""
    gazetteer = context.services.subscribers.gazetteer
    if gazetteer is None:
        await reply(update, "Following places is switched off on this bot.")
        return None
    try:
        name, radius = split_radius(text, context.services.settings.places.max_radius_km)
    except PlaceInputError as exc:
        await reply(update, esc(str(exc)))
        return None
    candidates = gazetteer.lookup(name) if 0 < len(name) <= MAX_NAME else []
    if not candidates:
        await reply(
            update,
            f"I don’t know a place called “{esc(cut(name, 60))}”. Check the spelling, or "
            "follow the link without a filter.",
        )
        return None
    place = candidates[0]
    return place, radius if place.kind is PlaceKind.CITY else 0.0


async def offer(update: Update, context: LivebotContext, text: str) -> bool:
    """A link pasted in a private chat: offer to follow it; True if there was one."""
    url = link_in(text)
    if url is None or len(url) > MAX_URL:
        return False
    keyboard = InlineKeyboardMarkup([[memo.offer("🔗 Follow this link", memo.FOLLOW, url)]])
    await reply(
        update, f"Follow {esc(cut(url, 100))}? I will check what is there first.", keyboard=keyboard
    )
    return True

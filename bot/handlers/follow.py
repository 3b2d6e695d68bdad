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
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import InlineKeyboardMarkup, Update

from bot.context import LivebotContext
from bot.delivery.labels import followed_place
from bot.delivery.render import ago, esc
from bot.geo.place import Place, PlaceKind
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
from bot.handlers.places import MAX_NAME, PlaceInputError, split_radius
from bot.handlers.topics import parse_topic, quoted
from bot.i18n import N_, _, _n, current, number
from bot.ingest.documents import ParseError
from bot.ingest.fetcher import FetchError
from bot.ingest.refresh import Probe
from bot.match.query import Query
from bot.models import Subscription
from bot.services import Services, user_source
from bot.store import sources
from bot.store.subscriptions import LinkLimitError, SubscriptionLimitError
from bot.text.cut import cut

USAGE = N_("""Send a link to follow, for example:
/follow https://example.org/live-blog — every new post, as its own alert
/follow https://example.org/feed.xml peace talks — only posts about peace talks
/follow https://example.org/feed.xml 📍 Kharkiv 50 — only posts within 50 km of Kharkiv""")
_NEAR = ("📍", "near ", "place:")
WHICH_PLACE = N_("Which place? For example: /follow https://example.org/feed 📍 Kharkiv 50")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def link_in(text: str) -> str | None:
    """The first http(s) link in a message, if any."""
    match = _URL.search(text)
    return match.group(0).rstrip(").,;!?»”'\"") if match else None


async def follow(update: Update, context: LivebotContext) -> None:
    """/follow <url> [topic]."""
    text = argument(update)
    url, _sep, topic = text.partition(" ")
    if not url:
        await reply(update, _(USAGE))
        return
    await follow_url(update, context, url, topic.strip())


async def follow_url(update: Update, context: LivebotContext, url: str, topic: str) -> None:
    """Check the URL, then follow it (filtered by ``topic`` when given: a topic, or a place
    after 📍)."""
    services = context.services
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    if not services.settings.user_sources.enabled:
        await reply(update, _("Following your own links is switched off on this bot."))
        return
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    near = _near(topic)
    wanted = Filter()
    if near is not None:
        found_place = await _place_filter(update, context, near)
        if found_place is None:
            return
        wanted = Filter(place=found_place[0], radius=found_place[1])
    elif topic:
        query = await parse_topic(update, context, topic)
        if query is None:
            return
        wanted = Filter(topic=query)
    try:
        done = await follow_link(services, chat_id, url, wanted, thread_of(update))
    except LinkRefusedError as exc:
        await reply(update, exc.text)
        return
    except SubscriptionLimitError:
        await reply(update, limit_reached(context))
        return
    what = describe_probe(done.found, done.name)
    if done.added is None:
        await reply(update, what + "\n" + _("This chat already follows it."))
        return
    if wanted.topic is not None:
        which = _(
            "You will get each new post about {topic} as its own alert. Stop with /unsubscribe.",
            topic=quoted(wanted.topic.text),
        )
    elif wanted.place is not None and wanted.radius:
        which = _(
            "You will get each new post that mentions a place within {km} km of {place} as "
            "its own alert. Stop with /unsubscribe.",
            km=f"{wanted.radius:g}",
            place=esc(done.place_label),
        )
    elif wanted.place is not None and wanted.place.kind is PlaceKind.CITY:
        which = _(
            "You will get each new post that mentions {place} as its own alert. "
            "Stop with /unsubscribe.",
            place=esc(done.place_label),
        )
    elif wanted.place is not None:
        which = _(
            "You will get each new post that mentions {place} or a place in it as its own "
            "alert. Stop with /unsubscribe.",
            place=esc(done.place_label),
        )
    elif done.found.kind == "article":
        which = _("You will get an alert when it changes. Stop with /unsubscribe.")
    else:
        which = _("You will get each new post as its own alert. Stop with /unsubscribe.")
    timing = _timing(done.found, context.services.settings.user_sources.interval)
    await reply(update, f"🔗 {what}\n{which}\n{timing}")


class LinkRefusedError(Exception):
    """Why a link cannot be followed, written for the person (escaped HTML) as ``text``."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True, slots=True)
class Filter:
    """Which posts of a followed link alert: all, those on a topic, or those near a place."""

    topic: Query | None = None
    place: Place | None = None
    radius: float = 0.0


@dataclass(frozen=True, slots=True)
class Followed:
    """A followed link: what it is, its name, and the subscription (None: followed before)."""

    found: Probe
    name: str
    added: Subscription | None
    place_label: str = ""


def _links_full(most: int) -> str:
    """The refusal when a chat follows as many links as it may."""
    return _n(
        "This chat already follows {n} link, the most allowed. Remove it with /unsubscribe.",
        "This chat already follows {n} links, the most allowed. Remove one with /unsubscribe.",
        most,
    )


_WHY_NOT = {
    "timeout": N_("the site took too long to answer"),
    "too_large": N_("the page is too large to follow"),
    "http_status": N_("the site answered with error {status}"),
    "private": N_("that address is not on the public internet"),
    "bad_address": N_("that is not a valid web address"),
    "redirects": N_("the site sends me from address to address without end"),
    "empty": N_("the site sent an empty page"),
    "unreachable": N_("the site cannot be reached right now"),
    "unreadable": N_("it is not a feed, a live blog or an article I can read"),
}


def why_not(exc: FetchError | ParseError) -> str:
    """Why a link cannot be followed, in the reader's language: the failure's code, never
    the operator's English detail (a config key, an exception's name)."""
    code = exc.code if isinstance(exc, FetchError) else "unreadable"
    status = exc.status if isinstance(exc, FetchError) else 0
    return _(_WHY_NOT.get(code, _WHY_NOT["unreachable"]), status=status)


async def follow_link(
    services: Services,
    chat_id: int,
    url: str,
    wanted: Filter = Filter(),
    thread_id: int | None = None,
) -> Followed:
    """Follow a link for a chat: check it against the operator's limits, fetch it once to
    see what it is, then store the source (shared by URL) and the subscription. Raises
    LinkRefusedError with the reason, or SubscriptionLimitError."""
    limits = services.settings.user_sources
    key = sources.url_key(url)
    if key is None:
        raise LinkRefusedError(_("That is not a web link I can follow: send one starting https://"))
    host = urlsplit(key).hostname or ""
    if not limits.allows(host):
        raise LinkRefusedError(
            _("This bot follows links from its own list of sites only, not {host}.", host=esc(host))
        )
    chat_follows = await services.subscribers.of_chat(chat_id)
    if sum(s.source_id is not None for s in chat_follows) >= limits.max_per_chat:
        raise LinkRefusedError(_links_full(limits.max_per_chat))
    if await sources.user_count(services.db) >= limits.max_total and not await sources.known(
        services.db, key
    ):
        raise LinkRefusedError(
            _("This bot follows as many links as it can for now. Please try again later.")
        )
    try:
        found = await services.refresher.probe(key)
    except (FetchError, ParseError) as exc:
        raise LinkRefusedError(
            _("I could not follow that link: {reason}", reason=why_not(exc))
        ) from None
    if not found.count:
        raise LinkRefusedError(
            _("I found no posts or articles at that link, so there is nothing to follow.")
        )
    name = cut(found.title or host, 80)
    try:
        source_id, operators = await sources.add_user(services.db, key, name, most=limits.max_total)
    except sources.TooManyLinksError:
        raise LinkRefusedError(
            _("This bot follows as many links as it can for now. Please try again later.")
        ) from None
    if not operators:
        services.scheduler.add(source_id, user_source(name, key, services.settings))
    where = place_label = ""
    if wanted.place is not None:
        gazetteer = services.subscribers.gazetteer
        assert gazetteer is not None
        place_label = wanted.place.label(gazetteer, current())
        where = followed_place(place_label, wanted.radius)
    try:
        added = await services.subscribers.follow_source(
            chat_id,
            source_id=source_id,
            label=f"{name} · {where}" if where else name,
            topic=wanted.topic,
            thread_id=thread_id,
            place=wanted.place.key if wanted.place is not None else None,
            radius_km=wanted.radius,
            links=limits.max_per_chat,
        )
    except LinkLimitError:  # another follow of this chat's took the last slot meanwhile
        raise LinkRefusedError(_links_full(limits.max_per_chat)) from None
    return Followed(found, name, added, place_label)


def describe_probe(found: Probe, name: str) -> str:
    """What a link turned out to be: 'Live blog “Name” with 42 posts, newest 3 min ago.'"""
    newest = _(", newest {ago}", ago=ago(found.newest)) if found.newest else ""
    values = {"name": esc(name), "newest": newest}
    if found.kind == "feed":
        return _n(
            "Feed “{name}” with {n} post{newest}.",
            "Feed “{name}” with {n} posts{newest}.",
            found.count,
            **values,
        )
    if found.kind == "liveblog":
        return _n(
            "Live blog “{name}” with {n} post{newest}.",
            "Live blog “{name}” with {n} posts{newest}.",
            found.count,
            **values,
        )
    return _("Page “{name}”{newest}.", **values)


STALE_AFTER = 30 * 86400.0
"""A link whose newest post is older than this may be dead: following it says so."""


def _timing(found: Probe, every: float) -> str:
    """When the first alert can come (the link is checked every ``every`` seconds), and a
    warning when its newest post is old."""
    lines = [_("It is checked every {minutes} min.", minutes=number(max(1, round(every / 60))))]
    if found.newest is not None and time.time() - found.newest > STALE_AFTER:
        lines.append(
            _("⚠️ Its newest post is {ago}: it may no longer be updated.", ago=ago(found.newest))
        )
    return "\n".join(lines)


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
        await reply(update, _("Following places is switched off on this bot."))
        return None
    if not text:
        await reply(update, _(WHICH_PLACE))
        return None
    try:
        name, radius = split_radius(text, context.services.settings.places.max_radius_km)
    except PlaceInputError as exc:
        await reply(update, esc(str(exc)))
        return None
    candidates = gazetteer.lookup(name) if len(name) <= MAX_NAME else []
    if not candidates:
        await reply(
            update,
            _(
                "I don’t know a place called “{place}”. Check the spelling, or "
                "follow the link without a filter.",
                place=esc(cut(name, 60)),
            ),
        )
        return None
    place = candidates[0]
    return place, radius if place.kind is PlaceKind.CITY else 0.0


async def offer(update: Update, context: LivebotContext, text: str) -> bool:
    """A link pasted in a private chat: offer to follow it; True if there was one."""
    url = link_in(text)
    if url is None or len(url) > sources.MAX_URL:
        return False
    keyboard = InlineKeyboardMarkup([[memo.offer(_("🔗 Follow this link"), memo.FOLLOW, url)]])
    await reply(
        update,
        _("Follow {link}? I will check what is there first.", link=esc(cut(url, 100))),
        keyboard=keyboard,
    )
    return True

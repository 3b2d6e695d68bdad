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

from telegram import InlineKeyboardMarkup, Update

from bot.context import LivebotContext
from bot.delivery.labels import followed_place
from bot.delivery.render import ago, esc, why_not
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
from bot.ingest.follows import Filter, Followed, Follows, LinkRefusedError, Refusal
from bot.ingest.refresh import Probe
from bot.services import Services
from bot.store import sources
from bot.store.subscriptions import SubscriptionLimitError
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
        done, place_label = await follow_link(services, chat_id, url, wanted, thread_of(update))
    except LinkRefusedError as exc:
        await reply(update, refused(exc))
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
            place=esc(place_label),
        )
    elif wanted.place is not None and wanted.place.kind is PlaceKind.CITY:
        which = _(
            "You will get each new post that mentions {place} as its own alert. "
            "Stop with /unsubscribe.",
            place=esc(place_label),
        )
    elif wanted.place is not None:
        which = _(
            "You will get each new post that mentions {place} or a place in it as its own "
            "alert. Stop with /unsubscribe.",
            place=esc(place_label),
        )
    elif done.found.kind == "article":
        which = _("You will get an alert when it changes. Stop with /unsubscribe.")
    else:
        which = _("You will get each new post as its own alert. Stop with /unsubscribe.")
    timing = _timing(done.found, context.services.settings.user_sources.interval)
    await reply(update, f"🔗 {what}\n{which}\n{timing}")


def _links_full(most: int) -> str:
    """The refusal when a chat follows as many links as it may."""
    return _n(
        "This chat already follows {n} link, the most allowed. Remove it with /unsubscribe.",
        "This chat already follows {n} links, the most allowed. Remove one with /unsubscribe.",
        most,
    )


def refused(exc: LinkRefusedError) -> str:
    """A refusal to follow a link, said to the person (escaped HTML)."""
    params = exc.params
    match exc.refusal:
        case Refusal.NOT_A_LINK:
            return _("That is not a web link I can follow: send one starting https://")
        case Refusal.SITE_NOT_LISTED:
            return _(
                "This bot follows links from its own list of sites only, not {host}.",
                host=esc(str(params["host"])),
            )
        case Refusal.CHAT_FULL:
            return _links_full(int(params["most"]))
        case Refusal.BOT_FULL:
            return _("This bot follows as many links as it can for now. Please try again later.")
        case Refusal.UNREADABLE:
            reason = why_not(str(params["code"]))
            return _("I could not follow that link: {reason}", reason=reason)
        case Refusal.EMPTY:
            return _("I found no posts or articles at that link, so there is nothing to follow.")


async def follow_link(
    services: Services,
    chat_id: int,
    url: str,
    wanted: Filter | None = None,
    thread_id: int | None = None,
) -> tuple[Followed, str]:
    """Follow a link for a chat (see :class:`bot.ingest.follows.Follows`), its place filter
    labelled in the reader's language; the label is returned with what was followed."""
    place_label = where = ""
    if wanted is not None and wanted.place is not None:
        gazetteer = services.subscribers.gazetteer
        assert gazetteer is not None
        place_label = wanted.place.label(gazetteer, current())
        where = followed_place(place_label, wanted.radius)
    follows = Follows(
        services.db,
        services.refresher,
        services.scheduler,
        services.subscribers,
        services.settings.user_sources,
    )
    return await follows.follow(chat_id, url, wanted, thread_id, where), place_label


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

"""/latest and "More like this": the newest stored stories on a topic, on places the chat
follows, or on everything it follows, newest published first, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import LivebotContext
from bot.delivery import buttons, render
from bot.delivery.callbacks import LATEST_PAGE
from bot.delivery.render import esc
from bot.handlers import memo
from bot.handlers.callback_data import parse_id, parse_small
from bot.handlers.common import ASK_LATEST, argument, ask, reply, rewrite, target_chat
from bot.handlers.topics import describe, parse_topic, quoted, subscribe_offer
from bot.i18n import N_, _, quote
from bot.match.places import satisfies
from bot.match.query import Query, QueryError
from bot.models import Entry, Subscription
from bot.store import chats, entries
from bot.text.terms import fold

TOPIC, FOLLOWED, OVERVIEW = "t", "s", "o"
"""A /latest target is ``t:<topic text>``, ``s:<subscription ids>`` or ``o`` (bare /latest)."""
OVERVIEW_PER_PAGE = 15
PLACE_MARK = "📍"
ASK = N_(
    "What should I look up? Send a topic (peace talks) or a place you follow (Kyiv, or 📍 for all)."
)


async def latest(update: Update, context: LivebotContext) -> None:
    """/latest <topic or followed place>; bare, the newest on each subscription (or, with
    none, the question what to look up)."""
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    text = argument(update)
    if text:
        await answer(update, context, text)
        return
    overview, keyboard = await _overview(context, chat_id, 0)
    if overview is None:
        await ask(update, context, ASK_LATEST, _(ASK))
        return
    await reply(update, overview, keyboard=keyboard)


async def answer(update: Update, context: LivebotContext, text: str) -> None:
    """The first page of /latest for ``text``: the chat's followed places it names (or all
    of them for 📍), else a topic search."""
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    query = _parsed(context, text)
    topic = await context.services.subscribers.find(chat_id, query) if query else None
    places = [] if topic is not None else await _followed_places(context, chat_id, text)
    followed = [topic] if topic is not None else places
    if places:
        target = f"{FOLLOWED}:{','.join(str(s.id) for s in places)}"
    elif text.strip() == PLACE_MARK:
        await reply(update, _("This chat follows no places yet. Try /place Kyiv"))
        return
    else:  # a topic typed as the chat follows it, or any other: a search either way
        query = query or await parse_topic(update, context, text)
        if query is None:
            return
        target = f"{TOPIC}:{query.text}"
    page, keyboard = await render_page(context, chat_id, target, 0)
    if page is None and followed:  # no second subscription offered for what is followed
        names = ", ".join(quote(describe(context, s)) for s in followed)
        await reply(
            update,
            _(
                "Nothing stored on {topic} yet. This chat follows it: an alert comes as soon "
                "as something does.",
                topic=esc(names),
            ),
        )
        return
    if page is None:
        await reply(
            update,
            _(
                "Nothing stored matches {topic} yet. Subscribe to get an alert when "
                "something does:",
                topic=quoted(text),
            ),
            keyboard=InlineKeyboardMarkup([[subscribe_offer(text)]]),
        )
        return
    await reply(update, page, keyboard=keyboard)


def _parsed(context: LivebotContext, text: str) -> Query | None:
    """``text`` read as a topic, or None if it is not one (the caller explains why)."""
    try:
        return context.services.subscribers.parse(text)
    except QueryError:
        return None


async def more_like(context: LivebotContext, chat_id: int, subscription: Subscription) -> None:
    """ "More like this" on an alert: the newest stories of its subscription, as a new
    message (in the forum topic the subscription lives in)."""
    page, keyboard = await render_page(context, chat_id, f"{FOLLOWED}:{subscription.id}", 0)
    await context.bot.send_message(
        chat_id,
        page
        or _(
            "Nothing else is stored on {topic} yet.", topic=quoted(describe(context, subscription))
        ),
        reply_markup=keyboard,
        message_thread_id=subscription.thread_id,
    )


async def _followed_places(context: LivebotContext, chat_id: int, text: str) -> list[Subscription]:
    """The chat's place subscriptions that ``text`` names: 📍 for all of them, else a place
    (by any of its names) the chat follows; a followed source's place filter is no place
    followed."""
    current = [
        s
        for s in await context.services.subscribers.of_chat(chat_id)
        if s.place and s.source_id is None
    ]
    name = text.strip().removeprefix(PLACE_MARK).strip()
    if not name:
        return current if text.strip() == PLACE_MARK else []
    gazetteer = context.services.subscribers.gazetteer
    keys = {p.key for p in gazetteer.lookup(name)} if gazetteer is not None else set()
    return [s for s in current if s.place in keys or fold(s.query).startswith(fold(name))]


async def _found(
    context: LivebotContext, chat_id: int, target: str, *, limit: int, offset: int
) -> tuple[str, list[Entry]]:
    """(heading, entries) of one page of a target."""
    kind, _sep, value = target.partition(":")
    db = context.services.db
    subscribers = context.services.subscribers
    if kind == TOPIC:
        query = subscribers.parse(value)
        found = await entries.search(db, query, limit=limit, offset=offset)
        return _("Latest on {topic}", topic=quote(value)), found
    ids = [i for raw in value.split(",") if (i := parse_id(raw)) is not None]
    subs = [s for i in ids if (s := subscribers.get(chat_id, i)) is not None]
    if not subs:
        return "", []
    merged: list[Entry] = []
    for subscription in subs:
        merged += await newest_for(context, subscription, limit=limit + offset)
    topics = ", ".join(quote(describe(context, s)) for s in subs)
    return _("Latest on {topic}", topic=topics), _newest(merged)[offset : offset + limit]


async def newest_for(
    context: LivebotContext,
    subscription: Subscription,
    *,
    limit: int,
    with_places: Sequence[Entry] | None = None,
) -> list[Entry]:
    """The newest stored stories one subscription would have alerted for: a followed
    source's (filtered), a topic's, or a place's (from ``with_places`` when the caller
    read the recent entries with places already)."""
    db = context.services.db
    subscribers = context.services.subscribers
    if subscription.source_id is not None:
        keep = subscribers.passes(subscription)
        return await entries.from_source(db, subscription.source_id, keep, limit=limit)
    if subscription.place is None:
        return await entries.search(db, subscribers.parse(subscription.query), limit=limit)
    if subscribers.gazetteer is None:
        return []
    test = satisfies(subscribers.gazetteer, [subscription])
    if with_places is not None:
        return [entry for entry in with_places if test(entry)][:limit]
    return await entries.with_places(db, test, limit=limit)


def _newest(found: Sequence[Entry]) -> list[Entry]:
    """Newest first, one entry per story."""
    seen: set[int] = set()
    ordered = []
    for entry in sorted(found, key=lambda e: (min(e.shown_at, e.ingested_at), e.id), reverse=True):
        story = entry.cluster_id or entry.id
        if story not in seen:
            seen.add(story)
            ordered.append(entry)
    return ordered


async def render_page(
    context: LivebotContext, chat_id: int, target: str, offset: int
) -> tuple[str | None, InlineKeyboardMarkup | None]:
    """One page of /latest with its ‹ Prev / Next ▸ buttons; (None, None) if it is empty."""
    limit = context.services.settings.limits.latest_results
    heading, found = await _found(context, chat_id, target, limit=limit + 1, offset=offset)
    if not found:
        return None, None
    steering = await chats.steering(context.services.db, chat_id)
    text = render.latest(heading, found[:limit], start=offset, tz=steering.tz)
    token = memo.keep(target)
    row = []
    if offset:
        row.append(
            InlineKeyboardButton(
                _("‹ Prev"), callback_data=LATEST_PAGE.data(token, max(0, offset - limit))
            )
        )
    if len(found) > limit:
        row.append(
            InlineKeyboardButton(_("Next ▸"), callback_data=LATEST_PAGE.data(token, offset + limit))
        )
    return text, InlineKeyboardMarkup([row]) if row else None


async def page_button(update: Update, context: LivebotContext) -> None:
    """‹ Prev / Next ▸ under /latest: show that page in the same message."""
    callback = update.callback_query
    if callback is None or callback.message is None or not callback.data:
        return
    token, _sep, raw_offset = LATEST_PAGE.rest(callback.data).partition(":")
    target = memo.recall(token)
    offset = parse_small(raw_offset)
    if target is None or offset is None:
        await callback.answer(_("This list has expired; send /latest again."))
        return
    chat_id = target_chat(update, context) or callback.message.chat.id
    if target == OVERVIEW:
        page, keyboard = await _overview(context, chat_id, offset)
    else:
        page, keyboard = await render_page(context, chat_id, target, offset)
    if page is None:
        await callback.answer(_("Nothing more is stored."))
        return
    await rewrite(context, callback.message, page, keyboard)
    await callback.answer()


async def _overview(
    context: LivebotContext, chat_id: int, offset: int
) -> tuple[str | None, InlineKeyboardMarkup | None]:
    """Bare /latest: the newest story of each subscription, one line each, a page of
    ``OVERVIEW_PER_PAGE`` from ``offset`` with ‹ Prev / Next ▸ (the stored entries with
    places are read once for all the place subscriptions)."""
    services = context.services
    current = await services.subscribers.of_chat(chat_id)
    shown = current[offset : offset + OVERVIEW_PER_PAGE]
    if not shown:
        return None, None
    recent: list[Entry] = []
    if services.subscribers.gazetteer is not None and any(s.place for s in shown):
        recent = await entries.with_places(services.db, lambda _: True, limit=3000)
    rows: list[tuple[str, Entry | None]] = []
    for subscription in shown:
        found = await newest_for(context, subscription, limit=1, with_places=recent)
        rows.append((describe(context, subscription), found[0] if found else None))
    steering = await chats.steering(services.db, chat_id)
    pages = -(-len(current) // OVERVIEW_PER_PAGE)
    page = offset // OVERVIEW_PER_PAGE
    text = render.overview(rows, tz=steering.tz, page=(page, pages))
    token = memo.keep(OVERVIEW)
    row = buttons.pager(page, pages, lambda n: LATEST_PAGE.data(token, n * OVERVIEW_PER_PAGE))
    return text, InlineKeyboardMarkup([row]) if row else None

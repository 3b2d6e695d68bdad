"""/place, shared locations, and the buttons that refine them (other candidates, radius)."""

from __future__ import annotations

import re

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType

from bot.context import LivebotContext
from bot.delivery import labels
from bot.delivery.callbacks import PICK, RADIUS, SWAP, Kind
from bot.delivery.render import esc
from bot.geo.gazetteer import Gazetteer
from bot.geo.place import Place, PlaceKind
from bot.handlers.callback_data import parse_id, parse_km
from bot.handlers.common import (
    ADMINS_ONLY,
    ASK_PLACE,
    argument,
    ask,
    limit_reached,
    may_change_settings,
    reply,
    rewrite,
    target_chat,
    thread_of,
)
from bot.i18n import N_, _, _n, current, number, quote
from bot.match.places import overlapping, point_key
from bot.models import Subscription
from bot.store.subscriptions import SubscriptionLimitError
from bot.text.cut import cut

USAGE = N_("""Which place should I follow? Send its name, for example:
Kyiv — stories that mention Kyiv
Kyiv 150 — anything within 150 km of Kyiv
Ukraine — anything in Ukraine
Or share a location pin to follow the area around it.""")
MAX_NAME = 100
PIN_RADII = (10, 25, 50, 100, 250)
CALLBACK_PATTERN = f"^({PICK.name}|{SWAP.name}|{RADIUS.name}):"
_RADIUS = re.compile(
    r"^(?P<name>.*?)\s*(?:,\s*|\s)(?P<radius>[-+−]?\d+(?:[.,]\d+)?)\s*"
    r"(?:km|kms|kilometers?|kilometres?|км|кілометр(?:ів|и|а)?|километр(?:ов|а|ы)?)?\.?$",
    re.IGNORECASE,
)


class PlaceInputError(ValueError):
    """A /place argument that cannot be used; the message is written for the user."""


def split_radius(text: str, max_radius: float) -> tuple[str, float]:
    """'Kyiv 150', 'Kyiv 150 km', 'Kyiv 150km', 'Харків, 50', 'Київ 100 км', 'Київ 100
    кілометрів' -> (name, radius); 'Kyiv' -> ('Kyiv', 0.0)."""
    text = " ".join(text.split())
    match = _RADIUS.match(text)
    if match is None or not match.group("name"):
        return text, 0.0
    name = match.group("name")
    radius = float(match.group("radius").replace(",", ".").replace("−", "-"))
    if radius < 1:
        raise PlaceInputError(
            _(
                "A radius must be at least 1 km. Leave it out to follow {place} itself.",
                place=cut(name, 60),
            )
        )
    if radius > max_radius:
        raise PlaceInputError(_("The largest radius is {km} km.", km=number(round(max_radius))))
    return name, radius


def followed(label: str, radius_km: float) -> str:
    """'Kyiv, Ukraine' or 'everything within 150 km of Kyiv, Ukraine', escaped."""
    if radius_km:
        return _("everything within {km} km of {place}", km=f"{radius_km:g}", place=esc(label))
    return esc(label)


def _gazetteer(context: LivebotContext) -> Gazetteer | None:
    return context.services.subscribers.gazetteer


def _candidates_keyboard(
    places: list[Place], gazetteer: Gazetteer, kind: Kind, head: object
) -> InlineKeyboardMarkup:
    """One button per place: ``<kind>:<head>:<place key>``."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    cut(p.label(gazetteer, current()), 60), callback_data=kind.data(head, p.key)
                )
            ]
            for p in places
        ]
    )


def _radius_keyboard(subscription: Subscription) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    ("• " if km == subscription.radius_km else "") + _("{km} km", km=km),
                    callback_data=RADIUS.data(subscription.id, km),
                )
                for km in PIN_RADII
            ]
        ]
    )


async def _follow(
    context: LivebotContext,
    chat_id: int,
    place: Place,
    radius_km: float,
    thread_id: int | None = None,
) -> tuple[Subscription | None, str]:
    """Follow a gazetteer place; the subscription (or None) and the reply text."""
    gazetteer = _gazetteer(context)
    assert gazetteer is not None
    note = ""
    if radius_km and place.kind is not PlaceKind.CITY:
        note = "\n" + _(
            "A radius applies to cities and shared locations, so this follows all of it."
        )
        radius_km = 0.0
    city = gazetteer.part_of(place)
    if city is not None and not radius_km:  # "/place Троєщина": a district of Kyiv
        note += "\n" + _(
            "{district} is a district of {city}: /place {city} follows all of it.",
            district=esc(gazetteer.name_in(place, current())),
            city=esc(gazetteer.name_in(city, current())),
        )
    label = place.label(gazetteer, current())
    try:
        added = await context.services.subscribers.follow_place(
            chat_id, place=place.key, label=label, radius_km=radius_km, thread_id=thread_id
        )
    except SubscriptionLimitError:
        return None, limit_reached(context)
    if added is None:
        return None, _("This chat already follows {place}.", place=followed(label, radius_km))
    if place.kind is PlaceKind.CITY and radius_km:
        answer = _(
            "📍 Following {place}. You will get an alert when a new story mentions a place "
            "in that area.",
            place=followed(label, radius_km),
        )
    elif place.kind is PlaceKind.CITY and gazetteer.has_districts(place):
        answer = _(
            "📍 Following {place}. You will get an alert when a new story mentions it or one "
            "of its districts.",
            place=followed(label, radius_km),
        )
    elif place.kind in (PlaceKind.CITY, PlaceKind.COUNTY) or (
        # an area nothing lies in (a sea, Nagorno-Karabakh) alerts as a city does, and so
        # does a county, which holds no city of ours
        place.kind is PlaceKind.AREA and not any(gazetteer.covered(place))
    ):
        answer = _(
            "📍 Following {place}. You will get an alert when a new story mentions it.",
            place=followed(label, radius_km),
        )
    else:
        answer = _(
            "📍 Following {place}. You will get an alert when a new story mentions it "
            "or a place in it.",
            place=followed(label, radius_km),
        )
    return added, answer + note + await overlap_note(context, added)


async def overlap_note(context: LivebotContext, added: Subscription) -> str:
    """A line naming the chat's other place subscriptions that cover the same ground as
    ``added`` (Kyiv and "Kyiv City"), so two look-alike lines in /list are explained; a
    story on both still comes once. Empty when there are none."""
    gazetteer = _gazetteer(context)
    if gazetteer is None:
        return ""
    others = await context.services.subscribers.of_chat(added.chat_id)
    found = overlapping(gazetteer, added, others)
    if not found:
        return ""
    names = ", ".join(quote(esc(labels.label(o, gazetteer))) for o in found[:3])
    return "\n" + _n(
        "This overlaps {names}, which this chat also follows: a story on both still comes once.",
        "This overlaps {names}, which this chat also follows: a story on several still comes once.",
        len(found),
        names=names,
    )


def location_keyboard() -> ReplyKeyboardMarkup:
    """The "📍 Share my location" button under the typing field (private chats only)."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(_("📍 Share my location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def place(update: Update, context: LivebotContext) -> None:
    """/place <city, region or country> [radius km]; bare, it asks which place."""
    chat = update.effective_chat
    if chat is None:
        return
    if _gazetteer(context) is None:
        await reply(update, _("Following places is switched off on this bot."))
        return
    text = argument(update)
    if not text:
        if not await may_change_settings(update, context):  # no question it may not answer
            await reply(update, _(ADMINS_ONLY))
            return
        private = chat.type == ChatType.PRIVATE
        await ask(update, context, ASK_PLACE, _(USAGE), location_keyboard() if private else None)
        return
    await follow_named(update, context, text)


async def follow_named(update: Update, context: LivebotContext, text: str) -> None:
    """Follow the place ``text`` names, optionally with a radius in km; offer the other
    places of that name, or suggestions when none is known."""
    chat_id = target_chat(update, context)
    gazetteer = _gazetteer(context)
    if chat_id is None or gazetteer is None:
        return
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    try:
        name, radius = split_radius(text, context.services.settings.places.max_radius_km)
    except PlaceInputError as exc:
        await reply(update, esc(str(exc)))
        return
    if len(name) > MAX_NAME:
        await reply(
            update,
            _(
                "That is {length} characters; no place name is that long.",
                length=number(len(name)),
            ),
        )
        return
    candidates = gazetteer.lookup(name)
    if not candidates:
        suggestions = gazetteer.suggest(name)
        answer = _("I don’t know a place called “{place}”.", place=esc(cut(name, 60)))
        if not suggestions:
            await reply(update, answer + " " + _("Check the spelling, or share a location pin."))
            return
        await reply(
            update,
            answer + " " + _("Did you mean one of these?"),
            keyboard=_candidates_keyboard(suggestions, gazetteer, PICK, f"{radius:g}"),
        )
        return
    added, answer = await _follow(context, chat_id, candidates[0], radius, thread_of(update))
    others = candidates[1:6]
    if added is None or not others:
        await reply(update, answer)
        return
    await reply(
        update,
        answer + "\n" + _("Not the one you meant? Pick another:"),
        keyboard=_candidates_keyboard(others, gazetteer, SWAP, added.id),
    )


async def location(update: Update, context: LivebotContext) -> None:
    """A shared location pin: follow the area around it, with buttons to change the radius."""
    message = update.effective_message
    gazetteer = _gazetteer(context)
    if message is None or message.location is None:
        return
    if gazetteer is None:
        await reply(update, _("Following places is switched off on this bot."))
        return
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    lat, lon = message.location.latitude, message.location.longitude
    near = gazetteer.nearest_city(lat, lon)
    label = (
        _("{place} (your location)", place=near.label(gazetteer, current()))
        if near
        else _("your location")
    )
    radius = context.services.settings.places.pin_radius_km
    try:
        added = await context.services.subscribers.follow_place(
            target_chat(update, context) or message.chat.id,
            place=point_key(lat, lon),
            label=label,
            radius_km=radius,
            thread_id=thread_of(update),
        )
    except SubscriptionLimitError:
        await reply(update, limit_reached(context))
        return
    if added is None:
        await reply(update, _("This chat already follows {place}.", place=followed(label, radius)))
        return
    await reply(
        update,
        _("📍 Following {place}. Change the radius:", place=followed(label, radius))
        + await overlap_note(context, added),
        keyboard=_radius_keyboard(added),
    )


async def button(update: Update, context: LivebotContext) -> None:
    """Taps on the /place and location keyboards: pick a suggestion, swap, change radius."""
    callback = update.callback_query
    if callback is None:
        return
    message = callback.message
    gazetteer = _gazetteer(context)
    if message is None or not callback.data or gazetteer is None:
        await callback.answer(_("This button no longer works here."))
        return
    if not await may_change_settings(update, context):
        await callback.answer(_(ADMINS_ONLY), show_alert=True)
        return
    chat_id = target_chat(update, context) or message.chat.id
    text, keyboard = await _apply(context, chat_id, callback.data, gazetteer)
    await rewrite(context, message, text, keyboard)
    await callback.answer()


async def _apply(
    context: LivebotContext, chat_id: int, data: str, gazetteer: Gazetteer
) -> tuple[str, InlineKeyboardMarkup | None]:
    subscribers = context.services.subscribers
    largest = context.services.settings.places.max_radius_km
    stale = _("That choice is no longer available; send /place again.")
    if radius_data := RADIUS.rest(data):
        raw_id, _sep, raw_km = radius_data.partition(":")
        sub_id = parse_id(raw_id)
        km = parse_km(raw_km, largest=largest, allowed=PIN_RADII)
        if sub_id is None or km is None:
            return stale, None
        changed = await subscribers.change_radius(chat_id, sub_id, km)
        if changed is None:
            return stale, None
        reply_text = _(
            "📍 Following {place}. Change the radius:",
            place=followed(labels.place_name(changed, gazetteer, short=False), changed.radius_km),
        )
        return reply_text, _radius_keyboard(changed)
    # pick:<radius>:<place key> follows a suggestion; swap:<subscription>:<place key> replaces
    picked = PICK.rest(data)
    head, _sep, key = (picked or SWAP.rest(data)).partition(":")
    target = gazetteer.places.get(key)
    if target is None:
        return stale, None
    if picked:
        radius = parse_km(head, largest=largest)
        if radius is None:
            return stale, None
    else:
        sub_id = parse_id(head)
        removed = await subscribers.unsubscribe(chat_id, sub_id) if sub_id is not None else None
        if removed is None:
            return stale, None
        radius = removed.radius_km
    return (await _follow(context, chat_id, target, radius))[1], None

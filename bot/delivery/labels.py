"""How a subscription reads, in the reader's language at the time of reading: in full in
lists and answers ("📍 Kyiv, Ukraine · within 150 km"), short on buttons ("📍 Kyiv · 150 km").

A place is named from the gazetteer each time, not from the label stored when it was
followed, so a chat that switches language sees its places renamed, and two subscriptions
always read apart: the radius is part of every label, "Kyiv City" (the region) reads apart
from Kyiv (the city), and a shared location is named by the city nearest to it.
"""

from __future__ import annotations

from bot.geo.gazetteer import Gazetteer
from bot.i18n import _, current
from bot.match.places import POINT_PREFIX, place_of
from bot.models import Subscription
from bot.text.cut import cut

FOLLOW_MARK = "🔗 "
PLACE_MARK = "📍 "
PIN_MARK = "📌 "
"""Marks a shared location (named by the city nearest to it) apart from a named place."""
SHORT = 32
"""Characters a button label may take: about half a phone's width."""


def is_pin(subscription: Subscription) -> bool:
    """Whether the subscription follows a shared location rather than a named place."""
    return (subscription.place or "").startswith(POINT_PREFIX)


def place_name(subscription: Subscription, gazetteer: Gazetteer | None, *, short: bool) -> str:
    """The followed place alone: 'Kyiv, Ukraine' ('Kyiv' when ``short``); a shared
    location by the city nearest to it, 'Kharkiv, Ukraine (your location)' in full; the
    stored label if the gazetteer lacks it."""
    place = place_of(subscription.place, gazetteer) if gazetteer is not None else None
    if place is None or gazetteer is None:
        return subscription.query
    if short:
        return gazetteer.name_in(place, current())
    name = place.label(gazetteer, current())
    return _("{place} (your location)", place=name) if is_pin(subscription) else name


def followed_place(name: str, radius_km: float, *, short: bool = False, pin: bool = False) -> str:
    """'📍 Kyiv, Ukraine · within 150 km' ('📍 Kyiv · 150 km' when ``short``; 📌 for a
    shared location)."""
    mark = PIN_MARK if pin else PLACE_MARK
    if not radius_km:
        return f"{mark}{name}"
    km = f"{radius_km:g}"
    radius = _("{km} km", km=km) if short else _("within {km} km", km=km)
    return f"{mark}{name} · {radius}"


def followed_source(subscription: Subscription) -> str:
    """How a followed source reads: '🔗 Live desk' or '🔗 Live desk · peace talks'."""
    topic = f" · {subscription.filter}" if subscription.filter else ""
    return f"{FOLLOW_MARK}{subscription.query}{topic}"


def label(subscription: Subscription, gazetteer: Gazetteer | None, *, short: bool = False) -> str:
    """How a subscription reads: a topic as typed, a followed source by its name (and
    filter), a place with its radius; cut at a word to :data:`SHORT` characters on a button."""
    if subscription.source_id is not None:
        text = followed_source(subscription)
    elif subscription.place is None:
        text = subscription.query
    else:
        name = place_name(subscription, gazetteer, short=short)
        text = followed_place(name, subscription.radius_km, short=short, pin=is_pin(subscription))
    return cut(text, SHORT) if short else text

"""Why an alert was sent, in words, written at send time from the stored reasons.

A reason names its subscription; the words come from that subscription (its topic, or the
place it follows) and from the gazetteer (the place the story mentions), so they are always
current and in the reader's language. A subscription removed since the match gives
no words: the caller decides whether anything is left to send.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.geo.gazetteer import Gazetteer
from bot.i18n import _, current
from bot.match.places import POINT_PREFIX
from bot.models import Reason, Relation, Subscription

PLACE_MARK = "📍 "
"""Starts a line that names places rather than topics (and an upgraded text reason's)."""


@dataclass(frozen=True, slots=True)
class Why:
    """The reasons of one alert in words: the topics that matched, and the places."""

    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.topics or self.places)


FOLLOW_MARK = "🔗 "


def followed_place(label: str, radius_km: float) -> str:
    """How a followed place reads in lists: '📍 Kyiv, Ukraine · within 150 km'."""
    radius = " · " + _("within {km} km", km=f"{radius_km:g}") if radius_km else ""
    return f"📍 {label}{radius}"


def followed_source(subscription: Subscription) -> str:
    """How a followed source reads: '🔗 Live desk' or '🔗 Live desk · peace talks'."""
    topic = f" · {subscription.filter}" if subscription.filter else ""
    return f"{FOLLOW_MARK}{subscription.query}{topic}"


def _place_name(key: str, gazetteer: Gazetteer | None) -> str | None:
    """The place's name in the language being written ("Харків")."""
    place = gazetteer.places.get(key) if gazetteer is not None else None
    return gazetteer.name_in(place, current()) if gazetteer and place else None


def _followed_name(subscription: Subscription, gazetteer: Gazetteer | None) -> str:
    """How a place subscription's place is called in a reason: 'Kyiv', or a pin's label."""
    key = subscription.place or ""
    if key.startswith(POINT_PREFIX):
        return subscription.query
    return _place_name(key, gazetteer) or subscription.query


def _place_words(reason: Reason, subscription: Subscription, gazetteer: Gazetteer | None) -> str:
    name = _place_name(reason.place, gazetteer) or _followed_name(subscription, gazetteer)
    if reason.relation is Relation.INSIDE:
        return _(
            "{place}, in {followed}", place=name, followed=_followed_name(subscription, gazetteer)
        )
    if reason.relation is Relation.WITHIN and reason.km >= 1:
        return _(
            "{place}, {km} km from {followed}",
            place=name,
            km=f"{reason.km:.0f}",
            followed=_followed_name(subscription, gazetteer),
        )
    return name


def live(reasons: Sequence[Reason], subscriptions: Mapping[int, Subscription]) -> bool:
    """Whether any reason still stands: a note, or its subscription is among the live
    (not removed, not muted) ``subscriptions``."""
    return any(
        reason.relation is Relation.NOTE or reason.subscription_id in subscriptions
        for reason in reasons
    )


def describe(
    reasons: Sequence[Reason],
    subscriptions: Mapping[int, Subscription],
    gazetteer: Gazetteer | None,
) -> Why:
    """The words for an alert's reasons, topics and places each sorted and once."""
    topics: set[str] = set()
    places: set[str] = set()
    for reason in reasons:
        if reason.relation is Relation.NOTE:
            if reason.text.startswith(PLACE_MARK):
                places.add(reason.text.removeprefix(PLACE_MARK))
            else:
                topics.add(reason.text)
            continue
        subscription = subscriptions.get(reason.subscription_id)
        if subscription is None:
            continue
        if reason.relation is Relation.TOPIC:
            topics.add(subscription.query)
        elif reason.relation is Relation.SOURCE:
            topics.add(followed_source(subscription))
        else:
            places.add(_place_words(reason, subscription, gazetteer))
    return Why(tuple(sorted(topics)), tuple(sorted(places)))

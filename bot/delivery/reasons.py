"""Why an alert was sent, in words, written at send time from the stored reasons.

A reason names its subscription; the words come from that subscription (its topic, or the
place it follows) and from the gazetteer (the place the story mentions), so they are always
current and in the reader's language. A subscription removed since the match gives
no words: the caller decides whether anything is left to send.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.delivery import labels
from bot.delivery.labels import PLACE_MARK
from bot.geo.gazetteer import Gazetteer
from bot.i18n import _, current
from bot.models import Reason, Relation, Subscription


@dataclass(frozen=True, slots=True)
class Why:
    """The reasons of one alert in words: the topics that matched, and the places."""

    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.topics or self.places)


def _place_name(key: str, gazetteer: Gazetteer | None) -> str | None:
    """The place's name in the language being written ("Харків")."""
    place = gazetteer.places.get(key) if gazetteer is not None else None
    return gazetteer.name_in(place, current()) if gazetteer and place else None


def _followed_name(subscription: Subscription, gazetteer: Gazetteer | None) -> str:
    """How a place subscription's place is called in a reason: 'Kyiv', '📌 Kharkiv'."""
    name = labels.place_name(subscription, gazetteer, short=True)
    return f"{labels.PIN_MARK}{name}" if labels.is_pin(subscription) else name


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
    """The words for an alert's reasons, topics and places each sorted and once; a place
    the story mentions is named once, by its closest tie to what the chat follows (the
    place itself, then the area it is in, then a distance): "Kyiv", not "Kyiv · Kyiv, in
    Ukraine"."""
    topics: set[str] = set()
    notes: set[str] = set()
    places: dict[str, tuple[int, str]] = {}  # mentioned place -> (tie, words)
    for reason in reasons:
        if reason.relation is Relation.NOTE:
            if reason.text.startswith(PLACE_MARK):
                notes.add(reason.text.removeprefix(PLACE_MARK))
            else:
                topics.add(reason.text)
            continue
        subscription = subscriptions.get(reason.subscription_id)
        if subscription is None:
            continue
        if reason.relation is Relation.TOPIC:
            topics.add(subscription.query)
        elif reason.relation is Relation.SOURCE:
            topics.add(labels.followed_source(subscription))
        else:
            found = (_TIES.index(reason.relation), _place_words(reason, subscription, gazetteer))
            mentioned = reason.place or found[1]
            places[mentioned] = min(places.get(mentioned, found), found)
    words = notes | {text for _tie, text in places.values()}
    return Why(tuple(sorted(topics)), tuple(sorted(words)))


_TIES = (Relation.PLACE, Relation.INSIDE, Relation.WITHIN)

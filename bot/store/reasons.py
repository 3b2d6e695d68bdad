"""Why an alert was sent, as stored: compact JSON of (subscription, relation, place, km).

Reasons are data, never display text: the words ("‘peace talks’", "Chernihiv, 128 km from
Kyiv") are written at send time, in the reader's language, from the subscription and the
gazetteer. Each reason is a JSON array: ``[subscription id, relation]``, then for places the
entry's place key and, for a radius, the distance in km. ``note`` reasons carry text written
by Livebot 0.1 (alerts that were queued when a database was upgraded).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from bot.match.matches import RELATIONS, Matches
from bot.models import Reason, Relation


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _text(subscription_id: int, relation: str, place: str = "", km: float = 0.0) -> str:
    """One reason in stored form: the place for places, the distance for a radius."""
    if not place:
        return f'[{subscription_id},"{relation}"]'
    if not km:
        return f'[{subscription_id},"{relation}",{_quoted(place)}]'
    return f'[{subscription_id},"{relation}",{_quoted(place)},{round(km, 1)}]'


def encode(reasons: tuple[Reason, ...]) -> str:
    """The stored form of an alert's reasons."""
    return (
        "["
        + ",".join(
            json.dumps(note(r.text), ensure_ascii=False, separators=(",", ":"))
            if r.relation is Relation.NOTE
            else _text(r.subscription_id, r.relation.value, r.place, r.km)
            for r in reasons
        )
        + "]"
    )


def encode_matches(matches: Matches) -> list[tuple[int, int, str]]:
    """One (chat, entry, stored reasons) per alert, straight from matching's columns."""
    ids, relations = matches.subscription.tolist(), matches.relation.tolist()
    places, kms = matches.place.tolist(), matches.km.tolist()
    return [
        (chat, entry, "[" + ",".join(
            _text(ids[i], RELATIONS[relations[i]].value,
                  matches.places[places[i]] if places[i] >= 0 else "", kms[i])
            for i in rows
        ) + "]")
        for chat, entry, rows in matches.alerts()
    ]  # fmt: skip


def decode(text: str) -> tuple[Reason, ...]:
    """Reasons from their stored form (unknown relations are skipped, not fatal)."""
    found: list[Reason] = []
    for row in json.loads(text):
        try:
            relation = Relation(row[1])
        except (ValueError, IndexError, TypeError):
            continue
        if relation is Relation.NOTE:
            found.append(Reason(0, relation, text=str(row[2])))
            continue
        place = str(row[2]) if len(row) > 2 else ""
        km = float(row[3]) if len(row) > 3 else 0.0
        found.append(Reason(int(row[0]), relation, place=place, km=km))
    return tuple(found)


def note(text: str) -> list[Any]:
    """A reason that is already text (see the module docstring), in stored form."""
    return [0, Relation.NOTE.value, text]

"""Why an alert was sent, as stored: compact JSON of (subscription, relation, place, km).

Reasons are data, never display text: the words ("‘peace talks’", "Chernihiv, 128 km from
Kyiv") are written at send time, in the reader's language, from the subscription and the
gazetteer. Each reason is a JSON array: ``[subscription id, relation]``, then for places the
entry's place key and, for a radius, the distance in km. ``note`` reasons carry text written
by Livebot 0.1 (alerts that were queued when a database was upgraded).
"""

from __future__ import annotations

import json
from typing import Any

from bot.models import Reason, Relation


def _row(reason: Reason) -> list[Any]:
    if reason.relation is Relation.NOTE:
        return [0, Relation.NOTE.value, reason.text]
    row: list[Any] = [reason.subscription_id, reason.relation.value]
    if reason.place:
        row.append(reason.place)
        if reason.km:
            row.append(round(reason.km, 1))
    return row


def encode(reasons: tuple[Reason, ...]) -> str:
    """The stored form of an alert's reasons."""
    return json.dumps([_row(r) for r in reasons], ensure_ascii=False, separators=(",", ":"))


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
    return _row(Reason(0, Relation.NOTE, text=text))

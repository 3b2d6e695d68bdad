"""Matching rows as columns: visibility, grouping per (entry, chat), stored reasons."""

from __future__ import annotations

import numpy as np
import pytest

from bot.match.matches import INSIDE, WITHIN, Members, Rows, ints
from bot.models import Reason, Relation, Subscription
from bot.store import reasons


@pytest.mark.parametrize("big", [7, 2**50])  # ids past the combined sort key use two keys
def test_rows_group_per_entry_and_chat_with_reasons_by_subscription(big: int) -> None:
    members = Members()
    members.set([
        Subscription(3, big, "storm", 0), Subscription(1, big, "coast", 0),
        Subscription(2, -(big + 1), "storm", 0), Subscription(4, 9, "late", 50),
        Subscription(5, 9, "muted", 0, muted_until=2e9),
    ])  # fmt: skip
    rows = Rows()
    rows.topics(40, [ints([3, 2]), ints([1, 4, 5])])
    rows.places(41, ints([3]), np.array([WITHIN], np.int8), np.array([0], np.int32),
                np.array([12.34], np.float32))  # fmt: skip
    rows.places(40, ints([2]), np.array([INSIDE], np.int8), np.array([1], np.int32),
                np.zeros(1, np.float32))  # fmt: skip
    found = rows.matches(members, ("city:1", "city:2"), now=1e9)
    assert list(found) == sorted(
        [
            (big, 40, (Reason(1, Relation.TOPIC), Reason(3, Relation.TOPIC))),
            (-(big + 1), 40, (Reason(2, Relation.TOPIC), Reason(2, Relation.INSIDE, "city:2"))),
            (big, 41, (Reason(3, Relation.WITHIN, "city:1", 12.3),)),
        ],
        key=lambda m: (m[1], m[0]),
    )  # subscription 4 was made after entry 40; 5 is muted
    stored = {
        (chat, entry): reasons.decode(text) for chat, entry, text in reasons.encode_matches(found)
    }
    assert stored == {(chat, entry): why for chat, entry, why in found}


def test_renumbered_keeps_stored_entries_only() -> None:
    members = Members()
    members.set([Subscription(1, 5, "storm", 0)])
    rows = Rows()
    rows.topics(100, [ints([1])])
    rows.topics(101, [ints([1])])
    found = rows.matches(members, (), now=0).renumbered(ints([-1, 7]), 100)
    assert [(chat, entry) for chat, entry, _ in found] == [(5, 7)]

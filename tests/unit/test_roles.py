"""How processes of single roles split Telegram's rate: never more than it in total."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.roles import REPLY_SHARE, share
from bot.store.db import Role


@pytest.mark.parametrize(
    "live",
    [
        Counter({"deliver": 1}),
        Counter({"deliver": 2, "updates": 1, "ingest": 1}),
        Counter({"deliver": 4, "updates": 2}),
        Counter({"updates": 1, "ingest": 2}),
    ],
)
def test_the_parts_of_live_processes_add_up_to_the_rate_at_most(live: Counter[str]) -> None:
    roles: list[Role] = ["updates", "ingest", "deliver"]
    total = sum(share(1000.0, role, live) * live[role] for role in roles)
    assert total == pytest.approx(1000.0)


def test_deliver_workers_split_what_answering_people_leaves() -> None:
    live = Counter({"deliver": 2, "updates": 1})
    assert share(1000.0, "deliver", live) == pytest.approx(1000.0 * (1 - REPLY_SHARE) / 2)
    assert share(1000.0, "updates", live) == pytest.approx(1000.0 * REPLY_SHARE)
    assert share(1000.0, "deliver", Counter({"deliver": 4})) == 250.0
    assert share(30.0, "all", Counter({"all": 1})) == 30.0

"""How processes of single roles share Telegram's rate: by demand, replies to people first,
never more than the rate in total."""

from __future__ import annotations

import asyncio
import bisect
import random
import time
from pathlib import Path

import pytest

from bot.roles import FLOOR, Lease, share, targets
from bot.store import workers
from bot.store.db import Database
from bot.store.workers import Peer
from bot.telegram.limiter import FloodLimiter, Lane

RATE = 100.0


def peer(worker: int, role: str, reply: float = 0, alert: float = 0, granted: float = 0) -> Peer:
    return Peer(worker, role, reply, alert, granted)


def test_the_parts_add_up_to_the_rate_at_most_whatever_is_wanted() -> None:
    chance = random.Random(7)
    for _ in range(500):
        peers = [
            peer(n, chance.choice(["updates", "ingest", "deliver"]),
                 chance.choice([0, 0, 1, 30, 400]), chance.choice([0, 5, 90, 1000]))
            for n in range(chance.randint(1, 7))
        ]  # fmt: skip
        rate = chance.choice([1.0, 30.0, 100.0, 1000.0])
        assert sum(targets(rate, peers).values()) <= rate * (1 + 1e-9)


def test_replies_come_first_and_alerts_take_what_they_leave() -> None:
    """400 people waiting for an answer during a fan-out: the process answering them gets
    nearly the whole rate; once they are answered, the deliverers get it back."""
    burst = [
        peer(1, "updates", reply=400),
        peer(2, "deliver", alert=90),
        peer(3, "deliver", alert=90),
    ]
    parts = targets(100.0, burst)
    assert parts[1] == pytest.approx(99.0)  # all but the deliverers' floors (0.5/s each)
    assert parts[2] == parts[3] == pytest.approx(0.5)
    quiet = [peer(1, "updates"), peer(2, "deliver", alert=90), peer(3, "deliver", alert=30)]
    parts = targets(100.0, quiet)
    assert parts[1] == pytest.approx(100 * FLOOR["updates"])  # the next reply goes at once
    assert parts[2] == pytest.approx(0.5 + 97 * 0.75) and parts[3] == pytest.approx(0.5 + 97 * 0.25)


def test_a_small_reply_demand_costs_alerts_little() -> None:
    """Ten replies a second at a rate of 100 leave the deliverers the rest (a fixed 10 %
    split left replies 2.5/s whatever they needed)."""
    parts = targets(100.0, [peer(1, "updates", reply=10), peer(2, "deliver", alert=500)])
    assert parts[1] == pytest.approx(2 + 12.5) and parts[2] == pytest.approx(100 - 14.5)


def test_what_nobody_wants_stays_free() -> None:
    """Idle processes hold their floors only: a standby has no lease at all, and the rest
    of the rate waits for whoever asks next."""
    assert targets(100.0, [peer(1, "updates"), peer(2, "ingest"), peer(3, "deliver")]) == {
        1: 2.0, 2: 0.5, 3: 0.5,
    }  # fmt: skip


def test_a_process_never_takes_more_than_the_others_leave() -> None:
    """Raising its part waits until the others have said they lowered theirs: the sum of
    what processes use stays within the rate while the parts move."""
    peers = [peer(1, "updates", reply=400, granted=2), peer(2, "deliver", alert=90, granted=98)]
    assert share(100.0, 1, peers) == pytest.approx(2.0)  # the deliverer still uses 98
    lowered = [peer(1, "updates", reply=400, granted=2), peer(2, "deliver", granted=2)]
    assert share(100.0, 1, lowered) == pytest.approx(98.0)
    assert share(100.0, 2, peers) == pytest.approx(0.5)  # it lowers to its floor at once


def test_a_tiny_rate_is_never_overdrawn() -> None:
    assert targets(30.0, [peer(1, "deliver", alert=40)]) == {1: 30.0}
    assert sum(targets(1.0, [peer(n, "deliver", alert=5) for n in range(4)]).values()) == 1.0


async def test_leases_share_the_rate_by_demand_and_a_dead_process_gives_it_back(
    tmp_path: Path,
) -> None:
    """Two processes' leases on one database, their limiters driven by real requests: a
    fan-out takes nearly all the rate; people waiting take it from the fan-out within a
    second; the parts never add up to more than the rate; a process that stops renewing
    (killed) gives its part back when its lease runs out."""
    db = await Database.open(tmp_path / "roles.sqlite3")
    limiters = {role: FloodLimiter(global_rate=RATE, private_interval=0, group_per_minute=20)
                for role in ("updates", "deliver")}  # fmt: skip
    leases = {role: await Lease.take(db, role, limiters[role], RATE) for role in limiters}
    sent: list[float] = []
    tasks: list[asyncio.Task[object]] = []

    async def send() -> bool:
        sent.append(time.monotonic())
        return True

    def ask(role: str, lane: Lane, chats: range) -> None:
        tasks.extend(
            asyncio.create_task(
                limiters[role].process_request(send, (), {}, "sendMessage", {"chat_id": c}, lane)
            )
            for c in chats
        )

    def parts() -> float:
        return sum(limiter.rate() for limiter in limiters.values())

    try:
        ask("deliver", Lane.ALERT, range(1, 2001))
        await asyncio.sleep(1.5)
        assert limiters["deliver"].rate() > 0.9 * RATE
        ask("updates", Lane.REPLY, range(5001, 5101))  # 100 people at once
        asked = time.monotonic()
        peak = 0.0
        while not all(t.done() for t in tasks[2000:]):
            assert parts() <= RATE + 0.01
            assert time.monotonic() - asked < 3.0, "people still wait after 3 s"
            peak = max(peak, limiters["updates"].rate())
            await asyncio.sleep(0.05)
        assert peak > 0.8 * RATE
        times = sorted(sent)
        busiest = max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))
        assert busiest <= RATE + 1  # in any second, both processes together
        dead = leases.pop("deliver")
        assert dead._task is not None
        dead._task.cancel()  # killed: stops renewing, never says goodbye
        await asyncio.sleep(workers.LEASE_SECONDS + 1)
        assert leases["updates"].live == {"updates": 1}
    finally:
        for task in tasks:
            task.cancel()
        for lease in leases.values():
            await lease.stop()
        await db.close()

"""The flood cap's policy against a clock: a busy chat hears at once that something is
happening, then gets what it missed in paced digests, never a long silence, never more than
the cap in any window, every alert once."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.delivery.plan import Cap, Decision, next_message


@dataclass
class Alert:
    """A queued alert: when it arrived, whether it is an exact place, when it was held."""

    n: int
    exact: bool = False
    held: float = 0.0


@dataclass
class Chat:
    """One chat's queue and what it received, driven second by second like the worker."""

    cap: Cap
    waiting: list[Alert] = field(default_factory=list)
    messages: list[tuple[float, list[Alert]]] = field(default_factory=list)
    due: float = 0.0

    def arrive(self, alert: Alert, now: float) -> None:
        self.waiting.append(alert)
        self.due = min(self.due, now)  # a new row wakes a chat that waits on held rows

    def step(self, now: float) -> Decision[Alert] | None:
        if now < self.due or not self.waiting:
            return None
        ready = [a for a in self.waiting if a.held <= now]
        ranked = sorted(ready, key=lambda a: (not a.exact, -a.n))
        sent = [at for at, _ in self.messages if at > now - self.cap.window]
        digests = [at for at, items in self.messages if len(items) > 1]
        decision = next_message(
            ready,
            ranked=ranked,
            exact=bool(ranked) and ranked[0].exact,
            released=[a for a in ready if a.held],
            sent=sent,
            last_digest=digests[-1] if digests and digests[-1] > now - self.cap.pace else None,
            now=now,
            cap=self.cap,
        )
        if decision.wait_until is not None:
            for alert in ready:
                alert.held = decision.wait_until
            self.due = decision.wait_until
        elif decision.send:
            self.messages.append((now, decision.send))
            self.waiting = [a for a in self.waiting if a not in decision.send]
            self.due = now
        return decision


def flood(cap: Cap, *, every: float, seconds: int, exact: frozenset[int] = frozenset()) -> Chat:
    """One alert every ``every`` seconds for ``seconds``, then quiet until all is sent."""
    chat = Chat(cap)
    arrivals = {round(n * every): n for n in range(int(seconds / every))}
    for now in range(seconds + 3 * int(cap.window)):
        if now in arrivals:
            chat.arrive(Alert(arrivals[now], exact=arrivals[now] in exact), now)
        chat.step(now)
    return chat


def longest_silence(chat: Chat, arrivals_until: float) -> float:
    """The longest time without a message while an alert waited."""
    times = [at for at, _ in chat.messages if at <= arrivals_until]
    return max(b - a for a, b in itertools.pairwise(times))


DEFAULT = Cap(10, 600.0)


def test_a_flood_gives_alerts_at_once_then_paced_digests_never_ten_minutes_of_silence() -> None:
    """The newcomer's flood: an alert every 3 s for 12 minutes with the default cap (10 per
    10 minutes). Before, 9 alerts then 10½ minutes of silence then a 90-item digest."""
    chat = flood(DEFAULT, every=3, seconds=720)
    times = [at for at, _ in chat.messages]
    assert [len(items) for _, items in chat.messages[:5]] == [1] * 5
    assert times[4] <= 15  # the first five as they come
    assert longest_silence(chat, 720) <= DEFAULT.window / 5 + 3
    for at in times:  # never more than the cap in any window
        assert sum(1 for t in times if at <= t < at + DEFAULT.window) <= DEFAULT.burst
    delivered = [a.n for _, items in chat.messages for a in items]
    assert sorted(delivered) == list(range(240))  # every alert exactly once


def test_a_digest_lists_the_most_important_first_then_newest() -> None:
    chat = flood(DEFAULT, every=3, seconds=300)
    digest = next(items for _, items in chat.messages if len(items) > 1)
    assert [a.n for a in digest] == sorted((a.n for a in digest), reverse=True)


def test_an_exact_place_goes_at_once_even_when_the_window_is_full_of_loose_alerts() -> None:
    """The window's last slot is kept: an exact place arriving in a paced stretch (or with
    only that slot left) goes out on its own within a second."""
    chat = flood(DEFAULT, every=3, seconds=720, exact=frozenset({60, 150}))
    for n in (60, 150):
        at, items = next((at, items) for at, items in chat.messages if any(a.n == n for a in items))
        assert items[0].n == n and at - n * 3 <= 1


def test_alerts_that_come_one_at_a_time_slowly_are_never_folded() -> None:
    """One alert every 90 s is within the cap's pace (9 loose alerts per 10 minutes): each
    goes on its own, at once."""
    chat = flood(DEFAULT, every=90, seconds=3600)
    assert all(len(items) == 1 for _, items in chat.messages)
    assert all(at == items[0].n * 90 for at, items in chat.messages)


def test_a_tiny_cap_still_delivers_everything_within_it() -> None:
    for cap in (Cap(1, 60.0), Cap(2, 60.0), Cap(3, 20.0)):
        chat = flood(cap, every=2, seconds=120)
        times = [at for at, _ in chat.messages]
        for at in times:
            assert sum(1 for t in times if at <= t < at + cap.window) <= cap.burst
        assert sorted(a.n for _, items in chat.messages for a in items) == list(range(60))


def test_alerts_released_together_go_as_one_digest() -> None:
    """Held by quiet hours (or released by a change of settings), then due at once."""
    held = [Alert(n, held=-1.0) for n in range(7)]
    decision = next_message(
        held,
        ranked=held[::-1],
        exact=False,
        released=held,
        sent=[],
        last_digest=None,
        now=1000.0,
        cap=DEFAULT,
    )
    assert decision == Decision(held)
    again = next_message(
        held,
        ranked=held[::-1],
        exact=False,
        released=held,
        sent=[990.0],
        last_digest=990.0,
        now=1000.0,
        cap=DEFAULT,
    )
    assert again == Decision([], 990.0 + DEFAULT.pace)


def test_a_batch_that_comes_at_once_is_a_few_alerts_then_one_digest_at_once() -> None:
    """Sixteen alerts in one fetch: the five most important alone, the other eleven in one
    digest straight after, not two minutes later."""
    chat = Chat(DEFAULT)
    for n in range(16):
        chat.arrive(Alert(n), 0.0)
    for now in range(6):
        chat.step(float(now))
    assert [len(items) for _, items in chat.messages] == [1, 1, 1, 1, 1, 11]
    assert [items[0].n for _, items in chat.messages[:5]] == [15, 14, 13, 12, 11]

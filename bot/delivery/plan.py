"""What a chat's next message carries under its flood cap: a pure decision over the clock,
the messages the chat received in the window and what waits, so it is tested with a clock.

A chat receives at most ``burst`` messages in any ``window`` seconds (10 per 10 minutes).
What a person wants in a flood is to hear at once that something big is happening, then
what they missed, once, in order, most important first, never a long silence while things
wait. So:

* **at once**: while more than half the window's slots are free, alerts go one by one as
  they come (the most important first when more wait than there is room for); a batch
  larger than that (a source's first fetch, say) ends in one digest of the rest, at once;
* **paced**: after that, the remaining slots are spread evenly until the window's oldest
  message ages out, and at least ``window / burst`` apart (the cap's steady pace); at each
  paced slot everything that waits goes as one message: a digest, most important first
  (or the alert alone if only one waits);
* **the last slot** (with a cap of 3 or more) is kept for an exact place or a small radius,
  which goes at once whenever any slot is free;
* **released together**: alerts held by quiet hours or a digest mode (or by a change of
  settings) that come due together go as one digest, never closer than the steady pace to
  the previous digest.

With the defaults, a flood gives 5 alerts at once, then a digest about every two minutes;
the longest silence while something waits is about a fifth of the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, NamedTuple, TypeVar

Item = TypeVar("Item")


class Cap(NamedTuple):
    """A chat's flood cap: at most ``burst`` messages in any ``window`` seconds."""

    burst: int
    window: float

    @property
    def reserve(self) -> int:
        """Slots kept for an exact place: the window's last one, with a cap of 3 or more."""
        return 1 if self.burst >= 3 else 0

    @property
    def paced(self) -> int:
        """How many of the other slots are spread over the window rather than used at once."""
        return (self.burst - self.reserve) // 2

    @property
    def pace(self) -> float:
        """The cap's steady pace: the least time between two paced messages or two digests."""
        return self.window / self.burst


class Decision(NamedTuple, Generic[Item]):
    """The rows of the next message now (one: an alert; several: a digest), or none and
    when to look again (``wait_until``)."""

    send: list[Item]
    wait_until: float | None = None


def next_message(
    alerts: Sequence[Item],
    *,
    ranked: Sequence[Item],
    exact: bool,
    released: Sequence[Item],
    sent: Sequence[float],
    last_digest: float | None,
    now: float,
    cap: Cap,
) -> Decision[Item]:
    """The next message for a chat with ``alerts`` waiting (oldest first; ``ranked``: the
    same, most important first; ``exact``: whether the first of those is an exact place;
    ``released``: those that were held and are now due together), given the send times of
    the messages in the window (``sent``, oldest first) and of the last digest."""
    if not alerts:
        return Decision([])
    room = cap.burst - len(sent)
    if room <= 0:
        return Decision([], sent[0] + cap.window)
    usable = room - cap.reserve
    if exact and usable <= cap.paced:
        return Decision(list(ranked[:1]))
    if usable <= 0:
        return Decision([], sent[0] + cap.window)
    if usable <= cap.paced:
        last = sent[-1]
        spread = (sent[0] + cap.window - last) / (usable + 1)
        # The first paced slot folds a batch that came at once (several waiting) right away.
        at = now if usable == cap.paced and len(ranked) > 1 else last + max(spread, cap.pace)
        if len(ranked) > 1 and last_digest is not None:
            at = max(at, last_digest + cap.pace)
        return Decision(list(ranked)) if now >= at else Decision([], at)
    if len(released) > 1:
        if last_digest is not None and now < last_digest + cap.pace:
            return Decision([], last_digest + cap.pace)
        return Decision(list(released))
    return Decision(list(ranked[:1]) if len(alerts) >= room else list(alerts[:1]))

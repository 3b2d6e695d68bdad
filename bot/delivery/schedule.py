"""When a queued alert may go out, and which alert matters most: the chat's steering.

Three things decide it, all in the chat's own time zone:

* **quiet hours** (``23:00–07:00``): nothing goes out inside them; what matched waits and
  arrives as one digest when they end;
* each subscription's **delivery mode**: ``instant``, ``hourly`` (a digest at the top of each
  local hour) or ``daily`` (a digest at a chosen local time); an alert goes out at once if
  any of the subscriptions it matched is instant;
* **priority**, when a chat's flood window is nearly full: an exact place or a small radius
  outranks a phrase or a several-word topic, which outranks one broad word, a country or a
  large radius; newer outranks older.

Times are computed with :mod:`zoneinfo`, so quiet hours across midnight and days when the
clocks change end at the local time the person chose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Final, Protocol, TypeVar
from zoneinfo import ZoneInfo

from bot.match.places import POINT_PREFIX
from bot.models import Reason, Relation, Steering, Subscription


class HasReasons(Protocol):
    """A queued alert or a delivered digest item: its entry and why it matched."""

    @property
    def entry_id(self) -> int: ...

    @property
    def reasons(self) -> tuple[Reason, ...]: ...


INSTANT: Final = "instant"
HOURLY: Final = "hourly"
DAILY: Final = "daily"
SMALL_RADIUS_KM = 50.0
"""A followed radius (or a distance) up to this is "near": such alerts rank first."""
_CITY_KINDS = ("city:", POINT_PREFIX)


def _at_minute(day: datetime, minute: int, tz: ZoneInfo) -> datetime:
    """``day``'s local date at ``minute`` of the day, as an aware time. A time the clocks
    skip (a spring-forward gap) is the first valid moment after it."""
    naive = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
    local = naive.replace(tzinfo=tz)
    # Round-trip through UTC: a nonexistent local time comes back shifted forward.
    return local.astimezone(ZoneInfo("UTC")).astimezone(tz)


def _next_minute(now: float, minute: int, tz: ZoneInfo) -> float:
    """The first moment after ``now`` when the local clock shows ``minute``."""
    today = datetime.fromtimestamp(now, tz)
    for days in range(3):
        moment = _at_minute(today + timedelta(days=days), minute, tz).timestamp()
        if moment > now:
            return moment
    raise AssertionError("a local minute recurs within two days")


def quiet_until(steering: Steering, now: float) -> float | None:
    """When the quiet hours around ``now`` end, or None if ``now`` is not in them."""
    if not steering.has_quiet_hours:
        return None
    assert steering.quiet_start is not None and steering.quiet_end is not None
    tz = steering.tz
    local = datetime.fromtimestamp(now, tz)
    minute = local.hour * 60 + local.minute
    start, end = steering.quiet_start, steering.quiet_end
    inside = start <= minute < end if start < end else (minute >= start or minute < end)
    return _next_minute(now, end, tz) if inside else None


def next_digest(subscription: Subscription, steering: Steering, now: float) -> float:
    """When the subscription's next digest goes out (``now`` for instant ones)."""
    tz = steering.tz
    if subscription.mode == HOURLY:
        local = datetime.fromtimestamp(now, tz).replace(minute=0, second=0, microsecond=0)
        return (local + timedelta(hours=1)).timestamp()
    if subscription.mode == DAILY:
        return _next_minute(now, subscription.digest_at or 0, tz)
    return now


def release_at(
    reasons: Sequence[Reason],
    subscriptions: Mapping[int, Subscription],
    steering: Steering,
    now: float,
) -> float:
    """When an alert with these reasons may go out: now if one of its live subscriptions is
    instant, else at the earliest of their digests; never inside quiet hours."""
    live = [subscriptions[r.subscription_id] for r in reasons if r.subscription_id in subscriptions]
    notes = any(r.relation is Relation.NOTE for r in reasons)
    due = now
    if live and not notes and all(s.mode != INSTANT for s in live):
        due = min(next_digest(s, steering, now) for s in live)
    quiet = quiet_until(steering, due)
    return quiet if quiet is not None else due


def tier(reason: Reason, subscription: Subscription | None) -> int:
    """How much one reason matters: 0 an exact place or a small radius, 1 a phrase, a
    several-word topic or a larger radius, 2 one broad word, a country or a region."""
    if reason.relation is Relation.NOTE or subscription is None:
        return 2
    if reason.relation is Relation.SOURCE:
        return 1  # a source the person chose to follow
    if reason.relation is Relation.TOPIC:
        words = subscription.query.replace('"', " ").split()
        return 1 if len(words) > 1 or '"' in subscription.query else 2
    if reason.relation is Relation.WITHIN:
        near = subscription.radius_km <= SMALL_RADIUS_KM or reason.km <= SMALL_RADIUS_KM / 2
        return 0 if near else 1
    if reason.relation is Relation.PLACE and (subscription.place or "").startswith(_CITY_KINDS):
        return 0 if subscription.radius_km <= SMALL_RADIUS_KM else 1
    return 2  # a country or region followed as a whole, or a city inside it


def rank(
    reasons: Sequence[Reason], subscriptions: Mapping[int, Subscription]
) -> tuple[int, int | None]:
    """(tier, the subscription that gives it): an alert is as important as its most
    important reason, and its buttons act on that subscription."""
    best: tuple[int, int | None] = (3, None)
    for reason in reasons:
        subscription = subscriptions.get(reason.subscription_id)
        if subscription is None and reason.relation is not Relation.NOTE:
            continue
        found = (tier(reason, subscription), subscription.id if subscription else None)
        if found[0] < best[0]:
            best = found
    return best


Ranked = TypeVar("Ranked", bound=HasReasons)


def most_important_first(
    items: Sequence[Ranked], subscriptions: Mapping[int, Subscription]
) -> list[Ranked]:
    """Alerts (or digest items) by :func:`rank`, newest first within a tier."""
    return sorted(items, key=lambda i: (rank(i.reasons, subscriptions)[0], -i.entry_id))

"""When held alerts go out (quiet hours, digests, in the chat's time zone, across midnight
and clock changes) and which alert matters most."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.delivery import schedule
from bot.models import Reason, Relation, Steering, Subscription

KYIV = ZoneInfo("Europe/Kyiv")
NIGHT = Steering("Europe/Kyiv", 23 * 60, 7 * 60)


def at(text: str, tz: ZoneInfo = KYIV) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=tz).timestamp()


def local(timestamp: float, tz: ZoneInfo = KYIV) -> str:
    return datetime.fromtimestamp(timestamp, tz).strftime("%Y-%m-%d %H:%M")


def test_quiet_hours_across_midnight() -> None:
    """23:00–07:00 holds at 23:30 and at 02:00 until 07:00 local, and not at 07:00 or 22:59."""
    assert local(schedule.quiet_until(NIGHT, at("2026-11-25 23:30")) or 0) == "2026-11-26 07:00"
    assert local(schedule.quiet_until(NIGHT, at("2026-11-26 02:00")) or 0) == "2026-11-26 07:00"
    assert schedule.quiet_until(NIGHT, at("2026-11-26 07:00")) is None
    assert schedule.quiet_until(NIGHT, at("2026-11-25 22:59")) is None
    assert schedule.quiet_until(Steering("UTC", 60, 60), at("2026-11-25 01:30")) is None


def test_quiet_hours_end_at_the_local_time_on_days_the_clocks_change() -> None:
    """The night the clocks go forward (29 Mar 2026 in Kyiv) and back (25 Oct), quiet hours
    still end at 07:00 local: 7 and 9 hours after 23:00 the evening before."""
    spring = schedule.quiet_until(NIGHT, at("2026-03-28 23:00")) or 0
    assert local(spring) == "2026-03-29 07:00" and spring - at("2026-03-28 23:00") == 7 * 3600
    autumn = schedule.quiet_until(NIGHT, at("2026-10-24 23:00")) or 0
    assert local(autumn) == "2026-10-25 07:00" and autumn - at("2026-10-24 23:00") == 9 * 3600
    # A quiet end inside the skipped hour (03:30 on 29 Mar) is the first moment after it.
    gap = Steering("Europe/Kyiv", 60, 3 * 60 + 30)
    assert local(schedule.quiet_until(gap, at("2026-03-29 02:30")) or 0) == "2026-03-29 04:30"


def sub(sid: int, query: str = "storm", **values: object) -> Subscription:
    return Subscription(sid, 1, query, 0, **values)  # type: ignore[arg-type]


def test_digest_modes_release_at_their_local_time() -> None:
    """Hourly: the next local hour; daily at 08:00: tomorrow's 08:00 after it passed; an
    alert that also matched an instant subscription goes now; quiet hours win."""
    now = at("2026-11-25 10:20")
    hourly, daily = sub(1, mode="hourly"), sub(2, mode="daily", digest_at=8 * 60)
    instant = sub(3)
    subs = {1: hourly, 2: daily, 3: instant}
    topic = Relation.TOPIC
    steering = Steering("Europe/Kyiv")
    assert local(schedule.release_at([Reason(1, topic)], subs, steering, now)) == "2026-11-25 11:00"
    assert local(schedule.release_at([Reason(2, topic)], subs, steering, now)) == "2026-11-26 08:00"
    both = [Reason(2, topic), Reason(3, topic)]
    assert schedule.release_at(both, subs, steering, now) == now
    night = schedule.release_at([Reason(3, topic)], subs, NIGHT, at("2026-11-25 23:10"))
    assert local(night) == "2026-11-26 07:00"


def test_exact_places_outrank_phrases_which_outrank_broad_words() -> None:
    """An exact city or a small radius first, then phrases and larger radii, then one broad
    word or a whole country; the newest first within a tier."""
    subs = {
        1: sub(1, "ukraine"),
        2: sub(2, "peace talks"),
        3: sub(3, "Kharkiv", place="city:706483"),
        4: sub(4, "Ukraine", place="country:UA"),
        5: sub(5, "Kyiv", place="city:703448", radius_km=300),
    }
    assert schedule.rank([Reason(3, Relation.PLACE)], subs) == (0, 3)
    assert schedule.rank([Reason(2, Relation.TOPIC)], subs) == (1, 2)
    assert schedule.rank([Reason(5, Relation.WITHIN, "city:1", 200)], subs) == (1, 5)
    assert schedule.rank([Reason(5, Relation.WITHIN, "city:1", 10)], subs) == (0, 5)
    assert schedule.rank([Reason(1, Relation.TOPIC), Reason(4, Relation.INSIDE)], subs)[0] == 2
    assert schedule.rank([Reason(1, Relation.TOPIC), Reason(3, Relation.PLACE)], subs) == (0, 3)

"""Time zones as people type them: "Europe/Kyiv", "europe/kyiv", "Kyiv", "Київ", "UTC+2";
and the zone at a shared location.

A city (or country) is found in the gazetteer, as /place finds it, and its zone looked up at
its point; an offset becomes the fixed zone of that offset (all year, no summer time).
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

from bot.geo.gazetteer import Gazetteer

_OFFSET_RE = re.compile(r"^(?:utc|gmt)?\s*([+\-−])\s*(\d{1,2})(?::?00)?$", re.IGNORECASE)
LIKELY = {"uk": ("Europe/Kyiv",), "ru": ("Europe/Kyiv", "Europe/Moscow")}
"""The zones offered first to a chat that reads this language and has set none."""


@cache
def _names() -> dict[str, str]:
    """Every IANA zone by its folded name ("europe/kyiv", "america/new york")."""
    return {key.lower().replace("_", " "): key for key in available_timezones()}


def zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA time zone at a point (None at sea or when unknown). The finder maps its
    data files for this one look-up and closes them (such look-ups are rare)."""
    from timezonefinder import TimezoneFinder  # its shapes load on first use only

    with TimezoneFinder() as finder:
        name = finder.timezone_at(lat=latitude, lng=longitude)
    return str(name) if name else None


def find_zone(text: str, gazetteer: Gazetteer | None) -> str | None:
    """The IANA zone ``text`` names: a zone written any case ("europe/kyiv"), "UTC", an
    offset ("UTC+2", "+3": Etc/GMT-2, Etc/GMT-3), or a city or country the gazetteer knows
    ("Kyiv", "Київ", "Харкова"); None if none."""
    typed = " ".join(text.split())
    if typed.lower() in ("utc", "gmt", "z"):
        return "UTC"
    found = _names().get(typed.lower().replace("_", " "))
    if found is not None:
        return found
    offset = _OFFSET_RE.match(typed)
    if offset is not None:
        hours = int(offset.group(2))
        if hours == 0:
            return "UTC"
        sign = "-" if offset.group(1) == "+" else "+"  # POSIX: Etc/GMT-2 is two hours ahead
        zone = f"Etc/GMT{sign}{hours}"
        return zone if zone in available_timezones() else None
    places = gazetteer.lookup(typed) if gazetteer is not None else []
    return zone_at(places[0].lat, places[0].lon) if places else None


def shown(zone: str) -> str:
    """A zone as people read it: "Europe/Kyiv"; a fixed offset as "UTC+2", not POSIX's
    reversed "Etc/GMT-2"."""
    offset = re.fullmatch(r"Etc/GMT([+-])(\d+)", zone)
    if offset is None:
        return zone
    return f"UTC{'-' if offset.group(1) == '+' else '+'}{offset.group(2)}"

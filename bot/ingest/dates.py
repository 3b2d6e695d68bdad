"""Dates that feeds write in ways feedparser does not read on its own.

Some feeds write RFC 822 dates with local day and month names (``Seg, 24 Set 2018``,
``mer, 16 nov 2022``); we translate the names to English and hand the result to the standard
parser, registered through feedparser's own extension point. JSON Feed dates are RFC 3339,
though some feeds put RFC 822 there.
"""

from __future__ import annotations

import email.utils
import re
import time
from datetime import datetime

import feedparser

# Month abbreviations in Portuguese, Spanish, Italian, French, German and Dutch.
_MONTHS = {
    "jan": "Jan", "janv": "Jan", "ene": "Jan", "gen": "Jan", "jän": "Jan",
    "fev": "Feb", "fév": "Feb", "feb": "Feb", "févr": "Feb",
    "mar": "Mar", "mär": "Mar", "mars": "Mar", "mrt": "Mar",
    "abr": "Apr", "apr": "Apr", "avr": "Apr",
    "mai": "May", "mag": "May", "may": "May", "mei": "May",
    "jun": "Jun", "giu": "Jun", "juin": "Jun",
    "jul": "Jul", "lug": "Jul", "juil": "Jul",
    "ago": "Aug", "aug": "Aug", "août": "Aug", "aou": "Aug",
    "set": "Sep", "sep": "Sep", "sept": "Sep",
    "out": "Oct", "oct": "Oct", "ott": "Oct", "okt": "Oct",
    "nov": "Nov",
    "dez": "Dec", "dic": "Dec", "déc": "Dec", "dec": "Dec",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+\.?")


def _localized_rfc822(value: str) -> tuple[int, ...] | None:
    """feedparser date handler: RFC 822 with non-English day and month names."""
    text = value.strip()
    if "," in text[:12]:
        text = text.split(",", 1)[1]
    translated = _WORD.sub(lambda m: _MONTHS.get(m.group().rstrip(".").casefold(), m.group()), text)
    parsed = email.utils.parsedate_tz(translated)
    if parsed is None:
        return None
    timestamp = email.utils.mktime_tz(parsed)
    return tuple(time.gmtime(timestamp))


feedparser.registerDateHandler(_localized_rfc822)


def struct_to_epoch(value: time.struct_time | None) -> float | None:
    """A feedparser UTC struct_time as a Unix timestamp."""
    if value is None:
        return None
    try:
        return float(email.utils.mktime_tz((*value[:9], 0)))
    except (OverflowError, ValueError, TypeError):
        return None


def parse_any(value: object) -> float | None:
    """An RFC 3339 or RFC 822 date string as a Unix timestamp, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            return None
        return moment.timestamp()
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(text)
    return float(email.utils.mktime_tz(parsed)) if parsed else None

"""Reading button data, which is client input like any other: a forged button can carry
anything up to 64 bytes, so every field is checked as strictly as typed input.

Numbers are ASCII digits only (``int("١٠٠")`` and ``float("inf")`` are valid Python but no
button of ours sends them); ids fit SQLite's integers; a radius is one the button could
have offered.
"""

from __future__ import annotations

import re

_ID = re.compile(r"[1-9][0-9]{0,17}")
_KM = re.compile(r"(?:0|[1-9][0-9]{0,4})(?:\.[0-9]{1,2})?")


_SMALL = re.compile(r"0|[1-9][0-9]{0,4}")


def parse_small(text: str) -> int | None:
    """A small number from button data (a page, an hour, a list position: 0 to 99,999 in
    ASCII digits; "²", "①" and "١" are digits to ``str.isdigit`` but no button's), or None."""
    return int(text) if _SMALL.fullmatch(text) else None


def parse_id(text: str) -> int | None:
    """A row id from button data, or None."""
    return int(text) if _ID.fullmatch(text) else None


def parse_km(text: str, *, largest: float, allowed: tuple[float, ...] = ()) -> float | None:
    """A radius in km from button data: 0 (the place itself) or 1 to ``largest``, and one of
    ``allowed`` when given; else None."""
    if not _KM.fullmatch(text):
        return None
    km = float(text)
    if allowed and km not in allowed:
        return None
    if km != 0 and not 1 <= km <= largest:
        return None
    return km

"""Time zones and quiet hours as people type them (newcomer trial, defect 18)."""

from __future__ import annotations

import pytest

from bot.geo.gazetteer import load
from bot.handlers.settings import parse_quiet
from bot.handlers.zones import find_zone, shown


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Kyiv", "Europe/Kyiv"),
        ("europe/kyiv", "Europe/Kyiv"),
        ("america/new york", "America/New_York"),
        ("Kyiv", "Europe/Kyiv"),
        ("Київ", "Europe/Kyiv"),
        ("Харкова", "Europe/Kyiv"),
        ("Tokyo", "Asia/Tokyo"),
        ("utc", "UTC"),
        ("UTC+2", "Etc/GMT-2"),
        ("GMT-5", "Etc/GMT+5"),
        ("+3", "Etc/GMT-3"),
    ],
)
def test_a_zone_is_found_however_it_is_typed(typed: str, zone: str) -> None:
    assert find_zone(typed, load()) == zone


@pytest.mark.parametrize("typed", ["Mars/Olympus", "UTC+15", "nowhere at all"])
def test_what_names_no_zone_is_refused(typed: str) -> None:
    assert find_zone(typed, load()) is None


def test_a_fixed_offset_reads_as_people_write_it() -> None:
    assert shown("Etc/GMT-2") == "UTC+2" and shown("Etc/GMT+5") == "UTC-5"
    assert shown("Europe/Kyiv") == "Europe/Kyiv"


@pytest.mark.parametrize(
    "typed",
    ["23:00-07:00", "23-7", "23:00 07:00", "23 7", "from 23 to 7", "з 23 до 7", "23.00 – 07.00"],
)
def test_quiet_hours_are_read_with_a_space_a_dash_or_words(typed: str) -> None:
    assert parse_quiet(typed) == (23 * 60, 7 * 60)


@pytest.mark.parametrize("typed", ["abc", "25-7", "23:75-07:00", "23"])
def test_malformed_quiet_hours_are_refused(typed: str) -> None:
    assert parse_quiet(typed) is None

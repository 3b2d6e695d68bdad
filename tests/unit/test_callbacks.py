"""Button data: one registry of kinds, each written and read the same way."""

from __future__ import annotations

import re

import pytest

from bot.delivery import callbacks
from bot.delivery.callbacks import MAX_BYTES, SETTINGS, Kind, register


def test_a_name_taken_or_malformed_is_refused() -> None:
    with pytest.raises(ValueError, match="taken already by the /settings menu"):
        register("st", "a second settings menu")
    for name in ("", "s", "st:", "Settings", "a1", "toolongname"):
        with pytest.raises(ValueError, match="2-8 lower-case letters"):
            register(name, "a malformed kind")


def test_data_is_written_and_read_back_field_by_field() -> None:
    data = SETTINGS.data("M", 42, "h")
    assert data == "st:M:42:h"
    assert SETTINGS.fields(data) == ["M", "42", "h"]
    assert SETTINGS.rest("st:pick:city:1") == "pick:city:1"
    assert SETTINGS.fields("sr:3") == [] and SETTINGS.rest("sr:3") == ""
    assert SETTINGS.fields(None) == [] and SETTINGS.fields("st") == []


def test_data_past_telegrams_64_bytes_is_refused_where_it_is_written() -> None:
    with pytest.raises(ValueError, match="over 64 bytes"):
        SETTINGS.data("x" * MAX_BYTES)
    assert len(SETTINGS.data("x" * (MAX_BYTES - 3)).encode()) == MAX_BYTES


def test_every_kind_routes_only_its_own_taps() -> None:
    kinds = [k for k in vars(callbacks).values() if isinstance(k, Kind)]
    assert len({k.name for k in kinds}) == len(kinds) >= 12
    for kind in kinds:
        data = kind.data("1")
        assert [other.name for other in kinds if re.match(other.pattern, data)] == [kind.name]

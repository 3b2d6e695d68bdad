"""Spellings of Arabic place names as news writes them (bot.geo.arabic_names)."""

from __future__ import annotations

import pytest

from bot.geo.arabic_names import article_spellings, without_article


@pytest.mark.parametrize(
    ("name", "spellings"),
    [
        ("El Obeid", ["Al Obeid", "Al-Obeid", "El-Obeid"]),
        ("Deir el-Balah", ["Deir al Balah", "Deir al-Balah", "Deir el Balah"]),
        ("Ar-Raqqah", ["Ar Raqqah"]),  # an article the next letter took keeps its letter
        ("Port Said", []),
        ("Ras al Khaimah", ["Ras al-Khaimah", "Ras el Khaimah", "Ras el-Khaimah"]),
    ],
)
def test_articles_are_joined_both_ways(name: str, spellings: list[str]) -> None:
    assert article_spellings(name) == spellings


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("Al Qāmishlī", "Qāmishlī"),
        ("Al ‘Amārah", "Amārah"),
        ("Al Bāb", None),  # too short to name a town alone
        ("Dayr al Balah", None),  # the article is not the name's first word
        ("Alexandria", None),
    ],
)
def test_a_name_without_its_leading_article(name: str, bare: str | None) -> None:
    assert without_article(name) == bare

"""The names of a city's or a state's people (bot.geo.residents)."""

from __future__ import annotations

from bot.geo import gazetteer
from bot.geo.residents import ENGLISH, cyrillic_forms


def test_residents_are_inflected_in_every_case_and_both_numbers() -> None:
    forms = {form for form, key in cyrillic_forms() if key == "city:703448"}
    assert {"киянин", "кияни", "киян", "киянам", "киянка", "киянці", "киевляне", "киевлян"} <= forms
    kharkiv = {form for form, key in cyrillic_forms() if key == "city:706483"}
    assert {"харків'ян", "харків’ян", "харків'яни", "харківці", "харьковчане"} <= kharkiv
    moscow = {form for form, key in cyrillic_forms() if key == "city:524901"}
    assert {"москвичі", "москвичів", "москвичи", "москвичей", "москвичка"} <= moscow
    zaporizhzhia = {form for form, key in cyrillic_forms() if key == "city:687700"}
    assert {"запоріжці", "запоріжців", "запорожцы", "запорожцев"} <= zaporizhzhia
    mariupol = {form for form, key in cyrillic_forms() if key == "city:701822"}
    assert {"маріупольці", "маріупольців", "мариупольцы"} <= mariupol  # a softened "л"
    assert "маріуполці" not in mariupol
    tula = {form for form, key in cyrillic_forms() if key == "city:480562"}
    assert {"туляки", "туляків", "туляков", "тулякам"} <= tula


def test_every_resident_names_a_place_the_gazetteer_has() -> None:
    places = gazetteer.load().places
    keys = {key for _, key in cyrillic_forms()} | set(ENGLISH.values())
    assert not {key for key in keys if key not in places}

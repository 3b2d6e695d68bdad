"""Britain's and Ireland's counties as their news names them: "Kent Police", "floods in
Cumbria", "a farm in Devon", "County Antrim", "in Co Kerry", "в графстві Кент".

The GeoNames data our packages ship knows the two countries' cities, Britain's four nations
(England, Scotland, Wales, Northern Ireland) and Ireland's four provinces, but no county,
so "Cornwall" was a town in Ontario, "Cumbria" Cumberland in Maryland, and "Yorkshire",
"Devon", "Donegal", "Co Kerry" nothing. Each county of the table ``counties.tsv`` beside
this module is a place of its own (:attr:`bot.geo.place.PlaceKind.COUNTY`), placed at its
middle, within its nation or province: its followers hear of it, and so do its nation's,
province's and country's followers, as of a place in them.

Listed: England's ceremonial counties and the historic "Yorkshire" and "Sussex" news still
uses; Scotland's and Wales's council areas named apart from a city; Northern Ireland's six
counties; Ireland's counties but Dublin. A county named like its main city ("Bristol",
"Cardiff", "Cork") is that city bare and the county as "County Cork", "Co Cork", "Co.
Cork"; so are names that are mostly something else in English news ("Down", "Tyrone",
"Kerry", "Mayo", "Clare"); "Angus" and "Highland" are left out. A county's people (the
censuses of 2021 and 2022, rounded) weigh it against a town abroad of its name as a
region's do: "Norfolk" alone is Norfolk, Virginia, unless the text or its source is
Britain's; "Kent" alone is the county.
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import NamedTuple

TABLE = "counties.tsv"
KEY_PREFIX = "county:"

SHOWN_ONLY = frozenset(
    (
        "Даун Дарем Антрім Антрим Лондондеррі Лондондерри Арма Корк Керрі Керри Клер Клэр "
        "Лімерик Лимерик Вотерфорд Уотерфорд Голвей Голуэй Слайго Вексфорд Уэксфорд Карлоу "
        "Кілкенні Килкенни Лонгфорд Міт Мит"
    ).split()
)
"""Ukrainian and Russian names a county is shown by but not found by: an ordinary word
("Даун" is Down syndrome, "мит" duties), a given name ("Керрі", "Клер") or a town's name
too ("Дарем", "Корк", "Лімерик")."""


class County(NamedTuple):
    """A county: its key, nation (ISO 3166-2), middle and people; its names in English,
    Ukrainian and Russian; its other names (any of the three)."""

    key: str
    nation: str
    lat: float
    lon: float
    population: int
    names: tuple[str, str, str]
    also: tuple[str, ...]


def counties() -> list[County]:
    """The counties of the shipped table."""
    text = resources.files("bot.geo").joinpath(TABLE).read_text(encoding="utf-8")
    rows = csv.reader((line for line in text.splitlines() if not line.startswith("#")),
                      delimiter="\t")  # fmt: skip
    found = []
    for ident, nation, lat, lon, people, english, ukrainian, russian, also in rows:
        names = (english, ukrainian, russian)
        other = tuple(filter(None, also.split("; ")))
        found.append(County(f"{KEY_PREFIX}{ident}", nation, float(lat), float(lon), int(people),
                            names, other))  # fmt: skip
    return found

"""Britain's counties as its news names them: "Kent Police", "floods in Cumbria", "a farm in
Devon", "County Antrim", "в графстві Кент".

The GeoNames data our packages ship knows Britain's cities and its four nations (England,
Scotland, Wales, Northern Ireland) but no county, so "Cornwall" was a town in Ontario,
"Cumbria" Cumberland in Maryland, "Middlesex" New Brunswick in New Jersey, and "Yorkshire",
"Devon", "Hampshire" nothing. Each county of the table ``counties.tsv`` beside this module
is a place of its own (:attr:`bot.geo.place.PlaceKind.COUNTY`), placed at its middle, within
its nation: its followers hear of it, its nation's and the kingdom's followers hear of it as
of a place in them.

Listed: England's ceremonial counties and the historic "Yorkshire" and "Sussex" news still
uses; Scotland's and Wales's council areas named apart from a city; Northern Ireland's six
counties. Left out are those named like their main city ("Bristol", "Cardiff", "Stirling":
the city stands for them) and names that are mostly something else in English news
("Angus", "Highland"; "Down", "Tyrone" and "Antrim" bare: "County Down", "Co Tyrone" are
theirs). A county's people (the 2021 and 2022 censuses, rounded) weigh it against a town
abroad of its name as a region's do: "Norfolk" alone is Norfolk, Virginia, unless the text
is Britain's; "Kent" alone is the county.
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import NamedTuple

TABLE = "counties.tsv"
KEY_PREFIX = "county:gb-"

SHOWN_ONLY = frozenset({"Даун", "Дарем", "Антрім", "Антрим", "Лондондеррі", "Лондондерри", "Арма"})
"""Ukrainian and Russian names a county is shown by but not found by: an ordinary word ("Даун"
is Down syndrome) or a town's name too ("Дарем", "Антрім", "Лондондеррі")."""


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

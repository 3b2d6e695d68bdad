"""A place: what kind it is, where it lies, which country and region it belongs to.

The gazetteer's builders, the gazetteer and everything that reads places share this one
shape; it stands apart so that the builders need not import the gazetteer they build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

_K = TypeVar("_K")

SMALL_TOWNS = 500
SMALL_TOWN_COUNTRIES = frozenset({"UA"})
SMALL_TOWN_REGIONS = {"RU-BEL": ("RU", "09"), "RU-KRS": ("RU", "41"), "RU-BRY": ("RU", "10")}
"""... and the regions of other countries (by their GeoNames country and admin1 codes)
bordering the front: "в Грайвороне", "Суджа", "Глушково" are its news too."""
NEWS_OWN_COUNTRIES = frozenset({"UA", "RU", "BY"})
"""The countries Ukrainian and Russian news is about most: it names a region's centre there
by its adjective whatever its size ("Херсонську", "магаданский"), a mixed text quotes their
towns in Latin letters too ("Belgorod"), and their cities' districts, which GeoNames lists
as towns, are their cities' news (see :meth:`bot.geo.gazetteer.Gazetteer.part_of`)."""
COUNTY_NOUNS = (" County", " Parish", " Borough")
"""How the names of US counties end ("Tarrant County", "Rapides Parish"): the builder reads
them so, the tagger tells a county's name by them."""
SMALL_TOWN_CEILING = 15000
"""Where towns and villages of ``SMALL_TOWNS`` people and more are known whatever the
configured minimum: a war's news names them ("Chasiv Yar", "у Врадіївці", "Robotyne").
The builder adds them, the tagger takes a name only such towns bear with support."""


class PlaceKind(StrEnum):
    """What a place is: containment follows country > region > city; an area (a continent,
    "the Middle East", "Donbas") covers countries or regions (see :mod:`bot.geo.aliases`); a
    county ("Kent", "Cumbria") lies in a region, placed at its middle, and holds no city of
    ours (see :mod:`bot.geo.counties`)."""

    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    AREA = "area"
    COUNTY = "county"


@dataclass(frozen=True, slots=True)
class Place:
    """A place with a point, its country and (where the data has it) its first-level region."""

    key: str
    name: str
    kind: PlaceKind
    lat: float
    lon: float
    country: str
    region: str | None
    population: int

    def label(self, gazetteer: Naming, language: str = "en") -> str:
        """'Kyiv, Ukraine', 'Athens, Georgia, United States', 'Ukraine' ('Київ, Україна' in
        Ukrainian)."""
        if self.kind in (PlaceKind.COUNTRY, PlaceKind.AREA):
            return gazetteer.name_in(self, language)
        parts = [gazetteer.name_in(self, language)]
        # Addresses name the state in the US ("Athens, Georgia"); elsewhere the country does.
        if self.region and self.kind is PlaceKind.CITY and self.country == "US":
            parts.append(gazetteer.name_in(gazetteer.places[f"region:{self.region}"], language))
        parts.append(gazetteer.country_name(self.country, language))
        return ", ".join(parts)


class Naming(Protocol):
    """What naming a place takes: each place's name in a language (the gazetteer has it)."""

    places: dict[str, Place]

    def name_in(self, place: Place, language: str) -> str:
        """The place's name in ``language``."""

    def country_name(self, code: str, language: str = "en") -> str:
        """The name of the country with ISO code ``code`` in ``language``."""


def most_populous(places: Iterable[Place], key: Callable[[Place], _K]) -> dict[_K, Place]:
    """The most populous of the places sharing each ``key`` (several cities share a name:
    "Washington" is the capital, not the town in Utah)."""
    return {key(place): place for place in sorted(places, key=lambda place: place.population)}


def small_town(place: Place) -> bool:
    """Whether the place is one of the small towns known only in :data:`SMALL_TOWN_COUNTRIES`
    and :data:`SMALL_TOWN_REGIONS` (below the gazetteer's usual minimum): a name only such
    towns bear needs support."""
    return (
        place.kind is PlaceKind.CITY
        and (place.country in SMALL_TOWN_COUNTRIES or place.region in SMALL_TOWN_REGIONS)
        and place.population < SMALL_TOWN_CEILING
    )

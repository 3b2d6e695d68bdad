"""First-level regions of the countries :mod:`bot.geo.regions` does not list by hand: the
provinces, states, prefectures and governorates of the rest of the world ("Sichuan",
"Punjab", "Kerala", "Aleppo", "Gaza Strip", "Western Cape"), named from GeoNames
(:mod:`bot.geo.admin1`) and, where pycountry has the same region, by its ISO 3166-2 name and
its Ukrainian and Russian translations ("Сичуань", "Пенджаб").

A region is linked to pycountry's when their names agree closely once designations are
dropped ("Gansu Sheng", "Örebro län"); it then takes the ISO code as its key, as the hand-listed
regions do; otherwise its key is GeoNames' ("SY.09" for Aleppo). Names that would tag
ordinary words are not given: an English word in everyday use ("Central", "Delta", "Van"),
a name made only of directions and designations ("North West", "Central Region"), a Cyrillic
word the dictionary knows as something other than a place ("Південна"). Countries whose first
level is their municipalities (Slovenia, North Macedonia, Malta, Latvia, Puerto Rico) have
none: their municipalities are their towns.
"""

from __future__ import annotations

import gettext
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry
from rapidfuzz import fuzz

from bot.geo.admin1 import load
from bot.geo.place import Place
from bot.text.morphology import CYRILLIC, could_be_a_place_in_russian, known_word, knows_place
from bot.text.terms import fold

MUNICIPAL = frozenset({"SI", "MK", "MT", "LV", "PR"})
_DESIGNATIONS = frozenset({
    "sheng", "shi", "zizhiqu", "province", "provincia", "region", "governorate", "prefecture",
    "district", "rayon", "rayonu", "marz", "oblysy", "qalasy", "fylke", "rajons", "county",
    "state", "department", "departamento", "estado", "muhafazat", "mintaqat", "wilayat-e",
    "changwat", "huyen", "opstina", "lan", "laani", "area", "territory", "municipality",
})  # fmt: skip
_GENERIC = _DESIGNATIONS | {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "far", "upper", "lower", "middle", "capital", "federal", "and", "of",
    "the", "north-west", "north-east", "south-west", "south-east", "northwest", "northeast",
    "southwest", "southeast", "metropolitan", "autonomous", "nord", "sud", "est", "ouest",
    "extreme", "haut", "bas", "norte", "sur", "este", "oeste", "centro", "leste", "sul",
}  # fmt: skip
_ELSEWHERE = frozenset({"midlands", "red sea"})
"""Names English news mostly gives somewhere else: England's Midlands, the sea."""
_SAME = 90  # rapidfuzz ratio from which a GeoNames and an ISO name are one region's


def short(name: str) -> str:
    """The name without designations: "Gansu Sheng" -> "Gansu", "Muhafazat Kirkuk" ->
    "Kirkuk", "Xinjiang Uygur Zizhiqu" -> "Xinjiang"; the name itself when nothing is left."""
    words = name.replace("[", " ").replace("]", " ").split()
    if words and fold(words[-1]) == "zizhiqu":  # "<name> <people> Zizhiqu"
        return words[0]
    kept = [w for w in words if fold(w) not in _DESIGNATIONS]
    return " ".join(kept) if kept else name


def fit(name: str, country: str, common: Collection[str]) -> bool:
    """Whether ``name`` can stand for a region of ``country`` in text without tagging
    ordinary words, another place, or the country itself (Taiwan Province, México state)."""
    folded = fold(name)
    words = folded.replace("-", " ").split()
    if not words or all(w in _GENERIC for w in words) or folded in _ELSEWHERE:
        return False
    if folded in _country_names(country):
        return False
    if len(words) > 1:
        return True
    if CYRILLIC.search(name):  # "Мета" (Meta, Colombia) is "aim"; "Південна", "southern"
        return could_be_a_place_in_russian(name) and (
            not known_word(name, "uk") or knows_place(name, "uk")
        )
    return folded not in common and folded.removesuffix("s") not in common  # "Lakes"


@cache
def _country_names(country: str) -> frozenset[str]:
    """The country's names in English, Ukrainian and Russian, folded: a region of that name
    ("Guatemala", "Гватемала" the department) is not found by it."""
    record = pycountry.countries.get(alpha_2=country)
    names = [n for a in ("name", "common_name", "official_name") if (n := getattr(record, a, None))]
    translated = [t.gettext(n) for t in _country_catalogs() for n in names]
    return frozenset(fold(n) for n in [*names, *translated])


@cache
def _country_catalogs() -> tuple[gettext.NullTranslations, ...]:
    return tuple(
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        for language in ("uk", "ru")
    )


@dataclass(frozen=True, slots=True)
class WorldRegion:
    """A region found from the admin1 table: its code (ISO 3166-2 when linked, else
    GeoNames'), English name, country, cities and the names it is written by."""

    code: str
    name: str
    country: str
    members: tuple[Place, ...]
    names: frozenset[str]


def world_regions(
    cities: Mapping[str, Place],
    admin1: Mapping[str, str],
    listed: Collection[str],
    common: Collection[str],
) -> list[WorldRegion]:
    """The regions of every country not in ``listed`` (hand-listed), each with its cities
    (``admin1``: city key -> GeoNames admin1 code). Codes sharing a name (a province GeoNames
    has since split: Papua) are one region, as the name's cities were in 2015."""
    table = load()
    groups: dict[tuple[str, str], list[Place]] = defaultdict(list)
    codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for city in cities.values():
        if city.country in listed or city.country in MUNICIPAL:
            continue
        code = admin1[city.key]
        if name := table.get((city.country, code)):
            groups[city.country, name].append(city)
            codes[city.country, name].add(code)
    linked = _link(list(groups))
    translations = [gettext.translation("iso3166-2", pycountry.LOCALES_DIR, [language])
                    for language in ("uk", "ru")]  # fmt: skip
    found = []
    for (country, name), members in sorted(groups.items()):
        spelled = {name, short(name)}
        official = linked.get((country, name))
        if official is not None:
            for written in (official.name, *(t.gettext(official.name) for t in translations)):
                head = written.split("[")[0].strip()  # "Örebro län [SE-18]": not the code
                if "," not in head:  # "Madrid, Comunidad de": a catalogue's order
                    spelled.add(head)
                spelled.add(short(head))
        usable = sorted(n for n in spelled if fit(n, country, common))
        if not usable:  # "Central", "North West": nothing to call it by
            continue
        # Shown in English: by a usable Latin name, else by GeoNames' own ("Central
        # District", Botswana; "Porto"), never by a translation ("Центральний округ").
        latin = [n for n in usable if not CYRILLIC.search(n)]
        shown = short(name) if short(name) in usable else next(iter(latin), name)
        code = official.code if official is not None else f"{country}.{min(codes[country, name])}"
        found.append(WorldRegion(code, shown, country, tuple(members), frozenset(usable)))
    return found


_DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ı": "i", "'": "", "`": ""})


def _comparable(name: str) -> str:
    """A region's name as both sources can be compared: without designations, folded, with
    umlauts as GeoNames' ASCII writes them ("Bingöl" and "Bingoel", "Jämtland" and
    "Jaemtland") and without apostrophes ("Karbalā'")."""
    return fold(short(name).lower().translate(_DIGRAPHS))


def _link(groups: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Each (country, GeoNames name) to pycountry's top-level subdivision of the same name,
    best pairs first, each subdivision used once."""
    pairs = []
    for country, name in groups:
        mine = _comparable(name)
        found = pycountry.subdivisions.get(country_code=country) or ()  # type: ignore[no-untyped-call]
        for subdivision in sorted(found, key=lambda s: str(s.code)):  # a set: in a fixed order
            if subdivision.parent_code is None:
                theirs = _comparable(subdivision.name.split("[")[0])
                pairs.append((fuzz.ratio(mine, theirs), country, name, subdivision))
    linked: dict[tuple[str, str], Any] = {}
    used: set[str] = set()
    # Ties ("Maputo": the city and the province) go the same way in every build: a
    # subscription's region key must not change when the gazetteer is built again.
    for score, country, name, subdivision in sorted(
        pairs, key=lambda p: (-p[0], p[1], p[2], str(p[3].code))
    ):
        if score >= _SAME and (country, name) not in linked and subdivision.code not in used:
            linked[country, name] = subdivision
            used.add(subdivision.code)
    return linked

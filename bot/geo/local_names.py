"""Places' names in Ukrainian and Russian, for alerts and answers written in those languages
("📍 Чугуїв, 35 км від Харків" rather than "Chuhuyiv, 35 км від Kharkiv").

Built once with the gazetteer. A city's name is one of its GeoNames alternate names in
Cyrillic: for Ukrainian, one with a letter only Ukrainian has (і ї є ґ: "Харків"), else one
the Ukrainian dictionary knows, else one with no letter only Russian has; for Russian the
other way round ("Харьков"). Countries and regions take pycountry's translations (its
everyday name where it has one: "Молдова", not "Республіка Молдова"), Russia its everyday
name, and regions pycountry lacks the hand-written names of :mod:`bot.geo.regions`; a city
that is a region of its own reads "місто Київ" ("Kyiv City"), apart from the city.

GeoNames gives many cities abroad in Russian spelling only ("Сызрань", "Нагасаки"): their
Ukrainian spellings are derived by the regular correspondences and the Ukrainian
dictionary (:func:`ukrainian_spellings`), for text to find and for alerts to show.
"""

from __future__ import annotations

import gettext
import itertools
import re
from collections.abc import Iterable, Mapping

import pycountry
from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from bot.geo.aliases import AREAS
from bot.geo.counties import counties
from bot.geo.place import Place, PlaceKind
from bot.text.morphology import (
    CYRILLIC,
    could_be_a_place_in_russian,
    known_word,
    knows_place,
    names_a_thing,
    without_apostrophes,
)

LANGUAGES = ("uk", "ru")
_CITY = {"uk": "місто", "ru": "город"}
"""Names a city that is a region of its own ("Kyiv City": "місто Київ"), so it reads apart
from the city itself in lists."""
_OWN_LETTERS = {"uk": frozenset("іїєґ'ʼ’"), "ru": frozenset("ыэъё")}  # and the apostrophe
_ALPHABETS = {
    "uk": frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'ʼ’-. "),
    "ru": frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя-. "),
}
"""A name with any other letter is in another language (Belarusian ў, Ossetian æ, Kazakh ң)."""
_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
})  # fmt: skip
"""A rough transliteration, to prefer the alternate that sounds like the place's name
("Оренбург" for Orenburg, not its old name "Чкалов")."""
_EVERYDAY = {
    "uk": {"RU": "Росія", "US": "США"},
    "ru": {"RU": "Россия", "US": "США", "GB": "Великобритания"},
}
"""Countries pycountry names formally only ("Російська Федерація", "Соединённые штаты")."""
_CITIES = {
    "uk": {
        "5128581": "Нью-Йорк", "498817": "Санкт-Петербург", "160263": "Дар-ес-Салам",
        "3369157": "Кейптаун", "292968": "Абу-Дабі", "3911925": "Ла-Пас",
        "2347283": "Бенін-Сіті", "2324774": "Порт-Гаркорт", "4691930": "Форт-Ворт",
        "1692192": "Кесон-Сіті", "4013708": "Сьюдад-Хуарес", "1809498": "Гуйлінь",
        "12908892": "Новий Тайбей", "618426": "Кишинів",
    },
    "ru": {
        "5128581": "Нью-Йорк", "498817": "Санкт-Петербург", "703845": "Кривой Рог",
        "160263": "Дар-эс-Салам", "3448439": "Сан-Паулу", "3530597": "Мехико",
        "1566083": "Хошимин", "1298824": "Янгон", "5368361": "Лос-Анджелес",
        "3492908": "Санто-Доминго", "292968": "Абу-Даби", "3911925": "Ла-Пас",
        "1821306": "Пномпень", "4726206": "Сан-Антонио", "5391811": "Сан-Диего",
        "3452925": "Порту-Алегри", "1735161": "Куала-Лумпур", "4691930": "Форт-Уэрт",
        "3470127": "Белу-Оризонти", "2347283": "Бенин-Сити", "2324774": "Порт-Харкорт",
        "1692192": "Кесон-Сити", "4013708": "Сьюдад-Хуарес", "1815456": "Чанчжоу",
        "2038432": "Баотоу", "8347664": "Ордос", "2036502": "Цзилинь",
        "12908892": "Новый Тайбэй",
    },
}  # fmt: skip
"""Cities of a million people and more whose name in the language is not the one GeoNames'
alternates give by sound (checked by hand): "Нью-Йорк", not the Bulgarian "Ню Йорк"; "Кривой
Рог", not the Belarusian "Крывы Рог"; "Янгон", not the Mongolian "Янгон хот"; and
neighbours' cities whose Ukrainian name GeoNames lacks and no regular respelling gives
("Кишинів" for "Кишинев"). By GeoNames id (a city key without its "city:"). Text finds
them by these names too (:func:`hand_written`)."""


def hand_written(key: str) -> list[str]:
    """A city's names written by hand (:data:`_CITIES`), in any language, for the index."""
    gid = key.removeprefix("city:")
    return [names[gid] for names in _CITIES.values() if gid in names]


_TO_UKRAINIAN = (
    (re.compile(r"(?<=[сцз])к$"), "ьк"),  # Красноярск → -ськ, Донецк → -цьк
    (re.compile(r"(?:^|(?<=[аеёиоуыэюя]))е"), "є"),  # Екатеринбург → Єкатеринбург
    (re.compile(r"(?:^|(?<=[аеёиоуыэюяь]))ё"), "йо"),
    (re.compile(r"ё"), "ьо"),
    (re.compile(r"ы"), "и"),
    (re.compile(r"э"), "е"),
    (re.compile(r"ъ"), "’"),
)
"""How Ukrainian spells a name Russian spells so, letter by letter, where the rule is
regular; и is read both ways (Ukrainian writes і in most foreign names, "Нагасакі", and и
after some consonants, "Чикаго")."""
_VARIANTS = 256
"""At most this many spellings of one name are tried (each и doubles them)."""
_COMMON_NAME = 3.0
"""A spelling this common as a word (Zipf) names a city of 100,000 people and more only:
"Ліра" is Lira, Uganda, but "Саміт" is no name for Summit, New Jersey."""
_EVERYDAY_NAME = 4.0
"""A spelling this common ("біда", "серія", "острів") names no town at all."""


def ukrainian_spellings(names: Iterable[str], english: str, population: int) -> list[str]:
    """Ukrainian names for a city whose GeoNames alternates have none ("Сызрань", "Нагасаки",
    "Екатеринбург": Russian spellings only, so "у Сизрані" named nothing): the alternate
    spelled in Russian letters that sounds most like the city's English name is respelled
    by the regular correspondences (:data:`_TO_UKRAINIAN`; not an old name, "Актюбинск" for
    Aktobe, nor one Russian's dictionary reads as an everyday word, "Саммит" for Summit,
    New Jersey), and a respelling is kept when the Ukrainian dictionary has it as a thing's
    or a place's own word ("сизрань") rare enough as a word for the city's size. A city with
    a Ukrainian name gets none."""
    written = [name for name in names if CYRILLIC.search(name) and " " not in name]
    if any(_ukrainian(name) for name in written):
        return []
    russian = [name for name in written if set(name.lower()) <= _ALPHABETS["ru"]]
    if not russian:
        return []
    sounds = {name: _sounds_like(name, english) for name in russian}
    closest = max(sounds.values())
    limit = _COMMON_NAME if population < 100_000 else _EVERYDAY_NAME
    found: dict[str, str] = {}
    for name in russian:
        if sounds[name] < closest or not could_be_a_place_in_russian(name):
            continue
        for spelled in _respelled(name.lower()):
            if (
                spelled not in found
                and names_a_thing(spelled, "uk")
                and zipf_frequency(spelled, "uk") < limit
            ):
                found[spelled] = _cased_as(spelled, name)
    return list(found.values())


def _sounds_like(name: str, english: str) -> float:
    """How much a Cyrillic name, roughly transliterated, sounds like ``english`` (0–100)."""
    return fuzz.ratio(without_apostrophes(name.lower()).translate(_LATIN), english.lower())


def _ukrainian(name: str) -> bool:
    """Whether a name is written in Ukrainian: its letters, with one only Ukrainian has or
    known to the Ukrainian dictionary."""
    letters = set(name.lower())
    return letters <= _ALPHABETS["uk"] and bool(
        _OWN_LETTERS["uk"] & letters or knows_place(name, "uk")
    )


def _respelled(name: str) -> list[str]:
    """A Russian spelling (lower case) in Ukrainian letters, each и both ways."""
    for pattern, replacement in _TO_UKRAINIAN:
        name = pattern.sub(replacement, name)
    choices = [("и", "і") if letter == "и" else (letter,) for letter in name]
    if 2 ** name.count("и") > _VARIANTS:
        return []
    return ["".join(letters) for letters in itertools.product(*choices)]


def _cased_as(spelled: str, name: str) -> str:
    """``spelled`` with the capitals ``name`` has, part by part ("Улан-Уде" for "Улан-Удэ")."""
    parts, models = spelled.split("-"), name.split("-")
    if len(parts) != len(models):
        return spelled.capitalize()
    return "-".join(
        part.capitalize() if model[:1].isupper() else part
        for part, model in zip(parts, models, strict=True)
    )


def local_names(
    places: Mapping[str, Place],
    alternates: Mapping[str, Iterable[str]],
    region_names: Mapping[str, Iterable[str]],
) -> dict[str, dict[str, str]]:
    """{language: {place key: its name in that language}} for the places that have one."""
    found: dict[str, dict[str, str]] = {}
    county_names = {county.key: county.names for county in counties()}
    for language in sorted(LANGUAGES, key=lambda code: code != "ru"):  # Russian first
        countries = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        regions = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, [language])
        names: dict[str, str] = {}
        for key, place in places.items():
            if place.kind is PlaceKind.CITY:
                # A Ukrainian town's Ukrainian name is not its Russian spelling where a
                # Ukrainian one sounds as close ("Куп’янськ", not "Купянск", whose letters
                # Ukrainian has too).
                russian = (
                    found["ru"].get(key) if language == "uk" and place.country == "UA" else None
                )
                name = _CITIES[language].get(key.removeprefix("city:")) or _pick(
                    alternates.get(key, ()), language, place.name, avoid=russian
                )
            elif place.kind is PlaceKind.COUNTRY:
                name = _EVERYDAY[language].get(place.country) or _country(place, countries)
            elif place.kind is PlaceKind.AREA:
                name = AREAS[key][0][LANGUAGES.index(language) + 1]
            elif place.kind is PlaceKind.COUNTY:
                name = county_names[key][LANGUAGES.index(language) + 1]
            else:
                name = _region(place, regions) or _pick(
                    region_names.get(key, ()), language, place.name, every_word=True
                )
                if name and place.name.endswith(" City"):
                    city = _CITY[language]
                    if name.lower().startswith(city):  # "Місто Мінськ": as "місто Київ"
                        name = city + name[len(city) :]
                    elif city not in name:
                        name = f"{city} {name}"  # the region "Kyiv City", not the city
            if name:
                names[key] = name
        found[language] = names
    return found


def _pick(
    candidates: Iterable[str],
    language: str,
    english: str,
    *,
    every_word: bool = False,
    avoid: str | None = None,
) -> str | None:
    """The candidate written in ``language``: in its alphabet; then one its dictionary
    knows as a noun, one that sounds like the English name (Бахмут, not the old Артемівськ;
    Одеса, not the nickname "Південна столиця"), one with a letter only it has, a formal
    region name ("Харківська область") before a short one."""
    fitting = sorted(
        {
            c
            for c in candidates
            if CYRILLIC.search(c)
            and (c[:1].isupper() or c.startswith(f"{_CITY[language]} "))  # "город Минск"
            and set(c.lower()) <= _ALPHABETS[language]
        }
    )

    def rank(name: str) -> tuple[bool, bool, float, bool, bool, bool, int, str]:
        words = name.split()
        known = knows_place(words[-1], language)  # the noun: "Донецька область", "Нью-Йорк"
        # A region's every word in the language's dictionary: "Курская область", not the
        # Ukrainian "Курська область", whose letters Russian has too.
        spelled = not every_word or all(known_word(word, language) for word in words)
        own = bool(_OWN_LETTERS[language] & set(name.lower()))
        return (
            not known, not spelled, -_sounds_like(name, english), name == avoid, not own,
            " " not in name, len(name), name,
        )  # fmt: skip

    return min(fitting, key=rank) if fitting else None


def _country(place: Place, catalog: gettext.GNUTranslations) -> str | None:
    country = pycountry.countries.get(alpha_2=place.country)
    if country is None:
        return None
    english = getattr(country, "common_name", None) or country.name
    translated = catalog.gettext(english)
    return translated if translated != english and "," not in translated else None


def _region(place: Place, catalog: gettext.GNUTranslations) -> str | None:
    subdivision = pycountry.subdivisions.get(code=place.region or "")  # type: ignore[no-untyped-call]
    if subdivision is None:
        return None
    translated = catalog.gettext(subdivision.name)
    if translated == subdivision.name or not CYRILLIC.search(translated):
        return None
    return translated.split("[")[0].strip()

"""What identifies the story an entry tells, as data: its sketch.

Outlets word one event differently but name the same people, places, organisations and
figures, and rarely both use a common word's rare neighbours. A sketch keeps an entry's most
telling features, each with a weight (see :mod:`bot.text.rarity`):

* the words of the title (lemmas in Ukrainian and Russian, stems elsewhere), and those of
  the opening, at half weight (a headline is chosen; a body paragraph is only likely);
* the numbers it gives ("1,455" and "1455" alike; "three", "троє" and "трое" as 3): two
  reports of "8 dead" and "12 dead" are two events, however alike their words;
* the places it names, by gazetteer id: language-independent, so a Ukrainian and an English
  report of a strike on Kharkiv share ``@city:706483``;
* the consonant skeleton of each rare word, in one Latin spelling, at a lower weight: the
  names and borrowed words that Ukrainian, Russian and English share ("Котін", "Kotin";
  "канабіс", "каннабис", "cannabis"; "обстріляли", "обстреляли" -> ``ktn``, ``knbs``,
  ``bstrlt``), which is how reports of one event in two languages meet;
* the regions the title's towns lie in, weightless: "удар по Харкову" and "удар по
  Харківщині" name no other place than each other (see :mod:`bot.match.stories`);
* which of those are in the title, and the title's first telling word written with a
  capital (its *subject*: a template headline "Apple to release quarterly earnings" differs
  from "Microsoft to release…" only there).

Features are hashed to 32 bits (stable across processes) and at most ``WEIGHED`` are kept,
the heaviest first (and two regions): a sketch is at most 470 bytes, stored with the entry
so that the story index survives restarts and is shared by several ingest processes.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import overload

import numpy as np
from numpy.typing import NDArray

from bot.text import rarity
from bot.text.morphology import CYRILLIC
from bot.text.terms import BREAK, analysed, fold

WEIGHED = 64
"""The most weighed features (words, numbers, places) a sketch keeps ..."""
WITHIN_FEATURES = 2
"""... and the most regions its title's towns lie in (weightless, see :data:`Kind.WITHIN`)."""
FEATURES = WEIGHED + WITHIN_FEATURES
"""The most features a sketch holds."""
OPENING_WORDS = 200
"""Words of the text read after the title."""
BODY_SHARE = 0.5
"""A word of the opening weighs half what it would in the title."""
MIN_WEIGHT = 1.2
"""Lighter words (Zipf 5.8 and up: "the", "said", "в") say nothing about the story."""
NUMBER_WEIGHT = 3.0
YEAR_WEIGHT = 1.0  # "2026" is in half of this year's news
PLACE_WEIGHT = {"country": 1.0, "region": 2.0, "city": 3.0}
"""By the kind of place (its key's prefix): a city says more about which event than a
country, which half the news of a war names."""
SUBJECT_WEIGHT = 2.0
"""The title's first capitalised word at least this heavy is its subject."""
SKELETON_WEIGHT = 2.5
"""Words at least this heavy also give their skeleton ..."""
SKELETON_SHARE = 0.6
"""... weighing this share of the word."""


class Kind(IntEnum):
    """What a feature is (bits 1-2 of its flags)."""

    WORD = 0
    NUMBER = 1
    PLACE = 2
    WITHIN = 3
    """A region or country a title's town lies in (see :func:`within_key`): weightless,
    it only tells the town and its region apart from two towns."""


TITLE = 1
"""Flag bit: the feature is in the title."""
SUBJECT = 8
"""Flag bit: the title's subject."""
BRIDGE = 16
"""Flag bit: the feature means the same in every language (a number, a place, a skeleton)."""
_KIND_SHIFT = 1
_VERSION = 2
_HEADER = struct.Struct("<BBI2s")  # version, feature count, title hash, language

_NUMBER_KIND = Kind.NUMBER << _KIND_SHIFT
_NUMBER_WORDS = {
    **dict.fromkeys(("two", "два", "двоє", "двое"), "2"),
    **dict.fromkeys(("three", "три", "терти", "троє", "троя", "трое"), "3"),
    **dict.fromkeys(("four", "чотири", "четыре", "четверо"), "4"),
    **dict.fromkeys(("five", "пять", "пятеро"), "5"),
    **dict.fromkeys(("six", "шість", "шесть", "шестеро"), "6"),
    **dict.fromkeys(("seven", "сім", "семь", "семеро"), "7"),
    **dict.fromkeys(("eight", "вісім", "восемь"), "8"),
    **dict.fromkeys(("nine", "девять"), "9"),
    **dict.fromkeys(("ten", "десять"), "10"),
    **dict.fromkeys(("twenti", "двадцять", "двадцать"), "20"),
    **dict.fromkeys(("hundr", "сто"), "100"),
}  # fmt: skip
"""Number words (their terms: English stems, Ukrainian and Russian lemmas) as figures: "three
injured", "троє поранених" and "трое раненых" give the same figure."""
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
_NOT_WORD = re.compile(r"\W+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Sketch:
    """An entry's telling features: hashed keys (ascending), weights and flags; a hash of
    its title (for telling a source's re-post of the same item); its language ('' unknown)."""

    keys: NDArray[np.uint32]
    weights: NDArray[np.float32]
    flags: NDArray[np.uint8]
    title_hash: int
    language: str = ""

    def kinds(self) -> NDArray[np.uint8]:
        """Each feature's :class:`Kind`."""
        kinds: NDArray[np.uint8] = ((self.flags >> _KIND_SHIFT) & 3).astype(np.uint8)
        return kinds

    def to_bytes(self) -> bytes:
        """The sketch as stored with its entry."""
        return (
            _HEADER.pack(_VERSION, len(self.keys), self.title_hash, self.language.encode()[:2])
            + self.keys.astype("<u4").tobytes()
            + self.weights.astype("<f2").tobytes()
            + self.flags.tobytes()
        )


def from_bytes(data: bytes) -> Sketch | None:
    """A stored sketch; None for anything else (a signature of an earlier version)."""
    if len(data) < _HEADER.size or data[0] != _VERSION:
        return None
    _, count, title_hash, language = _HEADER.unpack_from(data)
    if len(data) != _HEADER.size + count * 7:
        return None
    at = _HEADER.size
    keys = np.frombuffer(data, "<u4", count, at).astype(np.uint32)
    weights = np.frombuffer(data, "<f2", count, at + 4 * count).astype(np.float32)
    flags = np.frombuffer(data, np.uint8, count, at + 6 * count).copy()
    return Sketch(keys, weights, flags, title_hash, language.rstrip(b"\0").decode(errors="replace"))


def figures(text: str) -> set[str]:
    """The numbers a text gives, as digits ("1,455" and "1455" alike)."""
    return {re.sub(r"\D", "", number).lstrip("0") or "0" for number in _NUMBER.findall(text)}


def feature_key(kind: Kind, value: str) -> int:
    """The 32-bit key of a feature (a word's term, a number's digits, a place's id)."""
    return zlib.crc32(f"{int(kind)}{value}".encode())


_WITHIN = 0x5BD1E995
"""What a place's key is XOR'ed with to be the key of "lies within that place"."""


@overload
def within_key(place_key: int) -> int: ...
@overload
def within_key(place_key: NDArray[np.uint32]) -> NDArray[np.uint32]: ...
def within_key(place_key: int | NDArray[np.uint32]) -> int | NDArray[np.uint32]:
    """The key (or keys) of the feature "a title's town lies within this place", from the
    place's own feature key (and back: the same operation)."""
    if isinstance(place_key, int):
        return place_key ^ _WITHIN
    found: NDArray[np.uint32] = place_key ^ np.uint32(_WITHIN)
    return found


def title_hash(title: str) -> int:
    """A hash of a title's words, case and punctuation aside."""
    return zlib.crc32(_NOT_WORD.sub(" ", fold(title)).strip().encode())


def sketch(
    title: str,
    text: str,
    *,
    language: str = "english",
    reading: str | None = None,
    places: Sequence[tuple[str, bool]] = (),
    within: Sequence[str] = (),
) -> Sketch | None:
    """The sketch of an entry (``language``: the Snowball fallback, ``reading``: the entry's
    ISO code; ``places``: the gazetteer keys it names, each with whether the title names
    it; ``within``: the regions and countries the title's towns lie in); None when its
    title has no telling word and no figure."""
    found: dict[int, tuple[float, int]] = {}  # key -> (weight, flags)

    def add(key: int, weight: float, flags: int) -> None:
        old_weight, old_flags = found.get(key, (0.0, 0))
        found[key] = (max(weight, old_weight), flags | old_flags)

    subject = _words(title, 1.0, TITLE, language, reading, add)
    if not found and not _NUMBER.search(title):
        return None
    if subject is not None:
        found[subject] = (found[subject][0], found[subject][1] | SUBJECT)
    opening = " ".join(text.split()[:OPENING_WORDS])
    _words(opening, BODY_SHARE, 0, language, reading, add)
    for part, share, where in ((title, 1.0, TITLE), (opening, BODY_SHARE, 0)):
        for digits in figures(part):
            year = len(digits) == 4 and digits[:2] in ("19", "20")
            weight = (YEAR_WEIGHT if year else NUMBER_WEIGHT) * share
            add(feature_key(Kind.NUMBER, digits), weight, where | BRIDGE | _NUMBER_KIND)
    for key, in_title in places:
        place = (TITLE if in_title else 0) | BRIDGE | Kind.PLACE << _KIND_SHIFT
        weight = PLACE_WEIGHT.get(key.partition(":")[0], 2.0) * (1.0 if in_title else BODY_SHARE)
        add(feature_key(Kind.PLACE, key), weight, place)
    inside = {
        within_key(feature_key(Kind.PLACE, key)): (0.0, TITLE | BRIDGE | Kind.WITHIN << _KIND_SHIFT)
        for key in list(dict.fromkeys(within))[:WITHIN_FEATURES]
    }
    heaviest = sorted(found.items(), key=lambda item: -item[1][0])[:WEIGHED]
    heaviest += inside.items()
    heaviest.sort()
    keys = np.array([key for key, _ in heaviest], np.uint32)
    weights = np.array([weight for _, (weight, _) in heaviest], np.float32)
    flags = np.array([flag for _, (_, flag) in heaviest], np.uint8)
    return Sketch(keys, weights, flags, title_hash(title), (reading or "")[:2])


def _words(
    text: str,
    share: float,
    flags: int,
    language: str,
    reading: str | None,
    add: Callable[[int, float, int], None],
) -> int | None:
    """Add the telling words of ``text`` (weights times ``share``); the key of the first one
    heavy enough to be a subject, if any."""
    pairs = [
        (word, term)
        for word, term in analysed(text, language, reading)
        if word != BREAK and (len(word) > 1 or not word.isascii()) and not word[0].isdigit()
    ]
    looked_up = [term if CYRILLIC.search(word) else word for word, term in pairs]
    capitalised = {fold(w) for w in _WORD.findall(text) if w[0].isupper()}
    subject = None
    for (word, term), weight in zip(pairs, rarity.weights(looked_up, reading), strict=True):
        figure = _NUMBER_WORDS.get(term)
        if figure is not None:
            add(
                feature_key(Kind.NUMBER, figure),
                NUMBER_WEIGHT * share,
                flags | BRIDGE | _NUMBER_KIND,
            )
            continue
        if weight < MIN_WEIGHT:
            continue
        key = feature_key(Kind.WORD, term)
        add(key, float(weight) * share, flags)
        if subject is None and weight >= SUBJECT_WEIGHT and word in capitalised:
            subject = key
        if weight >= SKELETON_WEIGHT:
            # A name's skeleton is read from the word as written too: a dictionary guesses
            # a lemma for a name it does not know ("Рашплю" -> "рашпити"), which another
            # language's spelling ("Rashplia") never meets.
            names = {skeleton(term)} | ({skeleton(word)} if word in capitalised else set())
            for bones in names:
                if len(bones) >= 3:
                    add(
                        feature_key(Kind.WORD, "~" + bones),
                        float(weight) * share * SKELETON_SHARE,
                        flags | BRIDGE,
                    )
    return subject


_CYRILLIC_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e",
        "ё": "e", "ж": "z", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "h", "ц": "č", "ч": "č", "ш": "s", "щ": "s", "ъ": "",
        "ы": "i", "ь": "", "э": "e", "ю": "u", "я": "a", "'": "", "’": "",
    }
)  # fmt: skip
_LATIN_SOUNDS = (
    ("shch", "s"), ("tsch", "č"), ("sch", "s"), ("sh", "s"), ("ch", "č"), ("zh", "z"),
    ("kh", "h"), ("ts", "č"), ("tz", "č"), ("ph", "f"), ("th", "t"), ("gh", "g"), ("ck", "k"),
    ("c", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("j", "i"), ("y", "i"),
)  # fmt: skip
_VOWELS = re.compile(r"(?<!^)[aeiou]+")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 14)  # about 2.3 MB when full
def skeleton(word: str) -> str:
    """A folded word's consonants in one Latin spelling, its first letter kept ("Котін",
    "Kotin" -> "ktn"; "Оскар", "Oscar" -> "oskr")."""
    latin = word.translate(_CYRILLIC_LATIN)
    for sound, letter in _LATIN_SOUNDS:
        latin = latin.replace(sound, letter)
    return _REPEATS.sub(r"\1", _VOWELS.sub("", latin.replace("č", "c")))

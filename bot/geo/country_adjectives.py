"""Countries' adjectives in Ukrainian and Russian, derived from their names once, when the
gazetteer is built: "бразильський" and "бразильский" are Brazil's, "грецька" Greece's,
"мексиканський" Mexico's, "домініканський" the Dominican Republic's.

The tagger reads a country's adjective as news of the country ("бразильський президент"),
as English nationality words are (see :mod:`bot.geo.aliases`); a hand-written table there
holds the commonest. An adjective is derived from a country's one-word name by the usual
suffixes ("Бразилія" + -ьський, "Мексика" + -анський, "Куба" + -инський, "Чилі" +
-йський), the first the language's dictionary has as an adjective of its own, so a guess
that is no word never names a country; a name of an adjective and
"республіка"/"республика" gives its adjective ("Домініканська республіка"). An adjective
two countries would share ("конголезький") names neither.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from bot.text.morphology import adjective_lemma, known_word, without_apostrophes
from bot.text.terms import fold

_SUFFIXES = {
    "uk": {
        "ія": ("ський", "ьський", "ійський", "ький"),  # Швейцарія, Бразилія, Греція
        "а": ("ський", "ьський", "инський", "анський"),  # Куба, Мексика, Аргентина
        "я": ("ський", "ьський"),
        "и": ("ський", "ьський"),  # Нідерланди, Мальдіви
        "": ("ський", "ьський", "ійський", "йський", "анський"),  # Єгипет, Чилі, Перу
    },
    "ru": {
        "ия": ("ский", "ьский", "ийский"),
        "а": ("ский", "ьский", "инский", "анский"),
        "я": ("ский", "ьский"),
        "ы": ("ский", "ьский"),  # Нидерланды, Мальдивы
        "": ("ский", "ьский", "ийский", "йский", "анский"),
    },
}
"""The endings a country's name drops (by how it ends) and the endings its adjective may
take instead, likeliest first: the first the dictionary has is the adjective ("Куба" is
"кубинський", not "кубанський", the Kuban's)."""
_REPUBLIC = {"uk": "республіка", "ru": "республика"}


def country_adjectives(
    names: Mapping[str, Mapping[str, str]], known: Iterable[str] = ()
) -> dict[str, str]:
    """{folded adjective (dictionary form): country code} from ``names``: {language: {code:
    the country's name in it}}, for Ukrainian and Russian; countries in ``known`` (those the
    hand-written table has) are left to it."""
    found: dict[str, set[str]] = defaultdict(set)
    for language, by_code in names.items():
        for code, name in by_code.items():
            if code not in known:
                for adjective in _adjectives(name, language):
                    found[fold(adjective)].add(code)
    return {adjective: codes.pop() for adjective, codes in found.items() if len(codes) == 1}


def _adjectives(name: str, language: str) -> list[str]:
    words = without_apostrophes(name.lower()).split()
    if len(words) == 2 and words[1] == _REPUBLIC[language]:
        lemma = adjective_lemma(words[0], language)
        return [lemma] if lemma else []
    if len(words) != 1 or "-" in words[0]:
        return []
    word = words[0]
    ending = next(e for e in _SUFFIXES[language] if word.endswith(e))
    stem = word[: len(word) - len(ending)]
    if word[-1] in "оеиіу" and not ending:  # "Марокко", "Того": an indeclinable name
        stems = [word, word[:-1]]
    else:
        stems = [stem[:-1] if stem.endswith("ь") else stem]
    found = next(
        (
            stem + suffix
            for stem in stems
            for suffix in _SUFFIXES[language][ending]
            if len(stem) >= 3 and _an_adjective(stem + suffix, language)
        ),
        None,
    )
    return [found] if found else []


def _an_adjective(word: str, language: str) -> bool:
    """Whether the dictionary knows the word as an adjective's own dictionary form."""
    return known_word(word, language) and adjective_lemma(word, language) == word

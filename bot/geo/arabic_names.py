"""Towns of Arabic-speaking countries by the names English news gives them.

GeoNames writes the Arabic article apart ("El Obeid", "Al Qāmishlī", "Dayr al Balah");
news joins it with a hyphen ("El-Obeid", "al-Fashir", "Deir al-Balah") or leaves it out
("Qamishli", "Hasakah"). The gazetteer adds both spellings of every article and, for a
town's main name, the name without its leading article, where no place bears that name
and it is no English word; the tagger reads a name that starts with the article in lower
case ("al-Hasakah") as a name.
"""

from __future__ import annotations

import re
from functools import partial

ARABIC_COUNTRIES = frozenset(
    "AE BH DZ EG EH IQ IL JO KW LB LY MA MR OM PS QA SA SD SY TN YE".split()
)
"""Where towns' names are Arabic (Israel's and Palestine's, and Western Sahara's, too)."""

_ARTICLE = r"(?:[Aa](?:l|n|dh?|r|sh?|th?|z)|[Ee][dlnrstz])"
_ARTICLE_JOINED = re.compile(rf"(?<![\w'’‘`])({_ARTICLE})[ -](?=[\w'’‘`ʿ])")
"""The article before a name's word, joined by a space or a hyphen ("Al Bāb", "al-Fashir")."""
_LEADING_ARTICLE = re.compile(rf"{_ARTICLE}[ -][‘’'`ʿ]?")
LOWER_CASE_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez)-[A-Z]")
"""A name written with its article in lower case: "al-Hasakah", "el-Obeid"."""
_SHORTEST = 5
"""A name without its article is kept only this long and longer ("Bāb" is no town alone)."""


def article_spellings(name: str) -> list[str]:
    """The name with its articles joined by a hyphen and by a space, and "al" written "el"
    and the other way, other than as given: "El-Obeid" for "El Obeid", "Deir al-Balah" for
    "Deir el-Balah"."""
    spellings = {
        _ARTICLE_JOINED.sub(partial(_article, joint=joint, vowel=vowel), name)
        for joint in " -"
        for vowel in ("", "a", "e")
    }
    return sorted(spellings - {name})


def _article(found: re.Match[str], joint: str, vowel: str) -> str:
    """One article respelled: joined by ``joint``, and "al"/"el" with ``vowel`` if given."""
    article = found.group(1)
    if vowel and article.lower() in ("al", "el"):
        article = (vowel.upper() if article[0].isupper() else vowel) + article[1]
    return article + joint


def without_article(name: str) -> str | None:
    """The name without its leading article ("Qāmishlī" for "Al Qāmishlī"), if it has one
    and what is left is long enough to name a town."""
    found = _LEADING_ARTICLE.match(name)
    if found is None:
        return None
    rest = name[found.end() :]
    return rest if len(rest) >= _SHORTEST and rest[0].isupper() else None


def unarticled(folded: str) -> str:
    """A folded name without a leading article, to compare spellings by ("al-fashir" and
    "el fasher" are "fashir" and "fasher")."""
    found = _LEADING_ARTICLE.match(folded)
    return folded[found.end() :] if found is not None else folded

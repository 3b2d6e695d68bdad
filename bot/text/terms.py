"""Turn text into comparable terms: folded, split into words, stemmed.

Queries and entries go through the same function, so "Négociations" in a feed and
"negotiation" in a topic both become ``negoti``. Words are whole tokens, which is what makes
"talks" never match inside "stalks". Han and kana characters are written without spaces, so
each one is its own token and a query in those scripts matches as a phrase of characters.
Initials are one word ("U.S." = "US"), and a word may end in "++" or "#" ("C++" is not "C").
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import snowballstemmer

from bot.text.languages import declared_code, own_stemmer, tagged
from bot.text.morphology import (
    APOSTROPHES,
    CYRILLIC,
    language_of,
    lemma,
    without_apostrophes,
)

# Letters and digits; the underscore is excluded to agree with SQLite FTS5's unicode61 tokenizer.
# CJK ideographs and kana are single-character tokens.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+(?:\+\+|#(?!\w))?|\n")
# "U.S.", "A.O.C.": initials with dots are one word, written "US" as often as "U.S.".
_INITIALS = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}")

BREAK = "¶"
"""Stands for a line break between tokens, so a phrase never spans title and body or two
paragraphs. Queries cannot contain it, and FTS5's tokenizer ignores it."""


_COMBINING = {
    code: None for code in range(0x300, sys.maxunicode + 1) if unicodedata.combining(chr(code))
}
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Lower-case and strip accents, so case and diacritics never decide a match."""
    if text.isascii():
        return text.lower()
    if len(text) <= _WORD:
        return _fold_word(text)
    return _unaccented(text)


def _unaccented(text: str) -> str:
    return unicodedata.normalize("NFKD", text).translate(_COMBINING).casefold()


_WORD = 32
"""Texts this short (a word, a name) are folded once each: the tagger folds every
Cyrillic word's forms as it looks them up, thousands a text."""
_fold_word = lru_cache(maxsize=16_384)(_unaccented)


@lru_cache(maxsize=65_536)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` plus, for each folded character, the index of the original character
    it came from (None when they are the same: every character folds to one)."""
    if text.isascii():
        return text.lower(), None
    # Most letters fold to one letter (Cyrillic, accented Latin): then positions are the
    # same, and one translate folds the whole text.
    table = {ord(c): _fold_char(c) for c in set(text) if not c.isascii()}
    if all(len(folded) == 1 for folded in table.values()):
        return text.translate(table).lower(), None
    folded: list[str] = []
    offsets: list[int] = []
    done = 0
    for run in _NOT_ASCII.finditer(text):  # ASCII between runs folds one-to-one
        folded.append(text[done : run.start()].lower())
        offsets.extend(range(done, run.start()))
        for index in range(run.start(), run.end()):
            piece = _fold_char(text[index])
            folded.append(piece)
            offsets.extend([index] * len(piece))
        done = run.end()
    folded.append(text[done:].lower())
    offsets.extend(range(done, len(text)))
    return "".join(folded), offsets


def words(text: str) -> list[str]:
    """Split folded text into word tokens, with ``BREAK`` where lines end. Initials lose
    their dots ("U.S." is "us"); "C++" and "C#" keep their sign."""
    text = _INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)
    return _tokens(_TOKEN_RE, fold(text))


def _tokens(pattern: re.Pattern[str], text: str) -> list[str]:
    """The tokens ``pattern`` finds, with one ``BREAK`` for each run of line ends between
    them (none at either end)."""
    tokens: list[str] = []
    for token in pattern.findall(text):
        if token != "\n":
            tokens.append(token)
        elif tokens and tokens[-1] != BREAK:
            tokens.append(BREAK)
    if tokens and tokens[-1] == BREAK:
        tokens.pop()
    return tokens


_local = threading.local()


def _thread_stemmer(language: str) -> Any:
    """This thread's own Snowball stemmer: one keeps its state in the object while it works,
    so two threads sharing it get each other's words (and IndexErrors)."""
    stemmers: dict[str, Any] = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(language)
    return stemmers[language]


@lru_cache(maxsize=16)
def stemmer_for(language: str) -> Callable[[str], str]:
    """A cached single-word stemmer for a Snowball language, safe to call from any thread
    (entries are prepared in worker threads while handlers parse topics on the loop)."""

    def stem(word: str) -> str:
        return str(_thread_stemmer(language).stemWord(word))

    cached: Callable[[str], str] = lru_cache(maxsize=200_000)(stem)
    return cached


def terms(text: str, language: str = "english", reading: str | None = None) -> list[str]:
    """Folded, stemmed word tokens of ``text`` in order (positions matter for phrases), in
    the language ``reading`` (an ISO code, declared or detected: one of the languages
    :mod:`bot.text.languages` stems by their own rules, else the Snowball ``language``);
    Ukrainian and Russian words are lemmatised instead (see :mod:`bot.text.morphology`)."""
    return [term for _, term in analysed(text, language, reading)]


_CYRILLIC_TOKEN_RE = re.compile(
    rf"[{_CJK}]|[^\W_{_CJK}]+(?:[{APOSTROPHES}][^\W_{_CJK}]+)*(?:\+\+|#(?!\w))?|\n"
)


def analysed(
    text: str, language: str = "english", reading: str | None = None
) -> list[tuple[str, str]]:
    """Each word of ``text`` as (the folded word, its term), with ``BREAK`` for line ends:
    what matching compares, and what "Why this?" shows of it (arguments as :func:`terms`)."""
    if not CYRILLIC.search(text):
        code = declared_code(reading)
        own = own_stemmer(code)
        if own is None or code is None:
            stem = stemmer_for(language)
            return [(w, w if w == BREAK else stem(w)) for w in words(text)]
        stem = stemmer_for(own)  # terms marked with the language: see bot.text.languages
        return [(w, w if w == BREAK else tagged(code, stem(w))) for w in words(text)]
    stem = stemmer_for(language)  # Latin words inside Cyrillic text
    reading = language_of(text, reading)
    text = unicodedata.normalize("NFC", _INITIALS.sub(lambda m: m.group(0).replace(".", ""), text))
    pairs: list[tuple[str, str]] = []
    for token in _tokens(_CYRILLIC_TOKEN_RE, text.lower()):
        if token == BREAK:
            pairs.append((BREAK, BREAK))
            continue
        folded = without_apostrophes(fold(token))
        term = fold(lemma(token, reading)) if CYRILLIC.search(token) else stem(folded)
        pairs.append((folded, term))
    return pairs

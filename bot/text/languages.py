"""Which language a text is in, so each entry and each topic is analysed in its own.

An entry's language is the one its feed or page declares ("de-DE" is German), else the one
Google's Compact Language Detector 2 (pycld2: its tables are compiled in, 3 MB, ~15 µs a
title) reads with confidence in its title and first paragraphs; Cyrillic text is told apart
as Ukrainian or Russian by :func:`bot.text.morphology.language_of`, which knows both
dictionaries. Ukrainian and Russian words are lemmatised; an entry in one of the
``STEMMED`` languages is stemmed by that language's Snowball rules; anything else (English,
unknown, a language Snowball lacks) by ``matching.language``, the fallback.

The terms of an entry read in a ``STEMMED`` language carry its code ("de\\ue000wahl"), so
they can only meet terms read in the same language: a topic is read in the fallback and in
each of these languages (a word of one to three is too short to tell its language), and the
German reading of "Wahlen" ("wahl") finds "Wahl" and "Wahlen" in German entries without the
German reading of "news" ("new") ever meeting "new" in an English one.
"""

from __future__ import annotations

from functools import lru_cache

from bot.text.morphology import CYRILLIC, language_of

SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "nb": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
"""ISO 639-1 code -> the Snowball stemmer for that language."""

STEMMED = ("de", "fr", "es", "it", "pt", "nl")
"""The languages besides the fallback whose entries are stemmed by their own rules (each
adds one reading to every topic word, so the list is the news languages people follow)."""

SEPARATOR = "\ue000"
"""Joins a language code to a term read in it: a private-use character, which no word
contains and SQLite's unicode61 tokenizer keeps inside the token."""

SAMPLE = 1000
"""Characters of an entry read to tell its language (the title and first paragraphs)."""


def declared_code(declared: str | None) -> str | None:
    """'de-DE', 'en_us', 'PT' -> 'de', 'en', 'pt'; None for nothing."""
    base = (declared or "").replace("_", "-").split("-")[0].strip().lower()
    return base if len(base) in (2, 3) and base.isalpha() else None


def entry_language(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of an entry's language: Ukrainian or Russian for Cyrillic text
    (declared or read from it), else the declared one, else the one CLD2 reads reliably
    (None: not sure, the fallback language applies)."""
    sample = text[:SAMPLE]
    if CYRILLIC.search(sample):
        return language_of(sample, declared)
    code = declared_code(declared)
    if code is not None or not any(char.isalpha() for char in sample):
        return code
    return _detected(sample)


def _detected(text: str) -> str | None:
    import pycld2

    try:
        reliable, _size, details = pycld2.detect(text)
    except pycld2.error:  # bytes that are not valid UTF-8 (a lone surrogate)
        return None
    code = str(details[0][1]).split("-")[0]
    return code if reliable and code not in ("un", "xxx") else None


def own_stemmer(code: str | None) -> str | None:
    """The Snowball stemmer an entry in this language is read with, or None when it is
    read with the fallback."""
    return SNOWBALL[code] if code in STEMMED else None


@lru_cache(maxsize=200_000)
def tagged(code: str, term: str) -> str:
    """A term read in a ``STEMMED`` language, marked with it (one string object per term,
    shared by every topic and story that has it)."""
    return f"{code}{SEPARATOR}{term}"


def tag_of(term: str) -> str:
    """The language a term is marked with by :func:`tagged` ("" for none)."""
    return term.partition(SEPARATOR)[0] if SEPARATOR in term else ""

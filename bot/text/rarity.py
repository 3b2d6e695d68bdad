"""How much a word says about which story a text tells: the rarer the word in its language,
the more.

Common words ("the", "said", "в", "заявив") are shared by any two stories; a rare word
("Titanfall", "Chiquita", "Сахновщина") is shared almost only by reports of the same thing.
A word's weight is ``CEILING`` minus its Zipf frequency (log10 of uses per billion words)
in its language, from wordfreq's "small" lists: the words used at least once per million
(Zipf 3) in each of its 40-odd languages, from subtitles, news, Wikipedia and the web. A word
that is not listed counts as ``RARE``.

The lists are read once per language, on first use, into two sorted numpy arrays (a 32-bit
hash of the folded word and its Zipf value in tenths): about 5 bytes a word, 0.7 MB for
Ukrainian, Russian and English together, where wordfreq's own dictionaries take 17 MB (and
its "large" lists, 190 MB).
"""

from __future__ import annotations

import threading
import zlib
from functools import lru_cache

import numpy as np
import wordfreq
from numpy.typing import NDArray

from bot.text.terms import fold

CEILING = 7.0
"""Zipf value at which a word says nothing (English "the" is 7.7, "said" 6.2)."""
RARE = 2.5
"""The Zipf value given to a word the lists lack (they stop at 3)."""
_FALLBACK = "en"
_lock = threading.Lock()


def word_hash(word: str) -> int:
    """A stable 32-bit hash of a folded word (the same in every process)."""
    return zlib.crc32(word.encode())


@lru_cache(maxsize=64)
def _table(language: str) -> tuple[NDArray[np.uint32], NDArray[np.uint8]]:
    """The language's listed words as (sorted hashes, Zipf in tenths); empty if wordfreq
    has no list for it."""
    path = wordfreq.available_languages("small").get(language)
    if path is None:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint8)
    with _lock:  # entries are prepared in threads: read each list once
        best: dict[int, int] = {}
        for centibels, group in enumerate(wordfreq.read_cBpack(path)):
            zipf = round(90 - centibels / 10)  # bucket i holds frequency 10^(-i/100): tenths
            for word in group:
                key = word_hash(fold(word))
                best[key] = max(best.get(key, 0), zipf)
    hashes = np.fromiter(best.keys(), np.uint32, len(best))
    values = np.fromiter(best.values(), np.uint8, len(best))
    order = np.argsort(hashes)
    return hashes[order], values[order]


def zipf(words: list[str], language: str | None) -> NDArray[np.float32]:
    """The Zipf frequency of each folded word in ``language`` (an ISO code; English when
    unknown), ``RARE`` for words the lists lack."""
    hashes, values = _table(language or _FALLBACK)
    if not words:
        return np.zeros(0, np.float32)
    keys = np.fromiter((word_hash(w) for w in words), np.uint32, len(words))
    if hashes.size == 0:
        return np.full(len(words), RARE, np.float32)
    at = np.minimum(np.searchsorted(hashes, keys), hashes.size - 1)
    found = hashes[at] == keys
    return np.where(found, values[at] / np.float32(10), np.float32(RARE)).astype(np.float32)


def weights(words: list[str], language: str | None) -> NDArray[np.float32]:
    """How telling each folded word is: ``CEILING`` minus its Zipf value, at least 0."""
    found: NDArray[np.float32] = np.maximum(
        np.float32(0), np.float32(CEILING) - zipf(words, language)
    ).astype(np.float32)
    return found

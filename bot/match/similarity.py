"""How alike two texts are, as MinHash signatures.

Two kinds of signature, for two decisions:

* ``signature``: runs of three stemmed words, for whether an article page changed materially
  since the last fetch (rewording a few words keeps it similar, a new paragraph does not);
* ``story_signature``: the words of the title plus the names and numbers in the opening,
  for whether two entries tell the same story. Outlets word a story differently, but name
  the same people, places and figures; measured on the shared real feeds this separates
  same-story pairs from different stories on the same topic far better than shingles.

A signature is 128 32-bit hash values, exactly as datasketch 2 computes them with its
default "affine32" scheme (SHA-1 of each value, MurmurHash3's finaliser, affine
permutations drawn from ``RandomState(1)``; a test checks they agree bit for bit, so
signatures stored by earlier versions stay comparable). It is written here, in numpy,
because importing datasketch imports scipy: 39 MiB resident and a quarter of a second, for
a dozen lines of arithmetic.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from bot.match.text import BREAK, fold, stemmer_for, terms

PERMUTATIONS = 128
SEED = 1
SHINGLE = 3
MAX_TOKENS = 400  # the opening of a story decides; wire copies diverge in their tails

Signature = NDArray[np.uint32]
_EMPTY = np.uint32(0xFFFFFFFF)


@lru_cache(maxsize=1)
def _permutations() -> tuple[Signature, Signature]:
    """The affine permutations every signature shares: odd multipliers and offsets."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def _mixed(values: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """MurmurHash3's 32-bit finaliser (wrapping arithmetic, as intended)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash(values: Iterable[bytes]) -> Signature:
    """The MinHash signature of a set of byte strings."""
    hashed = [int.from_bytes(hashlib.sha1(value).digest()[:4], "little") for value in values]
    if not hashed:
        return np.full(PERMUTATIONS, _EMPTY, dtype=np.uint32)
    a, b = _permutations()
    permuted = _mixed(np.array(hashed, dtype=np.uint32)).reshape(-1, 1) * a + b
    found: Signature = permuted.min(axis=0)
    return found


def signature(tokens: Sequence[str]) -> Signature:
    """The MinHash of a text's stemmed tokens (as stored in the search index)."""
    words = [t for t in tokens[:MAX_TOKENS] if t != BREAK]
    if len(words) < SHINGLE:
        return minhash([" ".join(words).encode()])
    return minhash(
        " ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)
    )


_NAME = re.compile(r"\b[A-Z][\w'’-]+|\b\d[\d.,]*\b|[\u3400-\u9fff]")
_OPENING_WORDS = 80


@lru_cache(maxsize=4)
def _stop_words(language: str) -> frozenset[str]:
    """The most frequent words of English, stemmed: they say nothing about which story."""
    from wordfreq import top_n_list  # on first use: loading its lists takes a while

    return frozenset(terms(" ".join(top_n_list("en", 400)), language))


def story_features(title: str, text: str, language: str = "english") -> set[str]:
    """What identifies a story: its title's words, and the names and numbers it opens with."""
    stop = _stop_words(language)
    stem = stemmer_for(language)
    words = {t for t in terms(title, language) if t != BREAK and t not in stop}
    opening = " ".join(text.split()[:_OPENING_WORDS])
    names = {stem(fold(match)) for match in _NAME.findall(opening)}
    return words | (names - stop)


MIN_STORY_FEATURES = 6


def story_signature(title: str, text: str, language: str = "english") -> Signature | None:
    """The MinHash of a story's features (see the module docstring); None when an entry says
    too little to tell its story apart (a few shared words would make any two alike)."""
    features = story_features(title, text, language)
    if len(features) < MIN_STORY_FEATURES:
        return None
    return minhash(feature.encode() for feature in sorted(features))


def to_bytes(signature: Signature) -> bytes:
    """A signature as 512 bytes for storage."""
    return bytes(signature.astype(np.uint32).tobytes())


def from_bytes(data: bytes) -> Signature:
    """A stored signature."""
    return np.frombuffer(data, dtype=np.uint32)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two sets, 0 to 1."""
    return float(np.count_nonzero(a == b)) / len(a)

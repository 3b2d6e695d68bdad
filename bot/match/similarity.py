"""How alike two texts are, as MinHash signatures (datasketch).

Two kinds of signature, for two decisions:

* ``signature``: runs of three stemmed words, for whether an article page changed materially
  since the last fetch (rewording a few words keeps it similar, a new paragraph does not);
* ``story_signature``: the words of the title plus the names and numbers in the opening,
  for whether two entries tell the same story. Outlets word a story differently, but name
  the same people, places and figures; measured on the shared real feeds this separates
  same-story pairs from different stories on the same topic far better than shingles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

from bot.match.text import BREAK, fold, stemmer_for, terms

PERMUTATIONS = 128
SCHEME = "affine32"  # datasketch 2's default; stored signatures must be read with the same
SHINGLE = 3
MAX_TOKENS = 400  # the opening of a story decides; wire copies diverge in their tails


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The permutation parameters every signature shares (datasketch derives them from the
    seed with numpy's RandomState, ~80 µs; done once instead of per signature)."""
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, scheme=SCHEME).permutations


def _minhash(hashvalues: Any = None) -> MinHash:
    # Imported on first use: datasketch brings scipy (a quarter of a second at start-up).
    from datasketch import MinHash

    return MinHash(
        num_perm=PERMUTATIONS, hashvalues=hashvalues, permutations=_permutations(), scheme=SCHEME
    )


def signature(tokens: Sequence[str]) -> MinHash:
    """The MinHash of a text's stemmed tokens (as stored in the search index)."""
    words = [t for t in tokens[:MAX_TOKENS] if t != BREAK]
    minhash = _minhash()
    if len(words) < SHINGLE:
        minhash.update(" ".join(words).encode())
        return minhash
    minhash.update_batch(
        [" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)]
    )
    return minhash


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


def story_signature(title: str, text: str, language: str = "english") -> MinHash | None:
    """The MinHash of a story's features (see the module docstring); None when an entry says
    too little to tell its story apart (a few shared words would make any two alike)."""
    features = story_features(title, text, language)
    if len(features) < MIN_STORY_FEATURES:
        return None
    minhash = _minhash()
    minhash.update_batch([feature.encode() for feature in sorted(features)])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    """A signature as 512 bytes for storage."""
    return bytes(minhash.hashvalues.astype(np.uint32).tobytes())


def from_bytes(data: bytes) -> MinHash:
    """A stored signature."""
    return _minhash(np.frombuffer(data, dtype=np.uint32))


def similarity(a: MinHash, b: MinHash) -> float:
    """Estimated Jaccard similarity of the two texts' shingles, 0 to 1."""
    return float(a.jaccard(b))

"""How alike two versions of a text are, as MinHash signatures: runs of three stemmed words,
for whether an article page changed materially since the last fetch (rewording a few words
keeps it similar, a new paragraph does not). Whether two entries tell the same story is
another question, answered by :mod:`bot.match.sketch` and :mod:`bot.match.stories`.

A signature is 128 32-bit hash values, exactly as datasketch 2 computes them with its
default "affine32" scheme (SHA-1 of each value, MurmurHash3's finaliser, affine
permutations drawn from ``RandomState(1)``; a test checks they agree bit for bit, so
signatures stored by earlier versions stay comparable). It is written here, in numpy,
because importing datasketch imports scipy: 39 MiB resident and a quarter of a second, for
a dozen lines of arithmetic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from bot.text.terms import BREAK

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


def to_bytes(signature: Signature) -> bytes:
    """A signature as 512 bytes for storage."""
    return bytes(signature.astype(np.uint32).tobytes())


def from_bytes(data: bytes) -> Signature:
    """A stored signature."""
    return np.frombuffer(data, dtype=np.uint32)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two sets, 0 to 1."""
    return float(np.count_nonzero(a == b)) / len(a)

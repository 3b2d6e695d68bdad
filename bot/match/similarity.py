"""How alike two texts are: MinHash signatures of word shingles (datasketch).

One signature serves two decisions: whether an article page changed materially since the
last fetch, and whether two entries tell the same story (clustering). Shingles are runs of
three stemmed words, so rewording a few words or adding a line keeps texts similar, while
two different stories on the same topic share few runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

from bot.match.text import BREAK

PERMUTATIONS = 128
SCHEME = "affine32"  # datasketch 2's default; stored signatures must be read with the same
SHINGLE = 3
MAX_TOKENS = 400  # the opening of a story decides; wire copies diverge in their tails


def signature(tokens: Sequence[str]) -> MinHash:
    """The MinHash of a text's stemmed tokens (as stored in the search index)."""
    words = [t for t in tokens[:MAX_TOKENS] if t != BREAK]
    minhash = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    if len(words) < SHINGLE:
        minhash.update(" ".join(words).encode())
        return minhash
    minhash.update_batch(
        [" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)]
    )
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    """A signature as 512 bytes for storage."""
    return bytes(minhash.hashvalues.astype(np.uint32).tobytes())


def from_bytes(data: bytes) -> MinHash:
    """A stored signature."""
    return MinHash(
        num_perm=PERMUTATIONS, hashvalues=np.frombuffer(data, dtype=np.uint32), scheme=SCHEME
    )


def similarity(a: MinHash, b: MinHash) -> float:
    """Estimated Jaccard similarity of the two texts' shingles, 0 to 1."""
    return float(a.jaccard(b))

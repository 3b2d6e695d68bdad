"""Our MinHash equals datasketch's (affine32, seed 1) bit for bit, so stored signatures stay
comparable across versions."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash

from bot.match.similarity import PERMUTATIONS, from_bytes, minhash, signature, similarity, to_bytes


def reference(values: list[bytes]) -> np.ndarray:
    expected = MinHash(num_perm=PERMUTATIONS, seed=1, scheme="affine32")
    expected.update_batch(values)
    return expected.hashvalues


def test_signatures_equal_datasketchs() -> None:
    rng = random.Random(11)
    for size in (1, 2, 7, 60, 400):
        values = [rng.randbytes(rng.randint(0, 40)) for _ in range(size)]
        assert np.array_equal(minhash(values), reference(values))
    assert np.array_equal(minhash([]), MinHash(num_perm=PERMUTATIONS, scheme="affine32").hashvalues)


def test_stored_form_and_similarity() -> None:
    a = signature("peace talks resume in istanbul on tuesday morning".split())
    b = signature("peace talks resume in istanbul on tuesday evening".split())
    assert np.array_equal(from_bytes(to_bytes(a)), a) and len(to_bytes(a)) == 512
    theirs = MinHash(num_perm=PERMUTATIONS, hashvalues=a, scheme="affine32")
    assert similarity(a, b) == theirs.jaccard(
        MinHash(num_perm=PERMUTATIONS, hashvalues=b, scheme="affine32")
    )
    assert similarity(a, a) == 1.0

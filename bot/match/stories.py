"""One alert per story: near-duplicate entries within a time window share a story (cluster).

Every new entry's story signature (see :mod:`bot.match.similarity`) is looked up in a MinHash
LSH index of the entries of the last ``window`` seconds. The most similar candidate above the
threshold gives its story; otherwise the entry starts one. Entries from another source need
``threshold`` (default 0.45); entries from the same source need ``SAME_SOURCE`` (0.8): a
source re-posting a story with a new id repeats it almost word for word, while two of its
different articles can share a template title.

The index follows the database: :meth:`StoryIndex.assign` decides without changing anything
(entries of the same batch see each other), and the caller hands the result to
:meth:`StoryIndex.add` after the transaction that stored those entries commits. A rolled-back
store leaves no trace here.

Memory is compact and bounded. datasketch's ``MinHashLSH`` keeps Python sets and byte strings
per band per member (about 15 KB each); here signatures live in one numpy matrix (512 bytes
each) and the band keys in one sorted array (8 bytes per band), about 1 KB per member. At
most ``max_open`` entries are kept, the oldest evicted first.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from bot.match.similarity import PERMUTATIONS

SAME_SOURCE = 0.8
LSH_SLACK = 0.2
# LSH finds pairs near its threshold only with some probability (its S-curve), so it looks
# more loosely (threshold - LSH_SLACK = 0.25) than the decision and each candidate is then
# scored exactly. 42 bands of 3 rows is datasketch's optimum for 0.25 at 128 permutations.
BANDS, ROWS = 42, 3
_MERGE_EVERY = 512  # members kept in a dict before they join the sorted arrays

Signature = npt.NDArray[np.uint32]

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x27D4EB2F165667C5)


def band_keys(signatures: Signature) -> npt.NDArray[np.uint32]:
    """The LSH key of each band of each signature: shape (..., BANDS), 32-bit hashes.

    Two signatures that agree on a band's three values get the same key; a rare false
    collision only adds a candidate, which exact scoring then rejects.
    """
    rows = signatures[..., : BANDS * ROWS].reshape(*signatures.shape[:-1], BANDS, ROWS)
    mixed = (rows.astype(np.uint64) * _MIX).sum(axis=-1, dtype=np.uint64) ^ _SALT
    mixed ^= mixed >> np.uint64(29)
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(32)
    keys: npt.NDArray[np.uint32] = mixed.astype(np.uint32)
    return keys


def signature_of(data: bytes) -> Signature:
    """A stored signature (``similarity.to_bytes``) as an array."""
    return np.frombuffer(data, dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry being stored that may join a story."""

    entry_id: int
    source_id: int
    signature: Signature


@dataclass(frozen=True, slots=True)
class Assignment:
    """What :meth:`StoryIndex.assign` decided: each entry's story, and the members to add
    once the entries are committed."""

    stories: dict[int, int]
    members: list[tuple[NewEntry, int, float]] = field(default_factory=list)


class StoryIndex:
    """Recent entries' signatures, for assigning each new entry to a story."""

    def __init__(
        self, *, threshold: float = 0.45, window: float = 12 * 3600.0, max_open: int = 50_000
    ) -> None:
        self.threshold = threshold
        self.window = window
        self.max_open = max_open
        self._capacity = 0
        self._signatures: Signature = np.zeros((0, PERMUTATIONS), dtype=np.uint32)
        self._entries = np.zeros(0, dtype=np.int64)
        self._stories = np.zeros(0, dtype=np.int64)
        self._sources = np.zeros(0, dtype=np.int64)
        self._times = np.zeros(0, dtype=np.float64)
        self._head = 0  # sequence number of the oldest member
        self._tail = 0  # sequence number the next member gets
        self._keys = np.zeros(0, dtype=np.uint32)  # sorted band keys ...
        self._seqs = np.zeros(0, dtype=np.int64)  # ... and the member each belongs to
        self._pending: dict[int, list[int]] = {}
        self._pending_members = 0

    def __len__(self) -> int:
        return self._tail - self._head

    @property
    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays (the dict of recent keys is not counted)."""
        arrays = (self._signatures, self._entries, self._stories, self._sources, self._times,
                  self._keys, self._seqs)  # fmt: skip
        return sum(a.nbytes for a in arrays)

    def load(self, rows: Iterable[tuple[int, int, int, bytes, float]]) -> None:
        """Restore recent entries at start-up: (entry, story, source, signature, ingested at)."""
        ordered = sorted(rows, key=lambda r: r[4])[-self.max_open :]
        self.add(
            Assignment(
                {},
                [
                    (NewEntry(e, s, signature_of(sig)), story, at)
                    for e, story, s, sig, at in ordered
                ],
            )
        )

    def assign(self, entries: Sequence[NewEntry], now: float | None = None) -> Assignment:
        """The story of each new entry (its own id when it starts one); changes nothing."""
        now = time.time() if now is None else now
        stories: dict[int, int] = {}
        members: list[tuple[NewEntry, int, float]] = []
        for entry in entries:
            best_story, best_score = self._best(entry, now)
            for earlier, story, _ in members:  # the same batch: not in the index yet
                needed = SAME_SOURCE if earlier.source_id == entry.source_id else self.threshold
                score = _similarity(earlier.signature, entry.signature)
                if score >= needed and score > best_score:
                    best_story, best_score = story, score
            story = best_story if best_story is not None else entry.entry_id
            stories[entry.entry_id] = story
            members.append((entry, story, now))
        return Assignment(stories, members)

    def _best(self, entry: NewEntry, now: float) -> tuple[int | None, float]:
        seqs = self._candidates(entry.signature)
        if seqs.size == 0:
            return None, 0.0
        slots = seqs % self._capacity
        fresh = self._times[slots] >= now - self.window
        slots = slots[fresh]
        if slots.size == 0:
            return None, 0.0
        scores = np.count_nonzero(self._signatures[slots] == entry.signature, axis=1)
        scores = scores / PERMUTATIONS
        needed = np.where(self._sources[slots] == entry.source_id, SAME_SOURCE, self.threshold)
        scores = np.where(scores >= needed, scores, -1.0)
        best = int(np.argmax(scores))  # ties: the oldest (candidates are in member order)
        if scores[best] < 0:
            return None, 0.0
        return int(self._stories[slots[best]]), float(scores[best])

    def _candidates(self, signature: Signature) -> npt.NDArray[np.int64]:
        """Live members sharing at least one band with ``signature``, oldest first."""
        if len(self) == 0:
            return np.zeros(0, dtype=np.int64)
        keys = band_keys(signature)
        low = np.searchsorted(self._keys, keys, "left")
        high = np.searchsorted(self._keys, keys, "right")
        parts = [self._seqs[a:b] for a, b in zip(low.tolist(), high.tolist(), strict=True) if b > a]
        recent = [seq for key in keys.tolist() for seq in self._pending.get(key, ())]
        if recent:
            parts.append(np.array(recent, dtype=np.int64))
        if not parts:
            return np.zeros(0, dtype=np.int64)
        seqs = np.unique(np.concatenate(parts))
        return seqs[seqs >= self._head]

    def add(self, assignment: Assignment) -> None:
        """Add the members of a committed assignment; expire and evict the oldest."""
        for entry, story, at in assignment.members:
            self._append(entry, story, at)
        if assignment.members:
            self._expire(max(at for _, _, at in assignment.members))

    def _append(self, entry: NewEntry, story: int, at: float) -> None:
        if len(self) == self._capacity:
            if self._capacity < self.max_open:
                self._grow(min(self.max_open, max(1024, 2 * self._capacity)))
            else:
                self._head += 1  # evict the oldest
        seq = self._tail
        slot = seq % self._capacity
        self._signatures[slot] = entry.signature
        self._entries[slot] = entry.entry_id
        self._stories[slot] = story
        self._sources[slot] = entry.source_id
        self._times[slot] = at
        self._tail += 1
        for key in band_keys(entry.signature).tolist():
            self._pending.setdefault(key, []).append(seq)
        self._pending_members += 1
        if self._pending_members >= _MERGE_EVERY:
            self._merge()

    def _expire(self, now: float) -> None:
        while self._head < self._tail and self._times[self._head % self._capacity] < (
            now - self.window
        ):
            self._head += 1

    def _grow(self, capacity: int) -> None:
        seqs = np.arange(self._head, self._tail)
        old = seqs % self._capacity if self._capacity else seqs
        new = seqs % capacity
        self._signatures = _moved(self._signatures, old, new, (capacity, PERMUTATIONS))
        self._entries = _moved(self._entries, old, new, (capacity,))
        self._stories = _moved(self._stories, old, new, (capacity,))
        self._sources = _moved(self._sources, old, new, (capacity,))
        self._times = _moved(self._times, old, new, (capacity,))
        self._capacity = capacity

    def _merge(self) -> None:
        """Move the recent keys into the sorted arrays, dropping evicted members' keys."""
        count = sum(len(seqs) for seqs in self._pending.values())
        keys = np.fromiter(
            (key for key, seqs in self._pending.items() for _ in seqs), np.uint32, count
        )
        seqs = np.fromiter((s for group in self._pending.values() for s in group), np.int64, count)
        self._pending.clear()
        self._pending_members = 0
        live = self._seqs >= self._head
        if live.size and np.count_nonzero(live) < 0.75 * live.size:
            self._keys, self._seqs = self._keys[live], self._seqs[live]
        order = np.argsort(keys, kind="stable")
        keys, seqs = keys[order], seqs[order]
        at = np.searchsorted(self._keys, keys, "right")
        self._keys = np.insert(self._keys, at, keys)
        self._seqs = np.insert(self._seqs, at, seqs)


_T = TypeVar("_T", bound=np.generic)


def _moved(
    array: npt.NDArray[_T],
    old: npt.NDArray[np.int64],
    new: npt.NDArray[np.int64],
    shape: tuple[int, ...],
) -> npt.NDArray[_T]:
    """A bigger copy of a ring buffer's array, each member moved to its new slot."""
    grown = np.zeros(shape, dtype=array.dtype)
    grown[new] = array[old]
    return grown


def _similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of two signatures (the share of equal hash values)."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS

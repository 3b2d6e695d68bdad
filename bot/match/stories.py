"""One alert per story: near-duplicate entries within a time window share a cluster.

Every new entry's story signature (see :mod:`bot.match.similarity`) is looked up in a
MinHash LSH index (datasketch) of the entries of the last ``window`` seconds. The most
similar candidate above the threshold gives its cluster; otherwise the entry starts one.
Entries from another source need ``threshold`` (default 0.45); entries from the same source
need ``same_source`` (0.8): a source re-posting a story with a new id repeats it almost word
for word, while two of its different articles can share a template title.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from bot.match.similarity import PERMUTATIONS, from_bytes, similarity

SAME_SOURCE = 0.8
_LSH_SLACK = 0.2


@dataclass(frozen=True, slots=True)
class Member:
    """What the index keeps of an entry."""

    entry_id: int
    cluster_id: int
    source_id: int
    signature: MinHash
    ingested_at: float


class StoryClusters:
    """Recent entries' signatures, for assigning each new entry to a story."""

    def __init__(self, *, threshold: float = 0.45, window: float = 12 * 3600.0) -> None:
        self.threshold = threshold
        self.window = window
        # LSH finds pairs near its threshold only with some probability (its S-curve), so it
        # looks more loosely than the decision and each candidate is then scored exactly.
        self._lsh = MinHashLSH(threshold=max(0.1, threshold - _LSH_SLACK), num_perm=PERMUTATIONS)
        self._members: dict[int, Member] = {}
        self._order: deque[int] = deque()

    def __len__(self) -> int:
        return len(self._members)

    def load(self, rows: Iterable[tuple[int, int, int, bytes, float]]) -> None:
        """Restore recent entries: (entry id, cluster id, source id, signature, ingested at)."""
        for entry_id, cluster_id, source_id, data, ingested_at in sorted(rows, key=lambda r: r[4]):
            self._add(Member(entry_id, cluster_id, source_id, from_bytes(data), ingested_at))

    def _add(self, member: Member) -> None:
        self._members[member.entry_id] = member
        self._order.append(member.entry_id)
        self._lsh.insert(str(member.entry_id), member.signature)

    def _expire(self, now: float) -> None:
        while self._order and self._members[self._order[0]].ingested_at < now - self.window:
            old = self._members.pop(self._order.popleft())
            self._lsh.remove(str(old.entry_id))

    def assign(
        self, entry_id: int, source_id: int, signature: MinHash, now: float | None = None
    ) -> int:
        """The cluster of a new entry (its own id when it starts a new story)."""
        now = time.time() if now is None else now
        self._expire(now)
        best, best_score = None, 0.0
        for key in self._lsh.query(signature):
            candidate = self._members[int(key)]
            needed = SAME_SOURCE if candidate.source_id == source_id else self.threshold
            score = similarity(candidate.signature, signature)
            if score >= needed and score > best_score:
                best, best_score = candidate, score
        cluster = best.cluster_id if best is not None else entry_id
        self._add(Member(entry_id, cluster, source_id, signature, now))
        return cluster

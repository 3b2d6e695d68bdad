"""What matching found, as columns: one row per (entry, subscription), grouped per chat.

With 100,000 subscriptions an entry about a big story matches hundreds of them; building a
Python object per match cost more than finding them. Matching therefore works on numpy
arrays end to end (:class:`Members` keeps each subscription's chat, start and mute by id),
and the outbox reads the columns directly; reasons become text only when stored
(:func:`bot.store.reasons.encode_matches`).

Rows are grouped by entry (in order), then chat: each run of one (entry, chat) is one alert,
whose reasons are its rows (ordered by subscription id when stored or read).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from bot.models import Match, Reason, Relation, Subscription

RELATIONS = (Relation.TOPIC, Relation.PLACE, Relation.INSIDE, Relation.WITHIN, Relation.SOURCE)
TOPIC, PLACE, INSIDE, WITHIN, SOURCE = range(len(RELATIONS))

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Floats32 = NDArray[np.float32]


def ints(values: Sequence[int] = ()) -> Ints:
    """An int64 column."""
    return np.asarray(values, dtype=np.int64)


class Members:
    """Each live subscription's chat, first entry it may see, and mute end, by id.

    Dense arrays indexed by subscription id (ids are small, increasing integers), so
    filtering thousands of matched ids is three array look-ups.
    """

    def __init__(self) -> None:
        self.chat: Ints = ints()
        self.after: Ints = ints()
        self.muted: Floats = np.zeros(0, dtype=np.float64)

    def _grow(self, size: int) -> None:
        if size <= len(self.chat):
            return
        size = max(size, 2 * len(self.chat), 1024)
        grown = size - len(self.chat)
        self.chat = np.concatenate([self.chat, np.zeros(grown, dtype=np.int64)])
        self.after = np.concatenate([self.after, np.zeros(grown, dtype=np.int64)])
        self.muted = np.concatenate([self.muted, np.zeros(grown, dtype=np.float64)])

    def set(self, subscriptions: Sequence[Subscription]) -> None:
        """Record (or update) subscriptions."""
        if not subscriptions:
            return
        ids = ints([s.id for s in subscriptions])
        self._grow(int(ids.max()) + 1)
        self.chat[ids] = [s.chat_id for s in subscriptions]
        self.after[ids] = [s.after_entry_id for s in subscriptions]
        self.muted[ids] = [s.muted_until or 0.0 for s in subscriptions]

    def visible(self, entry: Ints, subscription: Ints, now: float) -> NDArray[np.bool_]:
        """Which (entry, subscription) pairs may alert: the entry was stored after the
        subscription was made, and the subscription is not muted."""
        return (self.after[subscription] < entry) & (self.muted[subscription] <= now)


@dataclass(frozen=True, slots=True)
class Matches:
    """Matching rows as columns (see the module docstring); ``places`` names the place keys
    that ``place`` indexes (-1: none)."""

    entry: Ints
    chat: Ints
    subscription: Ints
    relation: NDArray[np.int8]
    place: NDArray[np.int32]
    km: NDArray[np.float32]
    places: tuple[str, ...] = ()

    @classmethod
    def empty(cls) -> Matches:
        """No matches."""
        return cls(ints(), ints(), ints(), np.zeros(0, np.int8), np.zeros(0, np.int32),
                   np.zeros(0, np.float32))  # fmt: skip

    def starts(self) -> Ints:
        """Where each (entry, chat) run starts, plus the end: alert ``i`` is rows
        ``starts[i]:starts[i + 1]``."""
        if not len(self.entry):
            return ints([0])
        new = np.empty(len(self.entry), dtype=bool)
        new[0] = True
        new[1:] = (self.entry[1:] != self.entry[:-1]) | (self.chat[1:] != self.chat[:-1])
        return np.append(np.flatnonzero(new), len(self.entry)).astype(np.int64)

    def __len__(self) -> int:
        """How many alerts: distinct (entry, chat) pairs."""
        return len(self.starts()) - 1

    def renumbered(self, ids: Ints, offset: int) -> Matches:
        """The matches of entries numbered ``offset + i`` while they were prepared, with the
        ids ``ids[i]`` they were stored under; rows of entries not stored (-1) are dropped."""
        stored = ids[self.entry - offset]
        keep = np.flatnonzero(stored >= 0)
        return Matches(
            stored[keep], self.chat[keep], self.subscription[keep], self.relation[keep],
            self.place[keep], self.km[keep], self.places,
        )  # fmt: skip

    def alerts(self) -> Iterator[tuple[int, int, list[int]]]:
        """Each alert as (chat, entry, its rows ordered by subscription id)."""
        starts = self.starts().tolist()
        chats, entries, ids = self.chat.tolist(), self.entry.tolist(), self.subscription.tolist()
        for a, b in pairwise(starts):
            rows = list(range(a, b)) if b - a == 1 else sorted(range(a, b), key=ids.__getitem__)
            yield chats[a], entries[a], rows

    def __iter__(self) -> Iterator[Match]:
        """One (chat, entry, reasons) per alert, as objects (for tests and small batches)."""
        for chat, entry, rows in self.alerts():
            reasons = tuple(
                Reason(
                    int(self.subscription[i]),
                    RELATIONS[int(self.relation[i])],
                    self.places[int(self.place[i])] if self.place[i] >= 0 else "",
                    round(float(self.km[i]), 1) if self.relation[i] == WITHIN else 0.0,
                )
                for i in rows
            )
            yield chat, entry, reasons


class Rows:
    """Matching rows gathered entry by entry (in entry order), turned into
    :class:`Matches` at the end."""

    def __init__(self) -> None:
        self._entries: list[int] = []
        self._counts: list[int] = []
        self._topics: list[Ints] = []
        self._places: list[tuple[int, Ints, NDArray[np.int8], NDArray[np.int32], Floats32]] = []

    def topics(self, entry: int, matched: list[Ints]) -> None:
        """The subscription ids of the topics an entry satisfies."""
        if matched:
            ids = np.concatenate(matched) if len(matched) > 1 else matched[0]
            self._entries.append(entry)
            self._counts.append(len(ids))
            self._topics.append(ids)

    def places(
        self, entry: int, ids: Ints, relation: NDArray[np.int8], place: NDArray[np.int32],
        km: Floats32,
    ) -> None:  # fmt: skip
        """The place subscriptions an entry satisfies, how, through which place, how far."""
        if len(ids):
            self._places.append((entry, ids, relation, place, km))

    def follows(self, entry: int, ids: Ints) -> None:
        """The followed-source subscriptions an entry satisfies."""
        if len(ids):
            none = np.full(len(ids), -1, np.int32)
            self._places.append(
                (
                    entry,
                    ids,
                    np.full(len(ids), SOURCE, np.int8),
                    none,
                    np.zeros(len(ids), np.float32),
                )
            )

    def matches(self, members: Members, places: tuple[str, ...], now: float) -> Matches:
        """The rows that may alert (see :meth:`Members.visible`), with their chats, in
        alert order."""
        if not self._topics and not self._places:
            return Matches.empty()
        topics = sum(self._counts)
        entry = np.concatenate(
            [np.repeat(ints(self._entries), self._counts)]
            + [np.full(len(p[1]), p[0], np.int64) for p in self._places]
        )
        subscription = np.concatenate(self._topics + [p[1] for p in self._places])
        relation = np.concatenate([np.full(topics, TOPIC, np.int8)] + [p[2] for p in self._places])
        place = np.concatenate([np.full(topics, -1, np.int32)] + [p[3] for p in self._places])
        km = np.concatenate([np.zeros(topics, np.float32)] + [p[4] for p in self._places])
        visible = members.visible(entry, subscription, now)
        if not visible.all():
            keep = np.flatnonzero(visible)
            entry, subscription = entry[keep], subscription[keep]
            relation, place, km = relation[keep], place[keep], km[keep]
        if not len(entry):
            return Matches.empty()
        chat = members.chat[subscription]
        order = _alert_order(entry, chat)
        return Matches(
            entry[order], chat[order], subscription[order], relation[order], place[order],
            km[order], places,
        )  # fmt: skip


_CHAT_BITS = 42  # chat ids in (-2**41, 2**41): every id Telegram gives today
_ENTRY_BITS = 63 - _CHAT_BITS


def _alert_order(entry: Ints, chat: Ints) -> NDArray[np.intp]:
    """An order grouping rows by entry (in order), then chat: one sort on a combined key
    when ids allow (the usual case), else a two-key sort."""
    span = int(entry.max() - entry.min())
    reach = int(np.abs(chat).max())
    if span < 1 << _ENTRY_BITS and reach < 1 << (_CHAT_BITS - 1):
        key = ((entry - entry.min()) << _CHAT_BITS) | (chat + (1 << (_CHAT_BITS - 1)))
        return np.argsort(key)
    return np.lexsort((chat, entry))

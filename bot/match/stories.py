"""One alert per story: entries that report the same event within a time window share a story.

Each new entry's sketch (see :mod:`bot.match.sketch`) is compared with the stories of the
last ``window`` seconds, and joins the most similar one scoring at least ``threshold``; else
it starts its own. A story is compared as a whole, by its profile: how much each feature
weighs on average over its members, in how many of them it appears, in how many titles. A
story grows a stable core as outlets report it (the names, places and figures every report
gives), so a tenth report worded like none of the first nine still finds it, while a story
of the same topic with other names or figures does not.

The score of an entry against a story, from 0 to 1, is ``ALPHA`` times the cosine of their
weights plus ``1 - ALPHA`` times the lesser of two coverages: how much of the entry's title
the story's members share, and how much of the story's titles the entry shares (both
weighted by rarity). Each of three conflicts halves it: the titles give numbers and share
none ("8 dead", "12 dead"; "forecast for 8 November", "…for 18 November"; where the titles'
words are the same, that is a template's and they never join: "Головні новини … 21 грудня",
"… 22 грудня"); the titles name
places and share none ("drones attack Kharkiv", "drones attack Odesa"; a town and the region
it lies in are not two places: "удар по Харкову", "удар по Харківщині"); the title's subject is
not the story's and neither mentions the other's ("Apple to release quarterly earnings",
"Microsoft to release…").

Rules that words do not decide:

* A source's own posts never join each other: one outlet's posts are separate updates (a
  live blog's above all). A post repeating a title its source already posted in the window
  is a repeat: it joins that story and says nothing (see :attr:`Assignment.repeats`).
* Entries of sources people bring are never given to the index (see the caller): their
  words never reach other people's alerts.

Candidates come from postings: each member's ``POSTED`` heaviest words and places (and its
heaviest language-independent ones, and every place its title names) point to it; an
entry's own ones collect members (the newest ``PER_KEY`` per feature, ``PER_PLACE`` per
place), and the ``CANDIDATES`` stories they add up to the most are scored exactly.

The index follows the database: :meth:`StoryIndex.assign` decides without changing anything
(entries of one batch see each other), and the caller hands the result to
:meth:`StoryIndex.add` after the transaction that stored those entries commits. Members live
in fixed-width numpy arrays (about 400 bytes each with their postings); stories of two or
more members keep a profile. At most ``max_open`` members are kept, the oldest evicted first.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from bot.match.sketch import (
    BRIDGE,
    FEATURES,
    SUBJECT,
    TITLE,
    Kind,
    Sketch,
    from_bytes,
    within_key,
)

ALPHA = 0.3
ACROSS = 0.6
"""Between languages the threshold is this share of the usual one: fewer features can meet
(see :func:`score`), and two reports that share a place, a figure and a name across
languages are rarely two events."""
COMMON = 0.01
"""A feature in more than this share of the window's entries is damped: during a war,
"Russia" and "Ukraine" are in every other report and say little about which one."""
_DAMP_FLOOR = 0.2
_STATISTICS_FROM = 100  # members the window needs before its counts mean anything
_COUNTS = 1 << 20
_CONFLICTING = (int(Kind.NUMBER), int(Kind.PLACE))
_NUMBER = int(Kind.NUMBER)
_WORD = int(Kind.WORD)
_PLACE = int(Kind.PLACE)
_WITHIN = int(Kind.WITHIN)
CONFLICT = 0.5
"""What each conflict (numbers, places, subject) multiplies the score by."""
POSTED = 8
POSTED_BRIDGES = 4
PER_KEY = 256
PER_PLACE = 32
"""A place is posted by every member whose title names it, and a country is in most of a
war's titles: the newest ``PER_PLACE`` of them are candidates (a city's reach further back
in time than a country's), which keeps assignment as fast as before places were posted."""
CANDIDATES = 8
_MERGE_EVERY = 512  # members kept in a dict before they join the sorted postings
_KIND_SHIFT = 1

_T = TypeVar("_T", bound=np.generic)
Keys = npt.NDArray[np.uint32]
Floats = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry being stored that may join a story."""

    entry_id: int
    source_id: int
    sketch: Sketch


@dataclass(frozen=True, slots=True)
class Assignment:
    """What :meth:`StoryIndex.assign` decided: each entry's story, the members to add once
    the entries are committed, and the entries that only repeat what their source posted
    (they alert nobody anew and change no alert)."""

    stories: dict[int, int]
    members: list[tuple[NewEntry, int, float]] = field(default_factory=list)
    repeats: frozenset[int] = frozenset()


@dataclass(slots=True)
class _Profile:
    """A story as a whole: per feature (keys ascending), its kind, summed weight, and how
    many members (and titles) have it; how many members it has, the first one's subject,
    and how many members each source gave."""

    keys: Keys
    kinds: npt.NDArray[np.uint8]
    bridges: npt.NDArray[np.bool_]
    weight: Floats
    members: Floats
    titles: Floats
    count: int
    subject: int
    sources: dict[int, int]
    languages: dict[str, int]
    newest: float = 0.0
    """When its newest member came (set by the index; see :attr:`StoryIndex.quiet`)."""

    @staticmethod
    def of(sketch: Sketch, source: int) -> _Profile:
        """The profile of a story of one member."""
        return _Profile(
            sketch.keys,
            sketch.kinds(),
            (sketch.flags & BRIDGE) > 0,
            sketch.weights,
            np.ones(len(sketch.keys), np.float32),
            (sketch.flags & TITLE).astype(np.float32),
            1,
            subject_of(sketch),
            {source: 1},
            {sketch.language: 1},
        )

    def add(self, sketch: Sketch, source: int, sign: int = 1) -> None:
        """Count a member in (``sign`` 1) or out (-1)."""
        merged, at = np.unique(np.concatenate([self.keys, sketch.keys]), return_inverse=True)
        own, new = at[: len(self.keys)], at[len(self.keys) :]
        kinds = np.zeros(len(merged), np.uint8)
        bridges = np.zeros(len(merged), np.bool_)
        weight = np.zeros(len(merged), np.float32)
        members = np.zeros(len(merged), np.float32)
        titles = np.zeros(len(merged), np.float32)
        kinds[own], kinds[new] = self.kinds, sketch.kinds()
        bridges[own], bridges[new] = self.bridges, (sketch.flags & BRIDGE) > 0
        weight[own], members[own], titles[own] = self.weight, self.members, self.titles
        weight[new] += sign * sketch.weights
        members[new] += sign
        titles[new] += sign * (sketch.flags & TITLE).astype(np.float32)
        keep = members > 0.5
        self.keys, self.kinds, self.weight = merged[keep], kinds[keep], weight[keep]
        self.bridges = bridges[keep]
        self.members, self.titles = members[keep], titles[keep]
        self.count += sign
        self.sources[source] = self.sources.get(source, 0) + sign
        if self.sources[source] <= 0:
            del self.sources[source]
        language = sketch.language
        self.languages[language] = self.languages.get(language, 0) + sign
        if self.languages[language] <= 0:
            del self.languages[language]


def subject_of(sketch: Sketch) -> int:
    """The key of the sketch's subject (-1: none)."""
    found = sketch.keys[(sketch.flags & SUBJECT) > 0]
    return int(found[0]) if found.size else -1


Damp = Callable[[Keys], Floats]


def across(entry: Sketch, story: _Profile) -> bool:
    """Whether the entry is in a language none of the story's members is in (both known)."""
    return bool(entry.language) and not ({entry.language, ""} & story.languages.keys())


def damped(entry: Sketch, damp: Damp | None) -> Sketch:
    """The entry with its features' weights damped (see :meth:`StoryIndex._damp`), once for
    all the stories it is scored against."""
    if damp is None:
        return entry
    return Sketch(entry.keys, entry.weights * damp(entry.keys), entry.flags,
                  entry.title_hash, entry.language)  # fmt: skip


def score(entry: Sketch, story: _Profile, damp: Damp | None = None) -> float:
    """How surely ``entry`` (its weights already :func:`damped` by ``damp``) reports
    ``story`` (see the module docstring), 0 to 1. An entry in a language none of the
    story's members is in is compared on what means the same in every language: numbers,
    places and skeletons, of which it must share two."""
    crossing = across(entry, story)
    if crossing:
        entry = _bridges(entry)
        story = _Profile(
            story.keys[story.bridges], story.kinds[story.bridges], story.bridges[story.bridges],
            story.weight[story.bridges], story.members[story.bridges],
            story.titles[story.bridges], story.count, -1, story.sources, story.languages,
        )  # fmt: skip
    if not entry.keys.size or not story.keys.size:
        return 0.0
    mean = story.weight / story.count
    if damp is not None:
        mean = mean * damp(story.keys)
    share = story.members / story.count
    in_titles = story.titles / story.count
    at = np.minimum(np.searchsorted(story.keys, entry.keys), story.keys.size - 1)
    shared = story.keys[at] == entry.keys
    kinds = entry.kinds()
    if crossing and np.count_nonzero(shared & (kinds != _WITHIN)) < 2:
        return 0.0
    norms = math.sqrt(float(np.dot(entry.weights, entry.weights)) * float(np.dot(mean, mean)))
    cosine = float(np.dot(entry.weights[shared], mean[at[shared]])) / norms if norms else 0.0
    title = (entry.flags & TITLE) > 0
    title_weight = float(entry.weights[title].sum())
    covered = float((entry.weights * np.where(shared, share[at], 0.0))[title].sum())
    entry_covered = covered / title_weight if title_weight else 0.0
    told = mean * in_titles
    back = np.minimum(np.searchsorted(entry.keys, story.keys), entry.keys.size - 1)
    in_entry = entry.keys[back] == story.keys
    told_weight = float(told.sum())
    story_covered = float(told[in_entry].sum()) / told_weight if told_weight else 0.0
    result = ALPHA * cosine + (1 - ALPHA) * min(entry_covered, story_covered)
    told_in_titles = in_titles >= 0.5
    for kind in _CONFLICTING:
        mine = entry.keys[title & (kinds == kind)]
        theirs = story.keys[told_in_titles & (story.kinds == kind)]
        if mine.size and theirs.size and not _share_any(mine, theirs):
            if kind == _NUMBER and _same_words(entry, kinds, title, story, told_in_titles):
                return 0.0  # a template: "Головні новини … 21 грудня", "… 22 грудня"
            # A town and the region it lies in are no two places ("Харкову", "Харківщині"):
            # either side's title places may be a region the other's towns lie in.
            mine_within = entry.keys[kinds == _WITHIN]
            theirs_within = story.keys[told_in_titles & (story.kinds == _WITHIN)]
            if kind == _PLACE and (
                _share_any(theirs, within_key(mine_within))
                or _share_any(mine, within_key(theirs_within))
            ):
                continue
            result *= CONFLICT  # titles with other figures, or other places
    subject = subject_of(entry)
    if (
        subject >= 0
        and story.subject >= 0
        and subject != story.subject
        and not _holds(story.keys, subject)
        and not _holds(entry.keys, story.subject)
    ):
        result *= CONFLICT
    return result


def _share_any(mine: Keys, theirs: Keys) -> bool:
    """Whether two small key arrays have a key in common (sets beat numpy's set routines
    on a title's few keys)."""
    return not set(mine.tolist()).isdisjoint(theirs.tolist())


def _holds(keys: Keys, key: int) -> bool:
    """Whether ascending ``keys`` hold ``key``."""
    at = int(np.searchsorted(keys, key))
    return at < keys.size and int(keys[at]) == key


def _same_words(
    entry: Sketch,
    kinds: npt.NDArray[np.uint8],
    title: npt.NDArray[np.bool_],
    story: _Profile,
    told: npt.NDArray[np.bool_],
) -> bool:
    """Whether the entry's title (its features' ``kinds``) and the story's titles have the
    same words (numbers and places aside): titles that then differ in their figures only
    are a template's."""
    mine = entry.keys[title & (kinds == _WORD)]
    theirs = story.keys[told & (story.kinds == _WORD)]
    return bool(mine.size) and np.array_equal(mine, theirs)


def _bridges(sketch: Sketch) -> Sketch:
    """The sketch's features that mean the same in every language."""
    keep = (sketch.flags & BRIDGE) > 0
    return Sketch(
        sketch.keys[keep], sketch.weights[keep], sketch.flags[keep], sketch.title_hash,
        sketch.language,
    )  # fmt: skip


class StoryIndex:
    """Recent entries' sketches and their stories, for assigning each new entry a story."""

    def __init__(
        self,
        *,
        threshold: float = 0.45,
        window: float = 12 * 3600.0,
        quiet: float = 4 * 3600.0,
        max_open: int = 50_000,
    ) -> None:
        self.threshold = threshold
        self.window = window
        self.quiet = quiet
        """A story no report joined for this long is closed: a report like it is news
        again ("вибухи у Харкові" at 02:00 and at 09:00 are two attacks)."""
        self.max_open = max_open
        self._capacity = 0
        self._features: Keys = np.zeros((0, FEATURES), np.uint32)
        self._weights = np.zeros((0, FEATURES), np.float16)
        self._flags = np.zeros((0, FEATURES), np.uint8)
        self._sizes = np.zeros(0, np.uint8)
        self._titles = np.zeros(0, np.uint32)
        self._languages = np.zeros(0, "S2")
        self._entries = np.zeros(0, np.int64)
        self._stories = np.zeros(0, np.int64)
        self._sources = np.zeros(0, np.int64)
        self._times = np.zeros(0, np.float64)
        self._head = 0  # sequence number of the oldest member
        self._tail = 0  # sequence number the next member gets
        self._keys: Keys = np.zeros(0, np.uint32)  # sorted posting keys ...
        self._seqs = np.zeros(0, np.int64)  # ... and the member each belongs to
        self._pending: dict[int, list[int]] = {}
        self._pending_members = 0
        self._counts = np.zeros(_COUNTS, np.uint32)  # members with each feature (hashed)
        self._profiles: dict[int, _Profile] = {}  # stories of two members or more
        self._lone: dict[int, int] = {}  # story of one member -> its sequence number

    def __len__(self) -> int:
        return self._tail - self._head

    @property
    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays and profiles (dict overheads not counted)."""
        arrays = (self._features, self._weights, self._flags, self._sizes, self._titles,
                  self._languages, self._entries, self._stories, self._sources, self._times,
                  self._keys,
                  self._seqs)  # fmt: skip
        profiles = sum(p.keys.nbytes * 5 for p in self._profiles.values())
        return sum(a.nbytes for a in arrays) + profiles

    def load(self, rows: Iterable[tuple[int, int, int, bytes, float]]) -> None:
        """Restore recent entries at start-up, or those other processes stored: (entry,
        story, source, sketch, ingested at). Rows of an earlier format are left out."""
        members = []
        for entry, story, source, data, at in sorted(rows, key=lambda r: r[4]):
            found = from_bytes(data)
            if found is not None:
                members.append((NewEntry(entry, source, found), story, at))
        self.add(Assignment({}, members[-self.max_open :]))

    def assign(self, entries: Sequence[NewEntry], now: float | None = None) -> Assignment:
        """The story of each new entry (its own id when it starts one); changes nothing."""
        now = time.time() if now is None else now
        stories: dict[int, int] = {}
        members: list[tuple[NewEntry, int, float]] = []
        repeats: set[int] = set()
        posted: list[set[int]] = []
        for entry in entries:
            keys = set(entry.sketch.keys[_posted(entry.sketch)].tolist())
            story, repeat = self._best(entry, now, members, posted, keys)
            posted.append(keys)
            story = entry.entry_id if story is None else story
            stories[entry.entry_id] = story
            if repeat:
                repeats.add(entry.entry_id)
            members.append((entry, story, now))
        return Assignment(stories, members, frozenset(repeats))

    def _best(
        self,
        entry: NewEntry,
        now: float,
        batch: Sequence[tuple[NewEntry, int, float]],
        batch_keys: Sequence[set[int]],
        keys: set[int],
    ) -> tuple[int | None, bool]:
        """The story ``entry`` joins (None: a new one), and whether it only repeats its
        source's post."""
        sketch = entry.sketch
        candidates, repeat = self._candidates(entry, now)
        if repeat is not None:
            return repeat, True
        # A story gone quiet takes no report: not even its profile is made.
        scored = [
            (story, self._profile(story))
            for story in candidates
            if not self._went_quiet(story, now)
        ]
        for (earlier, story, _), theirs in zip(batch, batch_keys, strict=True):
            # the same batch: not in the index yet
            if earlier.source_id == entry.source_id:
                if earlier.sketch.title_hash == sketch.title_hash:
                    return story, True
                continue
            if story == earlier.entry_id and not keys.isdisjoint(theirs):
                scored.append((story, _Profile.of(earlier.sketch, earlier.source_id)))
        best, best_score = None, self.threshold
        damp = self._damp if len(self) >= _STATISTICS_FROM else None
        weighed = damped(sketch, damp)
        for story, profile in scored:
            if profile is None or entry.source_id in profile.sources:
                continue  # one source's posts are separate updates
            found = score(weighed, profile, damp)
            if across(sketch, profile):
                found /= ACROSS
            if found >= best_score:
                best, best_score = story, found
        return best, False

    def _went_quiet(self, story: int, now: float) -> bool:
        """Whether no report joined the story for :attr:`quiet` seconds (a story of this
        batch has not)."""
        profile = self._profiles.get(story)
        if profile is not None:
            return profile.newest < now - self.quiet
        seq = self._lone.get(story)
        return seq is not None and bool(self._times[seq % self._capacity] < now - self.quiet)

    def _damp(self, keys: Keys) -> Floats:
        """Each feature's damping: 1 up to ``COMMON`` of the window's entries, less above."""
        share = self._counts[keys & (_COUNTS - 1)] / len(self)
        damp = np.log(1 / np.maximum(share, 1e-9)) / np.log(1 / COMMON)
        found: Floats = np.clip(damp, _DAMP_FLOOR, 1.0).astype(np.float32)
        return found

    def _profile(self, story: int) -> _Profile | None:
        profile = self._profiles.get(story)
        if profile is not None:
            return profile
        seq = self._lone.get(story)
        if seq is None or seq < self._head:
            return None
        slot = seq % self._capacity
        return _Profile.of(self._sketch(slot), int(self._sources[slot]))

    def _sketch(self, slot: int) -> Sketch:
        size = int(self._sizes[slot])
        return Sketch(
            self._features[slot, :size],
            self._weights[slot, :size].astype(np.float32),
            self._flags[slot, :size],
            int(self._titles[slot]),
            bytes(self._languages[slot]).decode(errors="replace"),
        )

    def _candidates(self, entry: NewEntry, now: float) -> tuple[list[int], int | None]:
        """The stories to score, most promising first, and the story of a repeat of this
        source's post (if it is one)."""
        if len(self) == 0:
            return [], None
        sketch = entry.sketch
        chosen = _posted(sketch)
        keys, weights = sketch.keys[chosen], sketch.weights[chosen]
        limits = np.where(sketch.kinds()[chosen] == _PLACE, PER_PLACE, PER_KEY).tolist()
        low = np.searchsorted(self._keys, keys, "left")
        high = np.searchsorted(self._keys, keys, "right")
        seqs: list[npt.NDArray[np.int64]] = []
        gains: list[Floats] = []
        rows = zip(keys.tolist(), weights.tolist(), low, high, limits, strict=True)
        for key, weight, a, b, per_key in rows:
            found = self._seqs[max(int(a), int(b) - per_key) : int(b)]
            recent = self._pending.get(key)
            if recent:
                found = np.concatenate([found, np.array(recent[-per_key:], np.int64)])
            if found.size:
                seqs.append(found)
                gains.append(np.full(found.size, weight, np.float32))
        if not seqs:
            return [], None
        every = np.concatenate(seqs)
        gain = np.concatenate(gains)
        live = every >= self._head
        every, gain = every[live], gain[live]
        slots = every % self._capacity
        fresh = self._times[slots] >= now - self.window
        slots, gain = slots[fresh], gain[fresh]
        if not slots.size:
            return [], None
        same = (self._sources[slots] == entry.source_id) & (
            self._titles[slots] == np.uint32(sketch.title_hash)
        )
        if same.any():
            return [], int(self._stories[slots[same][0]])
        stories, at = np.unique(self._stories[slots], return_inverse=True)
        total = np.bincount(at, weights=gain)
        order = np.argsort(-total, kind="stable")[:CANDIDATES]
        return [int(stories[i]) for i in order], None

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
                self._leave(self._head)  # evict the oldest
                self._head += 1
        seq = self._tail
        slot = seq % self._capacity
        sketch = entry.sketch
        size = min(len(sketch.keys), FEATURES)
        self._features[slot, :size] = sketch.keys[:size]
        self._weights[slot, :size] = sketch.weights[:size]
        self._flags[slot, :size] = sketch.flags[:size]
        self._sizes[slot] = size
        self._titles[slot] = sketch.title_hash
        self._languages[slot] = sketch.language.encode()[:2]
        self._entries[slot] = entry.entry_id
        self._stories[slot] = story
        self._sources[slot] = entry.source_id
        self._times[slot] = at
        self._tail += 1
        self._join(story, seq, sketch, entry.source_id)
        self._counts[sketch.keys & (_COUNTS - 1)] += 1
        for key in sketch.keys[_posted(sketch)].tolist():
            self._pending.setdefault(key, []).append(seq)
        self._pending_members += 1
        if self._pending_members >= _MERGE_EVERY:
            self._merge()

    def _join(self, story: int, seq: int, sketch: Sketch, source: int) -> None:
        """Count a new member into its story's profile."""
        profile = self._profiles.get(story)
        if profile is None:
            first = self._lone.pop(story, None)
            if first is None or first < self._head:
                self._lone[story] = seq
                return
            slot = first % self._capacity
            profile = _Profile.of(self._sketch(slot), int(self._sources[slot]))
            self._profiles[story] = profile
        profile.add(sketch, source)
        profile.newest = max(profile.newest, float(self._times[seq % self._capacity]))

    def _leave(self, seq: int) -> None:
        """Count a member that expires out of its story's profile and the counts."""
        slot = seq % self._capacity
        story = int(self._stories[slot])
        size = int(self._sizes[slot])
        self._counts[self._features[slot, :size] & (_COUNTS - 1)] -= 1
        if self._lone.get(story) == seq:
            del self._lone[story]
            return
        profile = self._profiles.get(story)
        if profile is not None:
            profile.add(self._sketch(slot), int(self._sources[slot]), -1)
            if profile.count <= 0:
                del self._profiles[story]

    def _expire(self, now: float) -> None:
        while self._head < self._tail and self._times[self._head % self._capacity] < (
            now - self.window
        ):
            self._leave(self._head)
            self._head += 1

    def _grow(self, capacity: int) -> None:
        seqs = np.arange(self._head, self._tail)
        old = seqs % self._capacity if self._capacity else seqs
        new = seqs % capacity
        self._features = _moved(self._features, old, new, (capacity, FEATURES))
        self._weights = _moved(self._weights, old, new, (capacity, FEATURES))
        self._flags = _moved(self._flags, old, new, (capacity, FEATURES))
        self._sizes = _moved(self._sizes, old, new, (capacity,))
        self._titles = _moved(self._titles, old, new, (capacity,))
        self._languages = _moved(self._languages, old, new, (capacity,))
        self._entries = _moved(self._entries, old, new, (capacity,))
        self._stories = _moved(self._stories, old, new, (capacity,))
        self._sources = _moved(self._sources, old, new, (capacity,))
        self._times = _moved(self._times, old, new, (capacity,))
        self._capacity = capacity

    def _merge(self) -> None:
        """Move the recent postings into the sorted arrays, dropping evicted members'."""
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
        order = np.lexsort((seqs, keys))
        keys, seqs = keys[order], seqs[order]
        at = np.searchsorted(self._keys, keys, "right")
        self._keys = np.insert(self._keys, at, keys)
        self._seqs = np.insert(self._seqs, at, seqs)


def _posted(sketch: Sketch) -> npt.NDArray[np.intp]:
    """Indices of the sketch's ``POSTED`` heaviest words and places, and of its
    ``POSTED_BRIDGES`` heaviest places and skeletons (how a report in another language is
    found); numbers alone never make a story."""
    kinds = sketch.kinds()
    words = np.flatnonzero((kinds != _NUMBER) & (kinds != _WITHIN))
    heaviest = words[np.argsort(-sketch.weights[words], kind="stable")[:POSTED]]
    bridges = words[(sketch.flags[words] & BRIDGE) > 0]
    bridges = bridges[np.argsort(-sketch.weights[bridges], kind="stable")[:POSTED_BRIDGES]]
    places = np.flatnonzero((kinds == _PLACE) & ((sketch.flags & TITLE) > 0))
    return np.union1d(np.union1d(heaviest, bridges), places)


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

"""An inverted index from words to topic queries, so matching cost does not grow with subscribers.

Each distinct query is registered under its anchor tokens (see :meth:`Query.anchor_tokens`);
an entry only checks the queries anchored on words it contains, and every subscription sharing
a query is matched by one check. We key on whole stemmed tokens with a hash map rather than an
Aho-Corasick automaton over raw characters: tokens already give word boundaries and stemming,
and a dictionary lookup per distinct word is as fast as an automaton pass with no rebuild cost
when a user subscribes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from bot.match.matches import Ints
from bot.match.query import Document, Query
from bot.models import Subscription


class TopicIndex:
    """All live topic subscriptions, indexed for matching entries."""

    def __init__(self) -> None:
        self._queries: dict[str, Query] = {}
        self._checks: dict[str, Callable[[Document], bool]] = {}
        self._members: dict[str, dict[int, Subscription]] = {}
        self._key_of: dict[int, str] = {}
        self._anchors: defaultdict[str, set[str]] = defaultdict(set)
        self._anchored: set[str] = set()  # the anchors' tokens, intersected with a document's
        # One-word topics: each reading of the word -> the topics; no check needed.
        self._words: defaultdict[str, set[str]] = defaultdict(set)
        self._word_set: set[str] = set()
        self._ids: dict[str, Ints] = {}  # each topic's subscription ids, rebuilt on change

    def __len__(self) -> int:
        return len(self._key_of)

    def add(self, subscription: Subscription, query: Query) -> None:
        """Register a subscription (replacing one with the same id)."""
        self.remove(subscription.id)
        key = query.key
        if key not in self._queries:
            self._queries[key] = query
            self._checks[key] = query.compiled()
            self._members[key] = {}
            if (words := query.any_of) is not None:
                for word in words:
                    self._words[word].add(key)
                self._word_set |= words
            else:
                for token in query.anchor_tokens():
                    self._anchors[token].add(key)
                    self._anchored.add(token)
        self._members[key][subscription.id] = subscription
        self._key_of[subscription.id] = key
        self._ids.pop(key, None)

    def remove(self, subscription_id: int) -> None:
        """Forget a subscription; unknown ids are ignored."""
        key = self._key_of.pop(subscription_id, None)
        if key is None:
            return
        members = self._members[key]
        members.pop(subscription_id, None)
        self._ids.pop(key, None)
        if members:
            return
        query = self._queries.pop(key)
        del self._checks[key]
        del self._members[key]
        for word in query.any_of or ():
            keys = self._words[word]
            keys.discard(key)
            if not keys:
                del self._words[word]
                self._word_set.discard(word)
        for token in query.anchor_tokens() if query.any_of is None else ():
            keys = self._anchors[token]
            keys.discard(key)
            if not keys:
                del self._anchors[token]
                self._anchored.discard(token)

    def subscriptions(self) -> list[Subscription]:
        """Every subscription in the index."""
        return [s for members in self._members.values() for s in members.values()]

    def get(self, subscription_id: int) -> Subscription | None:
        """The live subscription with this id, if it is a topic here."""
        key = self._key_of.get(subscription_id)
        return self._members[key][subscription_id] if key is not None else None

    def _candidates(self, doc: Document) -> set[str]:
        candidates: set[str] = set()
        anchors = self._anchors
        for token in doc.words & self._anchored:
            candidates |= anchors[token]
        return candidates

    def _ids_of(self, key: str) -> Ints:
        found = self._ids.get(key)
        if found is None:
            found = np.fromiter(self._members[key], dtype=np.int64)
            self._ids[key] = found
        return found

    def match(self, doc: Document) -> list[Ints]:
        """The subscription ids of every topic the document satisfies, one array per topic."""
        checks = self._checks
        words: set[str] = set()
        for word in self._word_set & doc.words:
            words |= self._words[word]
        found = [self._ids_of(key) for key in words]
        found += [self._ids_of(key) for key in self._candidates(doc) if checks[key](doc)]
        return found

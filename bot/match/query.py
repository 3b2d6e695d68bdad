"""Topic queries with Google Alerts syntax, and the test of one query against one document.

``peace talks`` needs both words in any order; ``"peace talks"`` needs the phrase;
``-football`` excludes; ``OR`` (or ``|``) offers alternatives and, as in Google's syntax, binds
tighter than the implicit AND: ``ukraine OR russia sanctions`` means
(ukraine or russia) and sanctions. Every word is folded and stemmed (see :mod:`bot.text.terms`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from bot.i18n import _, quote
from bot.text.languages import STEMMED, tag_of
from bot.text.morphology import CYRILLIC
from bot.text.rarity import zipf
from bot.text.terms import fold, terms

Term = tuple[str, ...]
"""One word, or several words that must appear next to each other (a phrase)."""

MAX_TERMS = 30
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_PIECE_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """A topic that cannot be searched for; the message is written for the user."""


class Document:
    """An entry's stemmed tokens: the set of words, and (built on first need) each word's
    positions, so phrases can be checked."""

    __slots__ = ("_positions", "reading", "tokens", "words")

    def __init__(self, tokens: Iterable[str]) -> None:
        self.tokens: tuple[str, ...] = tuple(tokens)
        self.words: frozenset[str] = frozenset(self.tokens)
        self._positions: dict[str, list[int]] | None = None
        # The language its terms are marked with ("" for none): a story read in one of the
        # languages stemmed by their own rules has every term marked, its first one too.
        self.reading: str = tag_of(self.tokens[0]) if self.tokens else ""

    def _starts(self, token: str) -> list[int]:
        if self._positions is None:
            self._positions = {}
            for index, word in enumerate(self.tokens):
                self._positions.setdefault(word, []).append(index)
        return self._positions.get(token, [])

    def has(self, term: Term) -> bool:
        """Whether the word, or the phrase in order, occurs in the document."""
        if term[0] not in self.words:
            return False
        if len(term) == 1:
            return True
        width = len(term)
        return any(self.tokens[start : start + width] == term for start in self._starts(term[0]))


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed topic: every group needs one of its terms, no excluded term may occur."""

    text: str
    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]
    telling: bool = True  # False: only the commonest words (see :func:`too_common`)

    @property
    def key(self) -> str:
        """A canonical form: the same topic written differently gets the same key."""
        return _key(self.groups, self.excluded)

    def matches(self, doc: Document) -> bool:
        """Whether the document satisfies this topic."""
        words = doc.words
        for group in self.groups:
            for term in group:
                if term[0] in words and (len(term) == 1 or doc.has(term)):
                    break
            else:
                return False
        return not any(
            term[0] in words and (len(term) == 1 or doc.has(term)) for term in self.excluded
        )

    def compiled(self) -> Callable[[Document], bool]:
        """A test equivalent to :meth:`matches`, faster for topics without phrases (the
        common case): set operations on the document's words, done in C, with only the
        readings of the document's language (a story's terms are all of one reading)."""
        if any(len(term) > 1 for group in self.groups for term in group) or any(
            len(term) > 1 for term in self.excluded
        ):
            return self.matches
        # Built for a reading when a story read in it first comes (most see one or two).
        by_reading: dict[str, Callable[[Document], bool] | None] = {}

        def check(doc: Document) -> bool:
            if doc.reading not in by_reading:
                by_reading[doc.reading] = self._projected(doc.reading)
            test = by_reading[doc.reading]
            return test is not None and test(doc)

        return check

    def _projected(self, reading: str) -> Callable[[Document], bool] | None:
        """The set test of this topic's terms read in ``reading`` (None: it has none in
        some group, so no story read so can match)."""
        groups = [[t[0] for t in group if tag_of(t[0]) == reading] for group in self.groups]
        if not all(groups):
            return None
        return _set_test(groups, [t[0] for t in self.excluded if tag_of(t[0]) == reading])

    @property
    def any_of(self) -> frozenset[str] | None:
        """The words, when the topic is one word (in each of its readings) and nothing else:
        a document with any of them matches (by look-up)."""
        if len(self.groups) == 1 and not self.excluded and all(len(t) == 1 for t in self.groups[0]):
            return frozenset(term[0] for term in self.groups[0])
        return None

    def anchor_tokens(self) -> set[str]:
        """Tokens of which a matching document must contain at least one.

        Takes the group with the fewest alternatives and, from each alternative, its longest
        token (longer stems are rarer), so an index keyed by these sees few false candidates.
        """
        group = min(self.groups, key=lambda g: (len(g), -min(len(max(t, key=len)) for t in g)))
        return {max(term, key=len) for term in group}


def _set_test(groups: list[list[str]], excluded: list[str]) -> Callable[[Document], bool]:
    """A document has a word of each group and none of ``excluded``."""
    required = frozenset(group[0] for group in groups if len(group) == 1)
    choices = [frozenset(group) for group in groups if len(group) > 1]
    shut_out = frozenset(excluded)

    def test(doc: Document) -> bool:
        words = doc.words
        return (
            required <= words
            and all(not choice.isdisjoint(words) for choice in choices)
            and shut_out.isdisjoint(words)
        )

    return test


@lru_cache(maxsize=65_536)
def _key(groups: tuple[tuple[Term, ...], ...], excluded: tuple[Term, ...]) -> str:
    ordered = sorted("|".join(sorted(" ".join(t) for t in group)) for group in groups)
    key = " & ".join(dict.fromkeys(ordered))
    if excluded:
        key += " - " + " - ".join(sorted({" ".join(t) for t in excluded}))
    return key


TOPIC_FORMAT = 1
"""Bump when :func:`parse_query` reads topics differently (their keys change)."""


def reading(language: str) -> str:
    """How topics are read, as a text that changes whenever their keys may: this module's
    format, the fallback and own-rule languages, and the analysers' versions."""
    analysers = ("snowballstemmer", "pymorphy3", "pymorphy3-dicts-uk", "pymorphy3-dicts-ru")
    return "|".join(
        [str(TOPIC_FORMAT), language, *STEMMED, *(metadata.version(name) for name in analysers)]
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (a NUL among them) are no part of a topic: a space each."""
_OR = frozenset(("OR", "|", "АБО", "ИЛИ"))
"""Alternatives, written in capitals as in English ("україна АБО росія")."""


COMMON_ZIPF = 6.3
"""A word used this often (Zipf: log10 of uses per billion words; "the" 7.7, "in" 7.3,
"в" 7.0, "said" 6.2) in English, Ukrainian or Russian says nothing about a story alone."""


def _telling(piece: str) -> bool:
    """Whether a typed word (or phrase) says what a story is about: a phrase of several
    words does; one word does unless it is among the commonest of the three languages."""
    words = fold(piece).split()
    if len(words) != 1:
        return True
    return max(float(zipf(words, language)[0]) for language in ("en", "uk", "ru")) < COMMON_ZIPF


def too_common(query: Query) -> QueryError | None:
    """Why a new subscription to ``query`` would be refused: it has only the commonest
    words ("the", "a OR of", "в"), which nearly every story has. Stored subscriptions are
    never refused; this is asked when one is made."""
    if query.telling:
        return None
    return QueryError(
        _(
            "Only very common words in {topic}: nearly every story has them. "
            "Add a word that names what you follow, e.g. /subscribe peace talks",
            topic=quote(query.text),
        )
    )


def parse_query(text: str, language: str = "english") -> Query:
    """Parse a topic typed by a user; raise :class:`QueryError` with a helpful message.

    Each word or phrase is read in the fallback ``language`` and in each language entries
    are stemmed in (see :mod:`bot.text.languages`): the readings are alternatives, as if
    joined by OR, and each meets only entries read in its language."""
    cleaned = " ".join(_CONTROL.sub(" ", text).translate(_QUOTES).split())
    typed = 0
    groups: list[list[Term]] = []
    telling: list[bool] = []  # per group: whether a word of it says what a story is about
    excluded: list[Term] = []
    pending_or = False
    for match in _PIECE_RE.finditer(cleaned):
        negative, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare in _OR:
            pending_or = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negative, bare = "-", bare[1:]
        piece = quoted if bare is None else bare
        # Cyrillic words are read by their lemmas whatever the story's language.
        readings = (None,) if CYRILLIC.search(piece) else (None, *STEMMED)
        read = [tuple(terms(piece, language, code)) for code in readings]
        alternatives = [term for term in dict.fromkeys(read) if term]
        if not alternatives:
            continue
        typed += 1
        if negative:
            excluded.extend(alternatives)
        elif pending_or:
            groups[-1].extend(alternatives)
            telling[-1] = telling[-1] or _telling(piece)
        else:
            groups.append(alternatives)
            telling.append(_telling(piece))
        pending_or = False
    if not groups:
        if excluded:
            raise QueryError(
                _("A topic needs at least one word to look for, not only -exclusions.")
            )
        if any(word in _OR for word in cleaned.split()):
            raise QueryError(
                _(
                    "OR joins alternatives: put a word on each side, "
                    "e.g. /subscribe ukraine OR russia"
                )
            )
        raise QueryError(_("A topic needs at least one word made of letters or digits."))
    if typed > MAX_TERMS:
        raise QueryError(_("A topic can have at most {n} words and phrases.", n=MAX_TERMS))
    return Query(
        text=cleaned,
        groups=tuple(tuple(dict.fromkeys(g)) for g in groups),
        excluded=tuple(dict.fromkeys(excluded)),
        telling=any(telling),
    )

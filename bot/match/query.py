"""Topic queries with Google Alerts syntax, and the test of one query against one document.

``peace talks`` needs both words in any order; ``"peace talks"`` needs the phrase;
``-football`` excludes; ``OR`` (or ``|``) offers alternatives and, as in Google's syntax, binds
tighter than the implicit AND: ``ukraine OR russia sanctions`` means
(ukraine or russia) and sanctions. Every word is folded and stemmed (see :mod:`bot.match.text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.match.text import terms

Term = tuple[str, ...]
"""One word, or several words that must appear next to each other (a phrase)."""

MAX_TERMS = 30
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_PIECE_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """A topic that cannot be searched for; the message is written for the user."""


class Document:
    """An entry's stemmed tokens, indexed by position so phrases can be checked quickly."""

    __slots__ = ("positions", "tokens")

    def __init__(self, tokens: Iterable[str]) -> None:
        self.tokens: tuple[str, ...] = tuple(tokens)
        self.positions: dict[str, list[int]] = {}
        for index, token in enumerate(self.tokens):
            self.positions.setdefault(token, []).append(index)

    def has(self, term: Term) -> bool:
        """Whether the word, or the phrase in order, occurs in the document."""
        starts = self.positions.get(term[0])
        if not starts or len(term) == 1:
            return bool(starts)
        width = len(term)
        return any(self.tokens[start : start + width] == term for start in starts)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed topic: every group needs one of its terms, no excluded term may occur."""

    text: str
    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    @property
    def key(self) -> str:
        """A canonical form: the same topic written differently gets the same key."""
        groups = sorted("|".join(sorted(" ".join(t) for t in group)) for group in self.groups)
        key = " & ".join(dict.fromkeys(groups))
        if self.excluded:
            key += " - " + " - ".join(sorted({" ".join(t) for t in self.excluded}))
        return key

    def matches(self, doc: Document) -> bool:
        """Whether the document satisfies this topic."""
        return all(any(doc.has(term) for term in group) for group in self.groups) and not any(
            doc.has(term) for term in self.excluded
        )

    def anchor_tokens(self) -> set[str]:
        """Tokens of which a matching document must contain at least one.

        Takes the group with the fewest alternatives and, from each alternative, its longest
        token (longer stems are rarer), so an index keyed by these sees few false candidates.
        """
        group = min(self.groups, key=lambda g: (len(g), -min(len(max(t, key=len)) for t in g)))
        return {max(term, key=len) for term in group}


def parse_query(text: str, language: str = "english") -> Query:
    """Parse a topic typed by a user; raise :class:`QueryError` with a helpful message."""
    cleaned = " ".join(text.translate(_QUOTES).split())
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for match in _PIECE_RE.finditer(cleaned):
        negative, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare in ("OR", "|"):
            pending_or = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negative, bare = "-", bare[1:]
        term = tuple(terms(quoted if bare is None else bare, language))
        if not term:
            continue
        if negative:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    if not groups:
        if excluded:
            raise QueryError("A topic needs at least one word to look for, not only -exclusions.")
        if any(word in ("OR", "|") for word in cleaned.split()):
            raise QueryError(
                "OR joins alternatives: put a word on each side, e.g. /subscribe ukraine OR russia"
            )
        raise QueryError("A topic needs at least one word made of letters or digits.")
    if sum(len(g) for g in groups) + len(excluded) > MAX_TERMS:
        raise QueryError(f"A topic can have at most {MAX_TERMS} words and phrases.")
    return Query(
        text=cleaned,
        groups=tuple(tuple(dict.fromkeys(g)) for g in groups),
        excluded=tuple(dict.fromkeys(excluded)),
    )

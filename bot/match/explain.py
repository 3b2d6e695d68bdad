"""Which words of a story satisfied a topic, for the "Why this?" button.

Matching works on folded, stemmed tokens; a person wants to see the words as the story wrote
them: "found “talks” and “peace” in the title". Each of the topic's required groups names
the first of its terms found, in the title if it is there, else in the lead, else "in the
text" (the stored terms cover the whole text, whose words are not kept).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import N_, _, quote
from bot.match.query import Query, Term
from bot.text.terms import BREAK, analysed

_PLACES = (N_("{words} in the title"), N_("{words} in the summary"), N_("{words} in the text"))


def _find(term: Term, surface: Sequence[str], stems: Sequence[str]) -> str | None:
    width = len(term)
    for start in range(len(stems) - width + 1):
        if tuple(stems[start : start + width]) == term:
            return " ".join(surface[start : start + width])
    return None


def found_words(
    query: Query,
    title: str,
    summary: str,
    language: str = "english",
    reading: str | None = None,
) -> str:
    """'found “talks” and “peace” in the title' (or '… in the title and “x” in the text');
    the story is read in its language (``reading``), as it was when it was matched."""
    texts = []
    for text in (title, summary):
        pairs = [pair for pair in analysed(text, language, reading) if pair[0] != BREAK]
        texts.append(([pair[0] for pair in pairs], [pair[1] for pair in pairs]))
    pairs = [pair for pair in analysed(query.text, language) if pair[0] != BREAK]
    topic, topic_stems = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    by_place: dict[str, list[str]] = {}
    for group in query.groups:
        for where, (surface, stems) in zip(_PLACES, texts, strict=False):
            hit = next((w for t in group if (w := _find(t, surface, stems))), None)
            if hit is not None:
                by_place.setdefault(where, []).append(hit)
                break
        else:
            said = _find(group[0], topic, topic_stems) or " ".join(group[0])
            by_place.setdefault(_PLACES[2], []).append(said)
    parts = [
        _(where, words=_and([quote(w) for w in dict.fromkeys(found)]))
        for where, found in sorted(by_place.items(), key=lambda item: _PLACES.index(item[0]))
    ]
    return _("found {what}", what=_and(parts))


def _and(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])

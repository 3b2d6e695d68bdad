"""Prepare new entries for storing and matching: the lead, search terms, places, story
sketches.

This is the CPU work of ingest (sentence splitting, stemming, geotagging, sketching), done
only for entries that are new (an unchanged feed costs its parse and one look-up), and
outside the store's transaction (callers run it in a thread), so the writer is held only
for the writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.geo.place import PlaceKind
from bot.geo.tagger import Tagger
from bot.ingest.lead import lead
from bot.match.sketch import sketch
from bot.models import ParsedEntry
from bot.text.languages import entry_language
from bot.text.terms import terms

MAX_INDEXED_CHARS = 20_000


def prepare(
    parsed: Sequence[ParsedEntry],
    *,
    alert: bool,
    language: str,
    tagger: Tagger | None,
    home: str | None = None,
) -> list[ParsedEntry]:
    """The entries with their lead (as summary), language, search terms (in that language;
    ``language`` is the Snowball fallback) and places (``home``: the source's country, for
    local names) and, for entries that may alert, their story sketches."""
    prepared = []
    for entry in parsed:
        summary = entry.summary or lead(entry.text, title=entry.title, language=entry.language)
        text = f"{entry.title}\n{entry.text[:MAX_INDEXED_CHARS]}"
        # The entry's language, read once for its terms and its places (and kept: "Why
        # this?" reads the entry in it again).
        reading = entry_language(text, entry.language)
        mentions = tagger.mentions(text, home, reading) if tagger else []
        places = {m.place.key: False for m in mentions}
        for mention in mentions:
            if mention.start < len(entry.title):
                places[mention.place.key] = True
        story = None
        if alert:
            named = list(places.items())
            # The regions the title's towns lie in: "удар по Харкову" and "удар по
            # Харківщині" name no other place than each other.
            within = [
                f"region:{m.place.region}"
                for m in mentions
                if m.start < len(entry.title) and m.place.kind is PlaceKind.CITY and m.place.region
            ]
            story = sketch(
                entry.title, entry.text, language=language, reading=reading, places=named,
                within=within,
            )  # fmt: skip
        prepared.append(
            replace(
                entry,
                summary=summary,
                places=tuple(places),
                story=story.to_bytes() if story is not None else b"",
                terms=tuple(terms(text, language, reading)),
                language=reading,
            )
        )
    return prepared

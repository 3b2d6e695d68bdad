"""Matching throughput on the path ingest runs: ``Subscribers.match`` on prepared entries.

Run from the repository root:  python -m bench.matching

Input: every entry of the real feeds in ../shared/data/feeds, prepared as ingest prepares
them (terms, places), and subscribers loaded from a real database file as at start-up:
100,000 topic subscriptions (Zipf-popular topics from real titles, see
:mod:`bench.population`) and, separately, 100,000 place subscriptions weighted by
population. The figure is entries per second through ``Subscribers.match`` (one core),
which returns the (chat, entry, why) rows the outbox stores; a per-subscription loop over
the same entries is the baseline, and both must agree.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.common import Row, best_of, real_entries, table
from bench.population import place_rows, populate, zipf_topics
from bot.geo.distance import km_between
from bot.geo.place import PlaceKind
from bot.geo.tagger import Tagger, load_tagger
from bot.ingest.prepare import prepare
from bot.match.places import PlaceIndex
from bot.match.query import Document, parse_query
from bot.models import Entry
from bot.store.db import Database
from bot.subscribers import Subscribers

SUBSCRIPTIONS = 100_000
GOAL = 20_000.0
NAIVE_ENTRIES = 30


def prepared_entries(tagger: Tagger | None) -> list[Entry]:
    """The real entries as stored entries, with terms and places as ingest computes them."""
    parsed = prepare(real_entries(), alert=False, language="english", tagger=tagger)
    now = time.time()
    return [
        Entry(number, 1, "bench", p.title, p.link, p.published_at, now, p.summary,
              terms=p.terms, places=p.places)
        for number, p in enumerate(parsed, 1)
    ]  # fmt: skip


async def loaded(
    folder: Path, name: str, tagger: Tagger | None, *, topics: int, places: int
) -> Subscribers:
    """Subscribers loaded from a database written with the realistic population."""
    path = folder / f"{name}.db"
    source = real_entries()
    rows = place_rows(tagger.gazetteer, places) if tagger is not None and places else []
    await populate(path, zipf_topics(source, topics) if topics else [], rows)
    db = await Database.open(path)
    gazetteer = tagger.gazetteer if tagger is not None else None
    subscribers = Subscribers(db, language="english", per_chat_limit=50, gazetteer=gazetteer)
    await subscribers.load()
    await db.close()
    return subscribers


def naive_topics(subscribers: Subscribers, entries: Sequence[Entry]) -> int:
    """Baseline: test every topic subscription against every entry."""
    subs = [(s, parse_query(s.query)) for s in subscribers.topics()]
    found = 0
    for entry in entries:
        doc = Document(entry.terms)
        found += len({s.chat_id for s, q in subs if q.matches(doc)})
    return found


def naive_places(subscribers: Subscribers, tagger: Tagger, entries: Sequence[Entry]) -> int:
    """Baseline: test every place subscription against every place of every entry."""
    assert subscribers.places is not None
    index: PlaceIndex = subscribers.places
    gazetteer = tagger.gazetteer
    subs = [(s, index.target(s)) for s in subscribers.place_subscriptions()]
    found = 0
    for entry in entries:
        places = [gazetteer.places[k] for k in entry.places]
        chats = set()
        for sub, target in subs:
            assert target is not None
            for place in places:
                if (
                    sub.place == place.key
                    or (sub.place == f"country:{place.country}" and not sub.radius_km)
                    or (
                        sub.radius_km
                        and place.kind is PlaceKind.CITY
                        and km_between(target.lat, target.lon, place.lat, place.lon)
                        <= sub.radius_km
                    )
                ):
                    chats.add(sub.chat_id)
                    break
        found += len(chats)
    return found


async def figures() -> list[Row]:
    """(what, goal, measured, unit) rows for the summary table."""
    tagger = load_tagger()
    entries = prepared_entries(tagger)
    placed = [e for e in entries if e.places]
    with tempfile.TemporaryDirectory() as folder:
        topics = await loaded(Path(folder), "topics", None, topics=SUBSCRIPTIONS, places=0)
        places = await loaded(Path(folder), "places", tagger, topics=0, places=SUBSCRIPTIONS)
    return [
        measured("topic matching, 100k Zipf subscriptions", topics, entries,
                 lambda sample: naive_topics(topics, sample)),
        measured("place matching, 100k place subscriptions", places, placed,
                 lambda sample: naive_places(places, tagger, sample)),
    ]  # fmt: skip


def measured(
    what: str, subscribers: Subscribers, entries: list[Entry], naive: Callable[[list[Entry]], int]
) -> Row:
    """One figure: entries per second through ``Subscribers.match``, after checking that it
    agrees with the naive loop on a sample (whose own rate is shown beside it)."""
    sample = entries[:NAIVE_ENTRIES]
    start = time.perf_counter()
    expected = naive(sample)
    naive_rate = len(sample) / (time.perf_counter() - start)
    assert len(subscribers.match(sample)) == expected, f"{what}: index and baseline disagree"
    rate = len(entries) / best_of(3, lambda: subscribers.match(entries))
    per_entry = len(subscribers.match(entries)) / len(entries)
    return (f"{what} ({per_entry:.0f} rows/entry)", f">= {GOAL:,.0f}/s", rate,
            f"entries/s (naive loop {naive_rate:,.1f})")  # fmt: skip


def main() -> None:
    print(table(asyncio.run(figures())))


if __name__ == "__main__":
    main()

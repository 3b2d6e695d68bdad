"""Realistic subscribers for benchmarks: Zipf-popular topics from real titles, and place
subscriptions weighted by population, written into a real database file.

Topics are what people type after reading a headline: one to three consecutive words of a
real title (skipping the most frequent words nobody follows), some as "phrases", some with
an OR alternative or an -exclusion. A pool of 5,000 such topics is drawn from with Zipf
popularity (weight 1/rank): many people follow the same big stories. Places: cities drawn
by population, 40 % the city itself, 40 % with a radius, 15 % a shared pin with a radius,
5 % the whole country.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bot.geo.gazetteer import Gazetteer
from bot.geo.place import PlaceKind
from bot.match.places import point_key
from bot.match.query import Query, QueryError, parse_query, reading
from bot.models import ParsedEntry
from bot.store.db import Database
from bot.store.subscriptions import place_key
from bot.text.terms import BREAK, terms, words

POOL = 5_000
_COMMON = 150


def _title_words(entries: Sequence[ParsedEntry]) -> list[list[str]]:
    counts = Counter(t for e in entries for t in terms(e.text[:5000]) if t != BREAK)
    common = {word for word, _ in counts.most_common(_COMMON)}
    titles = []
    for entry in entries:
        kept = [w for w in words(entry.title) if w != BREAK and len(w) >= 3]
        kept = [w for w in kept if not set(terms(w)) & common]
        if kept:
            titles.append(kept)
    return titles


def topic_pool(entries: Sequence[ParsedEntry], rng: random.Random) -> list[Query]:
    """5,000 distinct topics written from the entries' titles."""
    titles = _title_words(entries)
    pool: dict[str, Query] = {}
    while len(pool) < POOL:
        title = rng.choice(titles)
        size = min(len(title), rng.choice((1, 1, 2, 2, 3)))
        start = rng.randrange(len(title) - size + 1)
        chosen = title[start : start + size]
        roll = rng.random()
        if roll < 0.15 and size >= 2:
            text = '"' + " ".join(chosen) + '"'
        elif roll < 0.25:
            text = f"{' '.join(chosen)} OR {rng.choice(rng.choice(titles))}"
        elif roll < 0.35:
            text = f"{' '.join(chosen)} -{rng.choice(rng.choice(titles))}"
        else:
            text = " ".join(chosen)
        try:
            query = parse_query(text)
        except QueryError:
            continue
        pool.setdefault(query.key, query)
    return list(pool.values())


def zipf_topics(entries: Sequence[ParsedEntry], count: int, seed: int = 2026) -> list[Query]:
    """``count`` subscriptions' topics, drawn from the pool with Zipf popularity."""
    rng = random.Random(seed)
    pool = topic_pool(entries, rng)
    return rng.choices(pool, [1 / rank for rank in range(1, len(pool) + 1)], k=count)


def place_rows(gazetteer: Gazetteer, count: int, seed: int = 5) -> list[tuple[str, str, float]]:
    """``count`` place subscriptions as (label, place key, radius in km)."""
    rng = random.Random(seed)
    cities = [p for p in gazetteer.places.values() if p.kind is PlaceKind.CITY]
    made: list[tuple[str, str, float]] = []
    for city in rng.choices(cities, [c.population for c in cities], k=count):
        roll = rng.random()
        if roll < 0.4:
            made.append((city.name, city.key, 0.0))
        elif roll < 0.8:
            made.append((city.name, city.key, float(rng.choice((25, 50, 100, 200)))))
        elif roll < 0.95:
            made.append(("pin", point_key(city.lat + 0.1, city.lon), 25.0))
        else:
            made.append((city.country, f"country:{city.country}", 0.0))
    return made


async def populate(
    path: Path, topics: Sequence[Query], places: Sequence[tuple[str, str, float]] = ()
) -> None:
    """Write one private chat per subscription into the database at ``path``."""
    db = await Database.open(path)
    now = time.time()
    rows: list[tuple[str, str, str | None, float]] = [(q.text, q.key, None, 0.0) for q in topics]
    rows += [(label, place_key(key, km), key, km) for label, key, km in places]
    await db.executemany(
        "INSERT INTO chats (id, kind, active, created_at) VALUES (?, 'private', 1, ?)",
        [(chat, now) for chat in range(1, len(rows) + 1)],
    )
    await db.executemany(
        "INSERT INTO subscriptions "
        "(chat_id, query, key, after_entry_id, created_at, place, radius_km) "
        "VALUES (?, ?, ?, 0, ?, ?, ?)",
        [(chat, text, key, now, place, km) for chat, (text, key, place, km) in enumerate(rows, 1)],
    )
    # The keys were made as this version makes them (parse_query above): an installation
    # restarted, not one upgraded (whose first start re-keys once, see bench.startup).
    await db.execute(
        "INSERT INTO facts (name, value) VALUES ('topic_reading', ?)", (reading("english"),)
    )
    await db.close()

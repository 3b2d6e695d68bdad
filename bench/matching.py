"""Topic matching throughput: the inverted index against a per-subscription loop.

Run from the repository root:  python -m bench.matching

Input: every entry of the real feeds in ../shared/data/feeds. Topics are built from words of
those same feeds (1-3 words, some phrases, OR and exclusions), skipping the 150 most frequent
words (nobody follows "said"). Two populations are measured:

* unique: every subscription is a different topic (the worst case for the index);
* shared: subscriptions pick from 5,000 topics with Zipf popularity, as real users do.

Both methods run in this process on the same entries and must agree. The index's cost per
entry follows the candidates it checks and the subscriptions it returns, not the total.
"""

from __future__ import annotations

import random
import sys
import tracemalloc
from collections import Counter

from bench.common import best_of, real_entries
from bot.match.index import TopicIndex
from bot.match.query import Document, Query, QueryError, parse_query
from bot.match.text import BREAK, terms
from bot.models import Subscription

SIZES = (1_000, 10_000, 100_000)
NAIVE_DOCS = 40  # the naive loop is timed on a sample; its cost per entry is uniform
SHARED_POOL = 5_000


def topics(vocabulary: list[str], count: int, rng: random.Random) -> list[Query]:
    """Realistic topics: mostly 1-2 words, some phrases, alternatives and exclusions."""
    made: list[Query] = []
    while len(made) < count:
        words = rng.sample(vocabulary, rng.choice((1, 1, 2, 2, 3)))
        roll = rng.random()
        if roll < 0.15 and len(words) >= 2:
            text = f'"{words[0]} {words[1]}"'
        elif roll < 0.25 and len(words) >= 2:
            text = f"{words[0]} OR {words[1]}"
        elif roll < 0.35:
            text = " ".join(words) + f" -{rng.choice(vocabulary)}"
        else:
            text = " ".join(words)
        try:
            made.append(parse_query(text))
        except QueryError:
            continue
    return made


def main() -> None:
    rng = random.Random(2026)
    entries = real_entries()
    documents = [Document(terms(f"{e.title}\n{e.text[:20_000]}")) for e in entries]
    counts = Counter(t for d in documents for t in d.tokens if t != BREAK and len(t) >= 4)
    vocabulary = [word for word, n in counts.most_common(5000)[150:]]
    pool = topics(vocabulary, SHARED_POOL, rng)
    weights = [1 / rank for rank in range(1, len(pool) + 1)]
    print(
        f"input: {len(documents)} real entries from ../shared/data/feeds, "
        f"{sum(len(d.tokens) for d in documents) // len(documents)} tokens each on average"
    )
    print(
        f"{'topics':>6} | {'subscriptions':>13} | {'index entries/s':>15} | "
        f"{'naive entries/s':>15} | {'speed-up':>8} | {'memory':>8} | "
        f"{'checked/entry':>13} | matches/entry"
    )
    for population, size in [(p, n) for p in ("unique", "shared") for n in SIZES]:
        if population == "unique":
            queries = topics(vocabulary, size, rng)
        else:
            queries = rng.choices(pool, weights, k=size)
        tracemalloc.start()
        index = TopicIndex()
        for number, query in enumerate(queries):
            index.add(
                Subscription(number, chat_id=number, query=query.text, after_entry_id=0), query
            )
        memory = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        sample = documents[:NAIVE_DOCS]
        for document in sample:  # both methods must agree before either is timed
            expected = {n for n, q in enumerate(queries) if q.matches(document)}
            assert {s.id for s in index.match(document)} == expected
        index_time = best_of(3, lambda i=index: [i.match(d) for d in documents])
        naive_time = best_of(1, lambda q=queries, s=sample: [[x.matches(d) for x in q] for d in s])
        index_rate = len(documents) / index_time
        naive_rate = len(sample) / naive_time
        matches = sum(len(index.match(d)) for d in documents) / len(documents)
        checked = sum(index.candidates(d) for d in documents) / len(documents)
        print(
            f"{population:>6} | {size:>13,} | {index_rate:>15,.0f} | {naive_rate:>15,.1f} | "
            f"{index_rate / naive_rate:>7,.0f}x | {memory / 2**20:>4.1f} MiB | "
            f"{checked:>13.1f} | {matches:.1f}"
        )
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

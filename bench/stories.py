"""One alert per story, measured: clustering over every real feed item in ../shared.

Run from the repository root:  python -m bench.stories

Feeds every entry of the shared feeds (one source per feed, in publication order, with a
window long enough to span them) through the story clustering, then prints how many alerts
a subscriber to everything would have been spared, and every merged story with its members'
sources and titles, so wrong merges can be read off. Then the memory of the story index per
entry, ours at its default cap against datasketch's MinHashLSH (measured with tracemalloc on
the same signatures).
"""

from __future__ import annotations

import tracemalloc
from collections import defaultdict

import numpy as np
from datasketch import MinHash, MinHashLSH

from bench.common import SHARED_FEEDS, Row
from bot.ingest.parser import parse_feed
from bot.match.similarity import PERMUTATIONS, story_signature, to_bytes
from bot.match.stories import NewEntry, StoryIndex, signature_of


def main() -> None:
    items = []
    for source, path in enumerate(sorted(SHARED_FEEDS.iterdir())):
        if path.suffix == ".md" or "truncated" in path.name:
            continue
        seen: set[str] = set()
        for entry in parse_feed(path.read_bytes(), url="https://bench.example/").entries:
            if entry.guid not in seen:
                seen.add(entry.guid)
                items.append((entry.published_at or 0.0, source, path.name.split(".")[0], entry))
    items.sort(key=lambda item: item[0])
    clusters = StoryIndex(window=float("inf"))
    members: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    unsigned = 0
    for entry_id, (_, source, feed, entry) in enumerate(items, start=1):
        signature = story_signature(entry.title, entry.text)
        if signature is None:
            unsigned += 1
            members[entry_id].append((feed, entry.title))
            continue
        decided = clusters.assign(
            [NewEntry(entry_id, source, signature_of(to_bytes(signature)))], 0
        )
        clusters.add(decided)
        story = decided.stories[entry_id]
        members[story].append((feed, entry.title))
    merged = {story: group for story, group in members.items() if len(group) > 1}
    saved = sum(len(group) - 1 for group in merged.values())
    print(f"{len(items)} entries (unique ids per feed), {unsigned} too short to cluster")
    print(
        f"{len(members)} stories; {len(merged)} told by more than one entry; "
        f"alerts saved for a subscriber to everything: {saved} ({saved / len(items):.1%})"
    )
    for group in merged.values():
        print("---")
        for feed, title in group:
            print(f"  [{feed}] {title[:90]}")
    memory()


def memory(members: int = 50_000, compared: int = 5_000) -> None:
    """Bytes per entry held: our index at ``members``, datasketch's at ``compared``."""
    rng = np.random.default_rng(1)
    signatures = rng.integers(0, 2**32, size=(members, PERMUTATIONS), dtype=np.uint64)
    signatures = signatures.astype(np.uint32)
    tracemalloc.start()
    ours = StoryIndex(max_open=members)
    for number, signature in enumerate(signatures):
        ours.add(ours.assign([NewEntry(number, number % 30, signature)], now=number))
    ours_bytes = tracemalloc.get_traced_memory()[0] / members
    tracemalloc.stop()
    tracemalloc.start()
    theirs = MinHashLSH(threshold=0.25, num_perm=PERMUTATIONS)
    kept: dict[int, MinHash] = {}  # the previous design kept each MinHash to score candidates
    for number, signature in enumerate(signatures[:compared]):
        kept[number] = MinHash(num_perm=PERMUTATIONS, hashvalues=signature, scheme="affine32")
        theirs.insert(str(number), kept[number])
    theirs_bytes = tracemalloc.get_traced_memory()[0] / compared
    tracemalloc.stop()
    print(
        f"story index memory per entry: {ours_bytes:,.0f} bytes at {members:,} entries "
        f"(goal <= 2,048); datasketch MinHashLSH and the MinHash kept for scoring (the "
        f"previous design) {theirs_bytes:,.0f} bytes at {compared:,}"
    )


WINDOW_MEMBERS = 120_000  # a 12 h window at 10,000 entries an hour
GOAL_BYTES = 2048


def figures() -> list[Row]:
    """(what, goal, measured, unit) rows for the summary table: the index's memory per
    member over a full window, measured with tracemalloc."""
    rng = np.random.default_rng(1)
    signatures = rng.integers(0, 2**32, size=(WINDOW_MEMBERS, PERMUTATIONS), dtype=np.uint64)
    signatures = signatures.astype(np.uint32)
    tracemalloc.start()
    index = StoryIndex(max_open=WINDOW_MEMBERS)
    for start in range(0, WINDOW_MEMBERS, 100):
        batch = [NewEntry(n, n % 30, signatures[n]) for n in range(start, start + 100)]
        index.add(index.assign(batch, now=start))
    per_member = tracemalloc.get_traced_memory()[0] / WINDOW_MEMBERS
    tracemalloc.stop()
    return [
        ("story index memory, 12 h window at 10k entries/hour (120k members)",
         f"<= {GOAL_BYTES:,} B", per_member, "bytes per member"),
    ]  # fmt: skip


if __name__ == "__main__":
    main()

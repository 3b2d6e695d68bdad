"""One alert per real event, measured: same-story pairs per language, a replay of real feed
items with hand-made story labels, and the index's speed and memory.

Run from the repository root:  python -m bench.stories  (needs ../shared/data)

Every decision goes through the path production runs: ``prepare`` (the entry's language,
places and sketch, the real gazetteer) then ``StoryIndex.assign`` (two sources, the
configured threshold).

* **Pairs.** English and Russian: the expert-labelled same-thread pairs of the Telegram
  Data Clustering Contest 2020 (``../shared/data/stories``; their negatives are hard ones,
  same topic, other thread). Ukrainian, and across Ukrainian, Russian and English: the
  developers' set ``bench/data/stories_uk.tsv`` (how it was made is written at its top).
  Precision and recall of "the second report joins the first's story".
* **Replay.** The English feeds captured on 2026-02-17/18 (357 items from 9 outlets), in
  publication order, each outlet a source, with the story labels of
  ``bench/data/stories_en_feeds.tsv``. For subscribers of 15 topics (an entry matches when
  it has every word of the topic): alerts per real story (an outlet's own second post on a
  story is a separate update by design, so the ideal is a little above 1); and the share of
  alerts that mix two real events. Run once with full entries and once with titles only
  (many news sources give no more).
* **Speed and memory.** A full 12-hour window of 120,000 members (sketches of Zipf-
  distributed features, as real ones are), then new entries assigned and added one at a
  time; tracemalloc for the memory per member.
"""

from __future__ import annotations

import csv
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from bench.common import SHARED_FEEDS, Row
from bot.geo.tagger import load_tagger
from bot.ingest.parser import parse_feed
from bot.ingest.prepare import prepare
from bot.match.sketch import BRIDGE, TITLE, Kind, Sketch, feature_key, from_bytes
from bot.match.stories import Assignment, NewEntry, StoryIndex
from bot.models import ParsedEntry
from bot.text.terms import terms

SHARED = SHARED_FEEDS.parent
DATA = Path(__file__).resolve().parent / "data"
REPLAY_FEEDS = (
    "al-monitor.duplicate-guids.rss.xml", "aljazeera-all.no-xml-decl.rss.xml",
    "bbc-news-world.rss.xml", "cbs-news-world.rss.xml", "dawn-world.long-items.rss.xml",
    "dw-english.rss10.rdf", "mercopress.leading-blank-line.rss.xml",
    "ndtv-world.cdata-dates.rss.xml", "nyt-world.media-content.rss.xml",
)  # fmt: skip
TOPICS = (
    "iran", "peace talks", "jesse jackson", "peru", "west bank", "epstein", "bangladesh",
    "olympic", "taylor swift", "hungary", "trump", "gaza", "russia", "ukraine", "israel",
)  # fmt: skip
SUSPILNE = "suspilne-ukrnet.default-ns-full-text.rss.xml"
WINDOW_MEMBERS = 120_000  # a 12 h window at 10,000 entries an hour
GOAL_BYTES = 2048
Report = tuple[str, str, str | None]  # title, text, declared language


def sketch_of(title: str, text: str, language: str | None = None) -> Sketch | None:
    """An entry's sketch as ingest makes it."""
    parsed = ParsedEntry(
        guid="bench", title=title, link="https://bench.example/", published_at=None,
        text=text, summary=title, language=language,
    )  # fmt: skip
    [entry] = prepare([parsed], alert=True, language="english", tagger=load_tagger())
    return from_bytes(entry.story) if entry.story else None


def joins(first: Report, second: Report) -> bool:
    """Whether the second report (another source) joins the first one's story."""
    one, two = sketch_of(*first), sketch_of(*second)
    if one is None or two is None:
        return False
    index = StoryIndex()
    index.add(index.assign([NewEntry(1, 1, one)], now=0))
    return index.assign([NewEntry(2, 2, two)], now=1).stories[2] == 1


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        rows = (line for line in lines if not line.startswith("#"))
        yield from csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)


def contest_pairs(name: str) -> list[tuple[Report, Report, bool]]:
    """The contest's pairs (``en_train_pool.tsv``, ``ru_honey_pool.tsv``), each pair once."""
    csv.field_size_limit(1 << 30)
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[Report, Report, bool]] = []
    for row in _tsv(SHARED / "stories" / name):
        key = (row["INPUT:first_url"], row["INPUT:second_url"])
        if key not in seen:
            seen.add(key)
            first: Report = (row["INPUT:first_title"], row["INPUT:first_text"], None)
            second: Report = (row["INPUT:second_title"], row["INPUT:second_text"], None)
            pairs.append((first, second, row["GOLDEN:quality"] == "OK"))
    return pairs


def our_pairs() -> dict[str, list[tuple[Report, Report, bool]]]:
    """The developers' Ukrainian and cross-language pairs, by kind ("uk", "across")."""
    feed = parse_feed((SHARED_FEEDS / SUSPILNE).read_bytes(), url="https://suspilne.media/")
    items = {e.guid.rstrip("/").rsplit("/", 1)[-1].split("-")[0]: e for e in feed.entries}
    kinds: dict[str, list[tuple[Report, Report, bool]]] = defaultdict(list)
    for row in _tsv(DATA / "stories_uk.tsv"):
        if row["first"]:
            item = items[row["first"].partition(":")[2]]
            first: Report = (item.title, item.text, "uk")
        else:
            first = (row["first_title"], row["first_text"], row["first_language"])
        second: Report = (row["second_title"], row["second_text"], row["second_language"])
        kind = "uk" if first[2] == second[2] == "uk" else "across"
        kinds[kind].append((first, second, row["label"] == "same"))
    return kinds


def precision_recall(pairs: list[tuple[Report, Report, bool]]) -> tuple[float, float]:
    """Of the pairs joined, the share that are one story; of the same-story pairs, the
    share joined."""
    decided = [(joins(first, second), same) for first, second, same in pairs]
    joined = sum(1 for j, _ in decided if j)
    right = sum(1 for j, same in decided if j and same)
    return right / max(1, joined), right / max(1, sum(1 for _, same in decided if same))


def replay(*, titles_only: bool) -> tuple[float, float, int, int]:
    """(alerts per real story for the topics' subscribers, share of alerts mixing two real
    events, alerts, real stories) over the labelled English feeds."""
    labels = {
        (row["feed"], row["guid"]): row["story"] for row in _tsv(DATA / "stories_en_feeds.tsv")
    }
    items = []
    for source, name in enumerate(REPLAY_FEEDS):
        seen: set[str] = set()
        for entry in parse_feed(
            (SHARED_FEEDS / name).read_bytes(), url="https://b.example/"
        ).entries:
            if entry.guid not in seen:
                seen.add(entry.guid)
                label = labels.get((name, entry.guid), f"{name}:{entry.guid}")
                items.append((entry.published_at or 0.0, source, entry, label))
    items.sort(key=lambda item: item[0])
    index = StoryIndex()
    story_of: list[int] = []
    for number, (at, source, entry, _) in enumerate(items):
        made = sketch_of(entry.title, "" if titles_only else entry.text, entry.language)
        if made is None:
            story_of.append(number)
            continue
        decided = index.assign([NewEntry(number, source, made)], now=at)
        index.add(decided)
        story_of.append(decided.stories[number])
    truth = [item[3] for item in items]
    members: defaultdict[int, set[str]] = defaultdict(set)
    for number, story in enumerate(story_of):
        members[story].add(truth[number])
    words = [set(terms(f"{entry.title}\n{entry.text}")) for _, _, entry, _ in items]
    alerts = real = mixed = 0
    for topic in TOPICS:
        wanted = set(terms(topic))
        matched = [n for n in range(len(items)) if wanted <= words[n]]
        stories = {story_of[n] for n in matched}
        alerts += len(stories)
        real += len({truth[n] for n in matched})
        mixed += sum(1 for story in stories if len(members[story]) > 1)
    return alerts / max(1, real), mixed / max(1, alerts), alerts, real


def zipf_sketches(count: int, seed: int = 1) -> list[Sketch]:
    """Sketches of 40 features drawn from a Zipf-distributed vocabulary of 300,000 (the
    shape of real news words), weights as rarity would give them, and none to two title
    places drawn from 5,000 the same way (a war's news names its countries and big cities
    in most titles)."""
    rng = np.random.default_rng(seed)
    vocabulary = 300_000
    ranks = np.arange(1, vocabulary + 1)
    odds = 1.0 / ranks**1.05
    odds /= odds.sum()
    keys = rng.permutation(vocabulary).astype(np.uint32) * np.uint32(2654435761)
    place_odds = 1.0 / np.arange(1, 5_001) ** 1.2
    place_keys = np.array([feature_key(Kind.PLACE, f"p{n}") for n in range(5_000)], np.uint32)
    place_flags = TITLE | BRIDGE | int(Kind.PLACE) << 1
    made = []
    for drawn in rng.choice(vocabulary, size=(count, 40), p=odds):
        unique = np.unique(drawn)
        flags = np.where(np.arange(len(unique)) % 3 == 0, TITLE, 0).astype(np.uint8)
        weights = np.clip(np.log10(unique + 10) * 1.2, 1.2, 6.0).astype(np.float32)
        found = {
            int(k): (float(w), int(f)) for k, w, f in zip(keys[unique], weights, flags, strict=True)
        }
        places = rng.choice(
            5_000, size=rng.choice(3, p=(0.3, 0.5, 0.2)), p=place_odds / place_odds.sum()
        )
        for n in places:
            found[int(place_keys[n])] = (2.0, place_flags)
        ordered = sorted(found.items())
        made.append(
            Sketch(
                np.array([k for k, _ in ordered], np.uint32),
                np.array([w for _, (w, _) in ordered], np.float32),
                np.array([f for _, (_, f) in ordered], np.uint8),
                int(rng.integers(0, 2**32)),
                "en",
            )
        )
    return made


def speed_and_memory(members: int = WINDOW_MEMBERS, new: int = 3000) -> tuple[float, float]:
    """(entries assigned and added per second with ``members`` already in the window,
    bytes per member)."""
    made = zipf_sketches(members + new)
    tracemalloc.start()
    index = StoryIndex(max_open=members)  # filled as a restart fills it
    index.add(Assignment({}, [(NewEntry(n, n % 200, made[n]), n, 0.0) for n in range(members)]))
    per_member = tracemalloc.get_traced_memory()[0] / members
    tracemalloc.stop()
    began = time.perf_counter()
    for n in range(members, members + new):
        index.add(index.assign([NewEntry(n, n % 200, made[n])], now=1.0))
    return new / (time.perf_counter() - began), per_member


def figures() -> list[Row]:
    """(what, goal, measured, unit) rows for the summary table."""
    rows: list[Row] = []
    ours = our_pairs()
    for label, pairs in (
        ("English", contest_pairs("en_train_pool.tsv")),
        ("Russian", contest_pairs("ru_honey_pool.tsv")),
        ("Ukrainian", ours["uk"]),
        ("across uk/ru/en", ours["across"]),
    ):
        precision, recall = precision_recall(pairs)
        rows.append((f"same-story pairs, {label} ({len(pairs)}): precision", ">= 0.95",
                     precision, "share of joined pairs that are one story"))  # fmt: skip
        rows.append((f"same-story pairs, {label}: recall", ">= 0.80", recall,
                     "share of same-story pairs joined"))  # fmt: skip
    for titles_only in (False, True):
        per_story, mixed, alerts, real = replay(titles_only=titles_only)
        kind = "titles only" if titles_only else "full entries"
        rows.append((f"replay of 357 real items, 15 topics, {kind}: alerts per real story",
                     "<= 1.5", per_story, f"{alerts} alerts, {real} real stories"))  # fmt: skip
        rows.append((f"replay, {kind}: alerts mixing two real events", "<= 1 %",
                     100 * mixed, "% of alerts"))  # fmt: skip
    rate, per_member = speed_and_memory()
    rows.append(("story assignment, full 12 h window (120k members)", ">= 1,000/s", rate,
                 "entries/s, one core"))  # fmt: skip
    rows.append(("story index memory, 120k members", f"<= {GOAL_BYTES:,} B", per_member,
                 "bytes per member"))  # fmt: skip
    return rows


def main() -> None:
    from bench.common import table

    print(table(figures()))


if __name__ == "__main__":
    main()

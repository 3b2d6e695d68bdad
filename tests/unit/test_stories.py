"""One alert per story: real near-duplicate and near-miss pairs from the shared feeds."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from bot.ingest.parser import parse_feed
from bot.match.similarity import story_signature, to_bytes
from bot.match.stories import NewEntry, StoryIndex, signature_of
from bot.models import ParsedEntry
from tests.conftest import shared

FEEDS = (
    "dw-english.rss10.rdf",
    "aljazeera-all.no-xml-decl.rss.xml",
    "bbc-news-world.rss.xml",
    "nyt-world.media-content.rss.xml",
    "cbs-news-world.rss.xml",
    "ndtv-world.cdata-dates.rss.xml",
    "al-monitor.duplicate-guids.rss.xml",
    "influxdata-blog.v1_1-quirks.feed.json",
)


@pytest.fixture(scope="module")
def feeds() -> dict[str, tuple[int, ParsedEntry]]:
    """Every entry of the feeds by title, with its source (the feed's position)."""
    found: dict[str, tuple[int, ParsedEntry]] = {}
    for source, name in enumerate(FEEDS):
        feed = parse_feed(shared(f"feeds/{name}").read_bytes(), url="https://feeds.example/")
        found |= {e.title: (source, e) for e in feed.entries}
    return found


def find(feeds: dict[str, tuple[int, ParsedEntry]], start: str) -> tuple[int, ParsedEntry]:
    return next(pair for title, pair in feeds.items() if title.startswith(start))


def assign(
    index: StoryIndex, entry_id: int, source_id: int, sign: MinHash | None, now: float
) -> int:
    """Assign one entry and commit it to the index, as a store that committed would."""
    assert sign is not None
    decided = index.assign([NewEntry(entry_id, source_id, signature_of(to_bytes(sign)))], now)
    index.add(decided)
    return decided.stories[entry_id]


def one_story(a: tuple[int, ParsedEntry], b: tuple[int, ParsedEntry]) -> bool:
    """Whether the clustering puts b in a's story (each with its real source)."""
    index = StoryIndex()
    (source_a, first), (source_b, second) = a, b
    sign_a = story_signature(first.title, first.text)
    sign_b = story_signature(second.title, second.text)
    if sign_a is None or sign_b is None:
        return False
    assign(index, 1, source_a, sign_a, now=0)
    return assign(index, 2, source_b, sign_b, now=1) == 1


SAME_STORY = [
    (
        "France arrests nine over killing of far-right activist",
        "France arrests nine in right-wing activist's death",
    ),
    (
        "Tributes pour in after US civil rights icon Jesse Jackson",
        "US civil rights leader Jesse Jackson dies aged 84",
    ),
    ("Stephen Colbert says CBS barred interview", "Stephen Colbert says CBS spiked interview"),
]
DIFFERENT = [
    (
        "See the Olympics schedule for the 2026 Milano Cortina",
        "Which countries and athletes have the most Olympic medals",
    ),
    (
        "Why is the Strait of Hormuz off Iran so crucial?",
        "Iran Holds Exercises in Strait of Hormuz",
    ),
]


@pytest.mark.parametrize(("a", "b"), SAME_STORY, ids=["France arrests", "Jesse Jackson", "Colbert"])
def test_same_story_from_two_outlets_is_one(feeds: dict, a: str, b: str) -> None:
    """Different outlets' words for one event cluster together."""
    assert one_story(find(feeds, a), find(feeds, b))


@pytest.mark.parametrize(
    ("a", "b"), DIFFERENT, ids=["Olympics schedule vs medals", "Hormuz explainer vs drill"]
)
def test_different_stories_on_one_topic_stay_apart(feeds: dict, a: str, b: str) -> None:
    """Near misses: same topic, different stories."""
    assert not one_story(find(feeds, a), find(feeds, b))


def test_clusters_apply_the_same_source_rule_and_the_window(feeds: dict) -> None:
    """A re-post with a new id joins its story; two articles of one source with a template
    title do not; after the window, a story starts afresh."""
    index = StoryIndex(window=3600)
    colbert = find(feeds, "Stephen Colbert says CBS barred interview")[1]
    other = find(feeds, "Stephen Colbert says CBS spiked interview")[1]
    graphite = find(feeds, "InfluxDB vs. Graphite")[1]
    elastic = find(feeds, "InfluxDB vs. Elasticsearch")[1]
    sign = lambda e: story_signature(e.title, e.text)  # noqa: E731
    assert assign(index, 1, 1, sign(colbert), now=0) == 1
    assert assign(index, 2, 2, sign(other), now=10) == 1
    assert assign(index, 3, 1, sign(colbert), now=20) == 1  # re-posted
    assert assign(index, 4, 5, sign(graphite), now=30) == 4
    assert assign(index, 5, 5, sign(elastic), now=40) == 5  # same blog, other article
    assert assign(index, 6, 3, sign(other), now=10_000) == 6  # window passed


def test_a_batch_clusters_within_itself_and_changes_nothing_until_added(feeds: dict) -> None:
    """Two reports in one store join each other; until the store commits (``add``), the
    index is unchanged, so a rolled-back store leaves no trace and its ids can come again."""
    index = StoryIndex()
    one = find(feeds, "Stephen Colbert says CBS barred interview")[1]
    two = find(feeds, "Stephen Colbert says CBS spiked interview")[1]
    sign = lambda e: signature_of(to_bytes(story_signature(e.title, e.text)))  # noqa: E731
    decided = index.assign([NewEntry(7, 1, sign(one)), NewEntry(8, 2, sign(two))], now=0)
    assert decided.stories == {7: 7, 8: 7}
    assert len(index) == 0
    again = index.assign([NewEntry(7, 1, sign(one)), NewEntry(8, 2, sign(two))], now=0)
    assert again.stories == {7: 7, 8: 7}  # the same ids after a rollback: no "key exists"
    index.add(again)
    assert len(index) == 2
    assert assign(index, 9, 3, story_signature(two.title, two.text), now=5) == 7


def test_the_index_is_bounded_and_evicts_the_oldest() -> None:
    """At ``max_open`` members the oldest leaves; memory stays about 1 KB per member."""
    rng = np.random.default_rng(3)
    signatures = rng.integers(0, 2**32, size=(2500, 128), dtype=np.uint64).astype(np.uint32)
    index = StoryIndex(max_open=1000)
    for number, signature in enumerate(signatures, start=1):
        index.add(index.assign([NewEntry(number, 1, signature)], now=number))
    assert len(index) == 1000
    assert index.memory_bytes / len(index) < 1200
    copy = signatures[0].copy()
    assert index.assign([NewEntry(9999, 2, copy)], now=2600).stories == {9999: 9999}  # evicted
    copy = signatures[-1].copy()
    assert index.assign([NewEntry(9999, 2, copy)], now=2600).stories == {9999: 2500}


def test_entries_that_say_too_little_are_not_clustered() -> None:
    """A headline with a stock sentence has too few features to be told apart."""
    assert story_signature("Storm one", "Officials confirmed it on Tuesday. More soon.") is None

"""One alert per story: real near-duplicate and near-miss pairs from the shared feeds."""

from __future__ import annotations

import pytest

from bot.ingest.parser import parse_feed
from bot.match.similarity import story_signature
from bot.match.stories import StoryClusters
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


def one_story(a: tuple[int, ParsedEntry], b: tuple[int, ParsedEntry]) -> bool:
    """Whether the clustering puts b in a's story (each with its real source)."""
    clusters = StoryClusters()
    (source_a, first), (source_b, second) = a, b
    sign_a = story_signature(first.title, first.text)
    sign_b = story_signature(second.title, second.text)
    if sign_a is None or sign_b is None:
        return False
    clusters.assign(1, source_id=source_a, signature=sign_a, now=0)
    return clusters.assign(2, source_id=source_b, signature=sign_b, now=1) == 1


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
    clusters = StoryClusters(window=3600)
    colbert = find(feeds, "Stephen Colbert says CBS barred interview")[1]
    other = find(feeds, "Stephen Colbert says CBS spiked interview")[1]
    graphite = find(feeds, "InfluxDB vs. Graphite")[1]
    elastic = find(feeds, "InfluxDB vs. Elasticsearch")[1]
    sign = lambda e: story_signature(e.title, e.text)  # noqa: E731
    assert clusters.assign(1, source_id=1, signature=sign(colbert), now=0) == 1
    assert clusters.assign(2, source_id=2, signature=sign(other), now=10) == 1
    assert clusters.assign(3, source_id=1, signature=sign(colbert), now=20) == 1  # re-posted
    assert clusters.assign(4, source_id=5, signature=sign(graphite), now=30) == 4
    assert (
        clusters.assign(5, source_id=5, signature=sign(elastic), now=40) == 5
    )  # same blog, other article
    assert clusters.assign(6, source_id=3, signature=sign(other), now=10_000) == 6  # window passed


def test_entries_that_say_too_little_are_not_clustered() -> None:
    """A headline with a stock sentence has too few features to be told apart."""
    assert story_signature("Storm one", "Officials confirmed it on Tuesday. More soon.") is None

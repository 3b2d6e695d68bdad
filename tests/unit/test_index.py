"""The topic index finds exactly what checking every subscription would find."""

from __future__ import annotations

import random

from bot.ingest.parser import parse_feed
from bot.match.index import TopicIndex
from bot.match.query import Document, parse_query
from bot.models import Subscription
from bot.text.terms import terms
from tests.conftest import shared

TOPICS = [
    "ukraine", "peace talks", '"peace talks"', "trump -ukraine", "iran OR israel", "election",
    "china taiwan", "gaza ceasefire", "climate", "football -transfer", "russia OR ukraine war",
    "jesse jackson", "berlin film festival", "bolsonaro", "tech platforms india", "nuclear",
]  # fmt: skip


def matched(index: TopicIndex, document: Document) -> set[int]:
    """The subscription ids the index returns for the document."""
    return {int(sid) for ids in index.match(document) for sid in ids}


def test_index_agrees_with_a_naive_scan_on_real_feeds() -> None:
    """On real headlines and text, index matches == per-subscription loop matches."""
    entries = []
    for name in (
        "bbc-news-world.rss.xml",
        "nyt-world.media-content.rss.xml",
        "al-monitor.duplicate-guids.rss.xml",
    ):
        feed = parse_feed(shared(f"feeds/{name}").read_bytes(), url="https://example.org/")
        entries += [Document(terms(f"{e.title}\n{e.text}")) for e in feed.entries]
    rng = random.Random(7)
    index = TopicIndex()
    subscriptions = []
    for sub_id in range(1, 400):
        query = parse_query(rng.choice(TOPICS))
        subscription = Subscription(
            sub_id, chat_id=rng.randint(1, 50), query=query.text, after_entry_id=0
        )
        subscriptions.append((subscription, query))
        index.add(subscription, query)
    matched_any = 0
    for document in entries:
        expected = {s.id for s, q in subscriptions if q.matches(document)}
        assert matched(index, document) == expected
        matched_any += bool(expected)
    assert matched_any > 10  # the comparison is not vacuous


def test_removed_subscriptions_stop_matching() -> None:
    """After unsubscribe, the index no longer returns the subscription; others remain."""
    index = TopicIndex()
    query = parse_query("peace talks")
    index.add(Subscription(1, 10, "peace talks", 0), query)
    index.add(Subscription(2, 11, "peace talks", 0), query)
    document = Document(terms("peace talks resume"))
    assert matched(index, document) == {1, 2}
    index.remove(1)
    assert matched(index, document) == {2}
    index.remove(2)
    assert index.match(document) == []
    assert len(index) == 0

"""Parsing real third-party feeds (../shared/data/feeds) into clean entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ingest.documents import ParseError
from bot.ingest.parser import parse_feed
from tests.conftest import SHARED, shared, summary_of

FEEDS = (
    sorted(
        p.name
        for p in (SHARED / "feeds").glob("*")
        if p.suffix != ".md" and "truncated" not in p.name
    )
    if (SHARED / "feeds").exists()
    else []
)


def parse(name: str, url: str = "https://feeds.example/feed"):
    return parse_feed(shared(f"feeds/{name}").read_bytes(), url=url)


@pytest.mark.parametrize("name", FEEDS)
def test_every_real_feed_gives_clean_entries(name: str) -> None:
    """Every entry has an id, a title, an absolute http(s) link, and text without markup."""
    feed = parse(name)
    assert feed.entries, name
    for entry in feed.entries:
        assert entry.guid and entry.title
        assert entry.link.startswith(("http://", "https://"))
        assert "<p>" not in entry.text and "<img" not in entry.text and "]]>" not in entry.text
        assert len(summary_of(entry)) <= 300
        assert "\ufffd" not in entry.title


EXPECTED = [
    # (file, entries, first title starts with, first published (UTC ISO) or None)
    (
        "bbc-news-world.rss.xml",
        33,
        "US civil rights leader Jesse Jackson dies",
        "2026-02-17T18:55:33",
    ),
    ("dw-english.rss10.rdf", 141, "France arrests nine", "2026-02-18T00:15:00"),
    ("heise-online.rss090-no-dates.rdf", 60, "OLED-TVs", None),
    ("heise-developer.atom", 15, "Java-Anwendungsserver", "2016-02-01T16:22:00"),
    (
        "uol-noticias.undeclared-latin1.rss.xml",
        15,
        "Ibope: Bolsonaro perde de Haddad",
        "2018-09-24T22:42:40",
    ),
    ("ilmessaggero-mondo.italian-dates.rss.xml", 1, "Missili Polonia", "2022-11-15T23:38:15"),
    ("qq-news-china.gb2312.rss.xml", 20, "习近平为何如此强调崇尚英雄", "2018-09-18T14:38:10"),
    ("oren-ru.windows-1251.rss.xml", 10, "В Бузулуке главные стройплощадки", None),
    ("jsonfeed-org.v1.feed.json", 1, "Announcing JSON Feed", "2017-05-17T15:02:12"),
    ("nbc-newyork.nonstandard-date.rss.xml", 1, "NYC cops search", "2023-12-16T02:02:33"),
]


@pytest.mark.parametrize(
    ("name", "count", "title", "published"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_formats_encodings_and_dates(
    name: str, count: int, title: str, published: str | None
) -> None:
    """RSS 0.9/1.0/2.0, Atom and JSON Feed; legacy encodings; dates in local languages."""
    from datetime import UTC, datetime

    feed = parse(name)
    assert len(feed.entries) == count
    first = feed.entries[0]
    assert first.title.startswith(title)
    if published is not None:
        assert first.published_at is not None
        assert datetime.fromtimestamp(first.published_at, UTC).isoformat().startswith(published)


def test_declared_latin1_that_is_really_utf8_has_no_mojibake() -> None:
    """Daily Mail declares ISO-8859-1 but sends UTF-8: '©' must not become 'Â©'."""
    entry = parse("dailymail-home.encoding-mismatch.rss.xml").entries[0]
    assert "Â" not in entry.text and "Â" not in entry.title


def test_relative_links_are_resolved_against_the_site() -> None:
    """TPM's Atom links are relative; they resolve against the feed's own site link."""
    entry = parse("tpm-news.relative-links.atom", url="http://127.0.0.1:9/tpm.atom").entries[0]
    assert (
        entry.link
        == "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist"
    )


def test_items_without_guid_get_their_link_as_id() -> None:
    """heise's RSS 0.9 items have no guid: the link is the stable id."""
    entries = parse("heise-online.rss090-no-dates.rdf").entries
    assert all(e.guid == e.link for e in entries)
    assert len({e.guid for e in entries}) == len(entries)


def test_json_feed_items_without_id_or_content() -> None:
    """JSON Feed 1.1 quirks: missing ids fall back to the url; an item with only a title works."""
    feed = parse("influxdata-blog.v1_1-quirks.feed.json")
    assert all(e.guid for e in feed.entries)
    assert "&#8211;" not in feed.title


def test_photo_captions_are_not_the_summary() -> None:
    """NYT files a photo caption as media:description; the summary is the real description."""
    entry = parse("nyt-world.media-content.rss.xml").entries[0]
    assert summary_of(entry).startswith("Russian attacks and Ukrainian civilian deaths rose")


def test_duplicate_guids_are_kept_as_one_id() -> None:
    """Al-Monitor repeats items; they share ids, so storage keeps one of each."""
    entries = parse("al-monitor.duplicate-guids.rss.xml").entries
    assert len({e.guid for e in entries}) < len(entries)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty response"),
        (b"   \n ", "empty response"),
        (
            b"<html><head><title>Oops</title></head><body>Down for maintenance</body></html>",
            "HTML page",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd", "not a feed"),
        (b'{"hello": "world"}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": ', "malformed JSON Feed"),
        (b'{"version": "\xff\xfe"}', "not valid UTF-8"),
    ],
    ids=[
        "empty",
        "whitespace",
        "html page",
        "binary",
        "plain json",
        "truncated json",
        "latin-1 json",
    ],
)
def test_unreadable_documents_raise_a_clear_reason(body: bytes, reason: str) -> None:
    """Operators see why a source failed, in words."""
    with pytest.raises(ParseError, match=reason):
        parse_feed(body, url="https://feeds.example/feed")


def test_truncated_real_feed_is_malformed() -> None:
    """Reuters' truncated feed (server error mid-document) is reported as malformed."""
    with pytest.raises(ParseError, match="malformed feed"):
        parse("reuters-most-read.truncated.rss.xml")


def test_json_feed_plain_text_is_not_read_as_html() -> None:
    """content_text with '<' characters is text, not markup."""
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "items": [
                {
                    "id": "1",
                    "url": "https://x.example/1",
                    "title": "Math",
                    "content_text": "If a < b and b > c, then what?",
                }
            ],
        }
    ).encode()
    entry = parse_feed(body, url="https://x.example/feed.json").entries[0]
    assert summary_of(entry) == "If a < b and b > c, then what?"


def test_fixture_folder_is_documented() -> None:
    """The shared feeds come with their provenance file."""
    assert Path(shared("feeds/SOURCES.md")).stat().st_size > 0

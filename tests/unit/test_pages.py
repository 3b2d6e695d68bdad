"""Live-blog pages, article pages and advertised feeds, on the real pages in ../shared."""

from __future__ import annotations

import pytest

from bot.ingest.article import fingerprint, materially_changed, parse_plain_text
from bot.ingest.documents import ParseError
from bot.ingest.liveblog import parse_liveblog
from bot.ingest.parser import FeedLink, ParsedFeed, parse_document
from tests.conftest import shared, summary_of

PAGES = [
    # (file, updates, first headline starts with, first link ends with)
    (
        "repubblica-israele-hamas-2023-11-02.liveblog.html",
        79,
        "Oms: “A Gaza fermi 14 ospedali",
        "live",
    ),
    ("corkbeo-level3-covid-2020-10-06.liveblog.html", 26, "Goodnight", "#2259242"),
    ("timesofindia-ipl2020-csk-srh.liveblog.html", 8, "19:02(IST) TOSS", "#post1"),
    (
        "ndtv-sports-cwc2023-ind-sl.microdata-liveblog.html",
        40,
        "India vs Sri Lanka: It's a wrap!",
        "#80",
    ),
]


@pytest.mark.parametrize(
    ("name", "count", "headline", "link"), PAGES, ids=[p[0].split("-")[0] for p in PAGES]
)
def test_live_blog_pages_give_one_entry_per_update(
    name: str, count: int, headline: str, link: str
) -> None:
    """JSON-LD and microdata updates each become an entry with its own id, time and link."""
    blog = parse_liveblog(shared(f"liveblogs/{name}").read_bytes(), url="https://p.example/live")
    assert blog is not None
    title, entries = blog
    assert title and len(entries) == count
    assert len({e.guid for e in entries}) == count
    first = entries[0]
    assert first.title.startswith(headline)
    assert first.link.endswith(link)
    assert first.published_at is not None
    assert all(
        "&ldquo;" not in e.text and "&#39;" not in e.text and "\u200b" not in e.text
        for e in entries
    )


def test_schema_org_example_in_both_markups_agrees() -> None:
    """The schema.org example gives the same three updates from microdata and JSON-LD."""
    text = shared("liveblogs/schemaorg-eg-0424-LiveBlogPosting.example.txt").read_text()
    microdata = text.split("MICRODATA:")[1].split("RDFA:")[0]
    json_ld = text.split("JSONLD:")[1] if "JSONLD:" in text else text.split("JSON:")[1]
    parsed_a = parse_liveblog(microdata, url="https://p.example/live")
    parsed_b = parse_liveblog(json_ld, url="https://p.example/live")
    assert parsed_a is not None and parsed_b is not None
    a, b = parsed_a[1], parsed_b[1]
    assert [(e.title, e.published_at) for e in a] == [(e.title, e.published_at) for e in b]
    assert len(a) == 3


def test_edited_update_keeps_its_id() -> None:
    """An update without url is keyed by its time, so editing its text keeps the id."""
    page = '<script type="application/ld+json">{"@type": "LiveBlogPosting", "liveBlogUpdate": [{"headline": "%s", "datePublished": "2024-01-01T10:00:00Z", "articleBody": "%s"}]}</script>'
    before = parse_liveblog(
        page % ("Blast in city", "Reports of a blast."), url="https://p.example/l"
    )
    after = parse_liveblog(
        page % ("Blast in city centre", "Reports of a blast; two hurt."), url="https://p.example/l"
    )
    assert before and after and before[1][0].guid == after[1][0].guid


def test_seed_page_as_an_article() -> None:
    """The seed page's summary starts with its lead sentence and has none of its furniture."""
    document = parse_document(
        shared("seed/live-news-page.txt").read_bytes(),
        url="https://p.example/seed",
        content_type="text/plain",
    )
    assert isinstance(document, ParsedFeed) and document.kind == "article"
    [entry] = document.entries
    assert (
        entry.title
        == "Live news updates: EU states expel Russian diplomats over spying allegations"
    )
    assert summary_of(entry).startswith(
        "Russia is to cut back on its attacks in the Kyiv and Chernihiv areas"
    )
    for furniture in ("Notify of", "Inline Feedbacks", "View all comments", "Read More"):
        assert furniture not in entry.text and furniture not in summary_of(entry)


def test_page_advertising_a_feed_is_followed_unless_pinned() -> None:
    """<link rel=alternate type=application/rss+xml> leads to the feed; kind=article reads the page."""
    page = (
        b'<html><head><title>Live</title><link rel="alternate" type="application/rss+xml" '
        b'href="/feeds/live.xml"></head><body><article><p>Officials said the storm passed.</p></article></body></html>'
    )
    assert parse_document(
        page, url="https://p.example/live/", content_type="text/html"
    ) == FeedLink("https://p.example/feeds/live.xml")
    pinned = parse_document(
        page, url="https://p.example/live/", content_type="text/html", kind="article"
    )
    assert isinstance(pinned, ParsedFeed) and pinned.kind == "article"


def test_pinned_live_blog_without_markup_is_an_error() -> None:
    """A source pinned to liveblog that loses its markup says so."""
    with pytest.raises(ParseError, match=r"no schema\.org LiveBlogPosting"):
        parse_document(
            b"<html><body><p>Hello</p></body></html>",
            url="https://p.example/",
            content_type="text/html",
            kind="liveblog",
        )


def test_material_change() -> None:
    """A fixed typo is not news; a new paragraph at the top is."""
    base = (
        "The storm reached the coast at dawn. Thousands were evacuated from low-lying areas. " * 3
    )
    v1 = parse_plain_text(f"Storm live\n{base}", url="https://p.example/a")
    typo = parse_plain_text(
        f"Storm live\n{base.replace('dawn', 'dawn,')}", url="https://p.example/a"
    )
    news = parse_plain_text(
        f"Storm live\nThe dam has failed and the river is flooding the town centre now. {base}",
        url="https://p.example/a",
    )
    assert v1 and typo and news
    assert not materially_changed(fingerprint(v1), fingerprint(typo))
    assert materially_changed(fingerprint(v1), fingerprint(news))
    assert materially_changed(None, fingerprint(v1))

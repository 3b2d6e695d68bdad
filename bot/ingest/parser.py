"""Parse a fetched document into clean entries. Pure: bytes in, entries out, no I/O.

``parse_document`` detects what a source returned and dispatches: RSS 0.9x/1.0/2.0 and Atom
go through feedparser, which copes with broken encodings and dates; JSON Feed (which
feedparser does not read) goes through ``json``; HTML is a live blog (see ``liveblog``), a
page advertising a feed, or an article page (see ``article``). Every entry gets a
stable id (guid/id, else link, else a hash of its content), an absolute http(s) link, a
published time when the source gives one, and clean text (the lead is
written later, for new entries only: see :mod:`bot.ingest.prepare`).
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import feedparser
import ftfy
import ftfy.badness
import lxml.etree
import lxml.html

from bot.ingest import dates
from bot.ingest.article import parse_article, parse_plain_text
from bot.ingest.clean import html_to_text, one_line
from bot.ingest.documents import JsonError, ParseError, load_json, web_link
from bot.ingest.lead import lead
from bot.ingest.liveblog import parse_liveblog
from bot.models import ParsedEntry
from bot.text.cut import cut

MAX_TITLE = 300
_XML_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']+)(["'])""")


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed document: its title and entries in the order the source lists them."""

    title: str
    entries: list[ParsedEntry]
    kind: str = "feed"  # "feed", "liveblog" or "article"


@dataclass(frozen=True, slots=True)
class FeedLink:
    """An HTML page that advertises a feed (``<link rel="alternate" …>``) to follow instead."""

    url: str


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
               "application/json", "application/rdf+xml")  # fmt: skip
_XML_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(rb"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def parse_document(
    body: bytes, *, url: str, content_type: str = "", kind: str = "auto"
) -> ParsedFeed | FeedLink:
    """Whatever a source returned: a feed, a live blog, an HTML page advertising a feed, an
    article page or plain text. ``kind`` pins what the operator expects (then nothing else
    is accepted); "auto" detects it from the response. Raises ParseError, and only that:
    the third-party parsers below raise anything on hostile input (feedparser's loose
    parser an AttributeError or TypeError on some broken markup), and a document they
    cannot read is the source's failure, named in /sources, not a crash."""
    try:
        return _parse_document(body, url=url, content_type=content_type, kind=kind)
    except ParseError:
        raise
    except Exception as exc:  # the boundary around third-party parsers (see above)
        raise ParseError(f"unreadable document ({type(exc).__name__}: {exc})"[:300]) from None


def _parse_document(
    body: bytes, *, url: str, content_type: str, kind: str
) -> ParsedFeed | FeedLink:
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    is_html = "html" in content_type.lower() or (
        bool(_HTML.search(head)) and not _XML_FEED.search(head)
    )
    if kind == "feed" or (kind == "auto" and not is_html and "text/plain" not in content_type):
        return parse_feed(body, url=url, content_type=content_type)
    if "text/plain" in content_type and kind in ("auto", "article"):
        entry = parse_plain_text(body.decode("utf-8", "replace"), url=url)
        if entry is None:
            raise ParseError("empty response")
        return ParsedFeed(entry.title, [entry], "article")
    if not head:
        raise ParseError("empty response")
    if kind in ("auto", "liveblog"):
        blog = parse_liveblog(body, url=url)
        if blog is not None:
            return ParsedFeed(blog[0], blog[1], "liveblog")
        if kind == "liveblog":
            raise ParseError("no schema.org LiveBlogPosting on the page")
    if kind == "auto" and (advertised := advertised_feed(body, url)):
        return FeedLink(advertised)
    entry = parse_article(body, url=url)
    if entry is None:
        raise ParseError("no article text found on the page")
    return ParsedFeed(entry.title, [entry], "article")


def advertised_feed(body: bytes, url: str) -> str | None:
    """The first feed an HTML page advertises in ``<link rel="alternate" type=…>``."""
    try:
        root = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return None
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "alternate" in rel and (link.get("type") or "").lower() in _FEED_TYPES:
            href = web_link(link.get("href"), url)
            if href:
                return href
    return None


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """Parse an RSS, Atom or JSON Feed document fetched from ``url``."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"{" or "json" in content_type.lower():
        return _parse_json_feed(body, url)
    if not head:
        raise ParseError("empty response")
    parsed = feedparser.parse(_repair_mojibake(_trust_utf8(body)))
    if not parsed.version:
        if re.search(rb"<html[\s>]", body[:4096], re.IGNORECASE):
            raise ParseError("got an HTML page, not a feed")
        reason = parsed.get("bozo_exception") or "unknown format"
        raise ParseError(f"not a feed: {str(reason)[:200]}")
    if parsed.bozo and not parsed.entries:
        raise ParseError(f"malformed feed: {str(parsed.get('bozo_exception'))[:200]}")
    base = _site_base(parsed.feed.get("link"), url)
    language = parsed.feed.get("language")
    entries = [_rss_entry(item, base, language) for item in parsed.entries]
    return ParsedFeed(one_line(parsed.feed.get("title", "")), entries)


def _trust_utf8(body: bytes) -> bytes:
    """Fix feeds that declare a legacy charset but hold valid UTF-8 (common with CMS exports).

    Valid multi-byte UTF-8 is practically never produced by Latin-1 text, so when the bytes
    decode as UTF-8 the declaration is the mistake and would turn "©" into "Â©".
    """
    match = _XML_ENCODING.match(body)
    if not match or match.group(2).lower().replace(b"_", b"-") in (b"utf-8", b"utf8"):
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return body
    if body.isascii():
        return body
    return _XML_ENCODING.sub(rb"\g<1>utf-8\g<3>", body, count=1)


def _repair_mojibake(body: bytes) -> bytes:
    """Undo UTF-8 text that was decoded as Windows-1252 and encoded again ("Ð¯Ð½Ð´ÐµÐºÑ."
    for "Яндекс.", as a Yandex feed serves it): ftfy recognises the pattern and reverses it
    losslessly. Only a document whose text looks like that is touched."""
    if body.isascii():
        return body
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body
    if not ftfy.badness.is_bad(text[:4096]):
        return body
    return ftfy.fix_encoding(text).encode("utf-8")


def _site_base(site_link: object, feed_url: str) -> str:
    if isinstance(site_link, str) and urlsplit(site_link).scheme in ("http", "https"):
        return site_link
    return feed_url


def _content_hash(*parts: str) -> str:
    return "sha1:" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def plain_title(text: str) -> str:
    """A title given as plain text; feeds often escape entities twice, so decode once more."""
    return one_line(html.unescape(text))


def _entry(
    *,
    guid: object,
    title: str,
    body_html: str,
    link: str,
    published_at: float | None,
    language: str | None,
) -> ParsedEntry:
    text = html_to_text(body_html) if body_html else ""
    if not title:
        title = cut(lead(text, language=language) or text or link or "Untitled", 120)
    stable = guid.strip() if isinstance(guid, str) else (str(guid) if guid is not None else "")
    return ParsedEntry(
        guid=stable[:500] or link or _content_hash(title, text),
        title=cut(title, MAX_TITLE),
        link=link,
        published_at=published_at,
        text=text,
        summary="",
        language=language,
    )


def _rss_body(item: Any) -> str:
    """The article body as HTML: full HTML content if the feed has it, else the description.

    feedparser also files ``media:description`` (a photo caption, text/plain) under content,
    so plain-text content is only a last resort.
    """
    html_parts = [
        c["value"]
        for c in item.get("content", [])
        if "html" in c.get("type", "") and c.get("value")
    ]
    if html_parts:
        return str(max(html_parts, key=len))
    if item.get("summary"):
        return str(item["summary"])
    plain = [c["value"] for c in item.get("content", []) if c.get("value")]
    return html.escape(str(plain[0])) if plain else ""


def _rss_entry(item: Any, base: str, language: str | None) -> ParsedEntry:
    body = _rss_body(item)
    published = item.get("published_parsed") or item.get("updated_parsed")
    raw_title = str(item.get("title", ""))
    is_html = "html" in item.get("title_detail", {}).get("type", "text/html")
    return _entry(
        guid=item.get("id"),
        title=one_line(html_to_text(raw_title)) if is_html else plain_title(raw_title),
        body_html=body,
        link=web_link(item.get("link"), base) or base,
        published_at=dates.struct_to_epoch(published),
        language=language,
    )


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        document = load_json(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ParseError("JSON Feed is not valid UTF-8") from None
    except JsonError as exc:
        raise ParseError(f"malformed JSON Feed: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise ParseError("JSON document is not a JSON Feed (no jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise ParseError("JSON Feed has no items list")
    base = _site_base(document.get("home_page_url"), url)
    language = document.get("language") if isinstance(document.get("language"), str) else None
    title = plain_title(str(document.get("title") or ""))
    return ParsedFeed(title, json_feed_entries(items, base=base, language=language))


def json_feed_entries(
    items: list[Any], *, base: str, language: str | None = None
) -> list[ParsedEntry]:
    """JSON Feed items (dicts; others are skipped) as entries."""
    return [
        _entry(
            guid=item.get("id"),
            title=plain_title(str(item.get("title") or "")),
            body_html=str(item.get("content_html") or "")
            or html.escape(str(item.get("content_text") or item.get("summary") or "")),
            link=web_link(item.get("url") or item.get("external_url"), base) or base,
            published_at=dates.parse_any(item.get("date_published"))
            or dates.parse_any(item.get("date_modified")),
            language=language,
        )
        for item in items
        if isinstance(item, dict)
    ]

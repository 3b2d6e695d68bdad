"""Live-blog pages: one entry per schema.org ``liveBlogUpdate``, from JSON-LD or microdata.

Each update becomes its own entry with its own headline, body, time and link (the update's
url, else the page's). Its id is the update's url or ``@id``; pages that give neither (la
Repubblica) are keyed by the update's publication time, which an edit does not change, so
an edited post never alerts twice. Later polls store only the posts not seen before.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from typing import Any

import lxml.html

from bot.ingest import dates
from bot.ingest.clean import html_to_text, one_line
from bot.ingest.documents import JsonError, ParseError, load_json, web_link
from bot.ingest.lead import lead
from bot.models import ParsedEntry
from bot.text.cut import cut

_TYPES = ("LiveBlogPosting",)


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    return [str(k) for k in (kind if isinstance(kind, list) else [kind])]


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, including those in lists and @graph, in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(reversed([v for v in current.values() if isinstance(v, dict | list)]))
        elif isinstance(current, list):
            stack.extend(reversed(current))


def _json_ld_updates(root: lxml.html.HtmlElement) -> list[dict[str, Any]] | None:
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        try:
            data = load_json(script.text or "")
        except JsonError as exc:
            if "nested" in str(exc):
                raise ParseError(f"the page's JSON-LD is {exc}") from None
            continue
        for node in _walk(data):
            if any(t in _TYPES for t in _types(node)):
                updates = node.get("liveBlogUpdate") or []
                return [u for u in (updates if isinstance(updates, list) else [updates])
                        if isinstance(u, dict)]  # fmt: skip
    return None


def _microdata_value(element: lxml.html.HtmlElement) -> str:
    for attribute in ("content", "datetime", "href", "src"):
        if element.get(attribute):
            return str(element.get(attribute))
    return str(lxml.html.tostring(element, encoding="unicode", method="html"))


def _microdata_updates(root: lxml.html.HtmlElement) -> list[dict[str, Any]] | None:
    blocks = root.xpath(
        '//*[@itemscope][contains(concat(" ", @itemprop, " "), " liveBlogUpdate ")]'
    )
    if not blocks:
        return None
    updates = []
    for block in blocks:
        update: dict[str, Any] = {}
        for element in block.xpath(".//*[@itemprop]"):
            for prop in (element.get("itemprop") or "").split():
                update.setdefault(prop, _microdata_value(element))
        updates.append(update)
    return updates


def _text(value: Any) -> str:
    """A JSON-LD or microdata value as plain text (entities inside JSON strings decoded)."""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("text") or ""
    return html_to_text(html.unescape(str(value or "")))


def _page_title(root: lxml.html.HtmlElement) -> str:
    """The page's name, as sharing previews show it (og:title), else its <title>."""
    shared = root.xpath('//meta[@property="og:title"]/@content')
    return cut(
        one_line(html_to_text(str(shared[0]) if shared else root.findtext(".//title") or "")), 200
    )


def parse_liveblog(body: bytes | str, *, url: str) -> tuple[str, list[ParsedEntry]] | None:
    """The page's title and its updates, newest first; None if the page is not a live
    blog."""
    try:
        root = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return None
    updates = _json_ld_updates(root)
    if updates is None:
        updates = _microdata_updates(root)
    if updates is None:
        return None
    times = [str(u.get("datePublished") or "") for u in updates]
    repeated = {t for t, n in Counter(times).items() if n > 1}
    entries = []
    for update, published in zip(updates, times, strict=True):
        text = _text(update.get("articleBody") or update.get("text") or update.get("description"))
        title = one_line(_text(update.get("headline") or update.get("name")))
        link = web_link(update.get("url"), url) or web_link(update.get("@id"), url) or url
        stable = str(update.get("url") or update.get("@id") or "").strip()
        if not stable:
            stable = f"{url}#{html.unescape(published)}"
            if published in repeated or not published:
                stable += f"|{title[:60]}"
        if not title:
            title = cut(lead(text) or text, 120)
        if not (title or text):
            continue
        entries.append(
            ParsedEntry(
                guid=stable[:500],
                title=cut(title, 300),
                link=link,
                published_at=dates.parse_any(html.unescape(published)),
                text=text,
                summary="",
            )
        )
    entries.sort(key=lambda e: e.published_at or 0.0, reverse=True)
    return _page_title(root), entries

"""OPML subscription lists: read the feeds out of one (as feed readers export them), and
write sources as one (for /export and ``livebot sources export``).

Reading is listparser's (by feedparser's author): it copes with OPML 1.0/2.0 as readers
really write it (nested folders, ``text`` or ``title``, odd letter case in attributes) and
parses as HTML, so an entity-expansion "billion laughs" file has nothing to expand. Only
outlines with an ``xmlUrl`` are feeds; the document is capped before it is read, and so is
the number of feeds taken from it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import formatdate

import listparser

MAX_BYTES = 1_000_000
MAX_FEEDS = 500


class OpmlError(ValueError):
    """Not a subscription list that can be read (the message is shown to the person)."""


@dataclass(frozen=True, slots=True)
class Outline:
    """One feed of a subscription list."""

    url: str
    title: str


def read(data: bytes) -> list[Outline]:
    """The feeds a subscription list names, in its order, without repeats; raises
    OpmlError when it is too large or names no feed at all."""
    if len(data) > MAX_BYTES:
        raise OpmlError(f"the file is over {MAX_BYTES // 1_000_000} MB")
    parsed = listparser.parse(bytes(data))  # bytes: a str starting http:// would be fetched
    feeds = [
        Outline(str(feed.get("url", "")).strip(), " ".join(str(feed.get("title", "")).split()))
        for feed in parsed.get("feeds", [])
    ]
    feeds = [feed for feed in feeds if feed.url]
    if not feeds:
        raise OpmlError("it names no feeds (an OPML file lists them as xmlUrl)")
    return feeds[:MAX_FEEDS]


def write(title: str, outlines: Sequence[Outline], now: float | None = None) -> bytes:
    """An OPML 2.0 document listing ``outlines`` as RSS feeds."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = formatdate(now, usegmt=True)
    body = ET.SubElement(root, "body")
    for outline in outlines:
        ET.SubElement(
            body, "outline", type="rss", text=outline.title, title=outline.title,
            xmlUrl=outline.url,
        )  # fmt: skip
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"

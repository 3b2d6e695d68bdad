"""Article pages (no feed, no live-blog markup): the main text as one entry.

trafilatura finds the main text and drops navigation, comment widgets, share bars and other
page furniture; our own boilerplate filter then drops lines such as "Read More: …". The
entry's id includes a hash of the text, so a page whose text changes materially becomes a
new entry (see :func:`materially_changed`); small edits do not alert again.
"""

from __future__ import annotations

import hashlib

from bot.ingest.clean import one_line, tidy_lines
from bot.ingest.lead import lead
from bot.match.similarity import from_bytes, signature, similarity, to_bytes
from bot.models import ParsedEntry
from bot.text.cut import cut
from bot.text.terms import terms

MATERIAL_CHANGE = 0.8  # below this similarity to the last version, a page alerts again


def article_entry(*, url: str, title: str, text: str, language: str | None = None) -> ParsedEntry:
    """An entry for one version of a page."""
    text = tidy_lines(text)
    title = one_line(title) or cut(lead(text, language=language) or url, 120)
    digest = hashlib.sha1(text.encode()).hexdigest()[:16]
    return ParsedEntry(
        guid=f"{url}#text-{digest}",
        title=cut(title, 300),
        link=url,
        published_at=None,
        text=text,
        summary="",
        language=language,
    )


def parse_article(body: bytes | str, *, url: str) -> ParsedEntry | None:
    """The page's main text as an entry, or None when the page has no article text."""
    import trafilatura  # on first use: most installations never read an article page

    document = trafilatura.bare_extraction(
        body, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text:
        return None
    return article_entry(
        url=url,
        title=getattr(document, "title", None) or "",
        text=text,
        language=getattr(document, "language", None),
    )


def parse_plain_text(body: str, *, url: str) -> ParsedEntry | None:
    """A text/plain page: its first line is the title, the rest the text."""
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines:
        return None
    return article_entry(url=url, title=lines[0], text="\n".join(lines[1:]) or lines[0])


def fingerprint(entry: ParsedEntry) -> bytes:
    """What is kept of a page version to compare the next one with."""
    return to_bytes(signature(terms(f"{entry.title}\n{entry.text}")))


def materially_changed(previous: bytes | None, current: bytes) -> bool:
    """Whether a page's new text differs enough from the last stored version to alert."""
    if previous is None:
        return True
    return similarity(from_bytes(previous), from_bytes(current)) < MATERIAL_CHANGE

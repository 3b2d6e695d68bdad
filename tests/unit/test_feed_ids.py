"""The quick read of a feed's item ids agrees with the full parse, or declines."""

from __future__ import annotations

import pytest

from bot.ingest.feed_ids import item_ids
from bot.ingest.parser import parse_feed
from tests.conftest import SHARED


def feeds() -> list[str]:
    folder = SHARED / "feeds"
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix != ".md")


@pytest.mark.skipif(not feeds(), reason="../shared/data/feeds is absent")
@pytest.mark.parametrize("name", feeds())
def test_ids_are_the_parsers_or_none(name: str) -> None:
    """Wherever the quick read answers, it gives exactly the ids the parser stores."""
    body = (SHARED / "feeds" / name).read_bytes()
    quick = item_ids(body)
    if quick is None:
        return
    try:
        parsed = parse_feed(body, url="https://example.org/")
    except Exception:  # a feed the parser refuses must not have been read quickly
        pytest.fail(f"{name}: read quickly but the parser refuses it")
    assert quick == [entry.guid for entry in parsed.entries]


def test_declines_what_it_cannot_tell() -> None:
    """No guid, not a feed, broken XML, an entity bomb: None (parse as usual)."""
    assert item_ids(b"<rss><channel><item><link>https://a/</link></item></channel></rss>") is None
    assert item_ids(b"<html><body>hi</body></html>") is None
    assert item_ids(b"<rss><channel><item><guid>a</guid>") is None
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<rss><channel><item><guid>&b;</guid></item></channel></rss>"
    )
    assert item_ids(bomb) is None  # entities are not expanded here
    assert item_ids(b"<rss><channel><item><guid> x </guid></item></channel></rss>") == ["x"]

"""Rendering: what users see is escaped, valid Telegram HTML, within 4096 characters."""

from __future__ import annotations

from bot.delivery import render
from bot.delivery.reasons import Why
from bot.emulator.botapi import parse_html, utf16_length
from bot.health import WriteFailure
from bot.models import Entry, SourceState

HOSTILE = '<script>alert("x")</script> & <b>bold</b> </i> "quotes" &amp;'


def entry(**changes: object) -> Entry:
    values: dict[str, object] = {
        "id": 1,
        "source_id": 1,
        "source_name": "World <live>",
        "title": "Talks & <deals>",
        "link": 'https://n.example/a?b=1&c="2"',
        "published_at": 1771354533.0,
        "ingested_at": 1771354600.0,
        "summary": "Delegations met.",
    }
    values.update(changes)
    return Entry(**values)  # type: ignore[arg-type]


def test_alert_layout_and_escaping() -> None:
    """Bold title, lead, source and time, the topics that matched, and the link — all escaped."""
    markup = render.alert(entry(), Why(("peace talks", "deals <x>")), now=1771354600.0)
    visible = parse_html(markup)  # raises where Telegram would answer 400
    assert visible.splitlines()[0] == "Talks & <deals>"
    assert "Delegations met." in visible
    assert "World <live> · 17 Feb 18:55 UTC" in visible
    assert "peace talks · deals <x>" in visible
    assert 'href="https://n.example/a?b=1&amp;c=&quot;2&quot;"' in markup


def test_hostile_text_everywhere_still_parses() -> None:
    """HTML-laden titles, summaries, sources and topics never break the message."""
    markup = render.alert(
        entry(title=HOSTILE, summary=HOSTILE, source_name=HOSTILE), Why((HOSTILE,), (HOSTILE,))
    )
    assert HOSTILE in parse_html(markup)


def test_oversized_parts_stay_within_the_limit() -> None:
    """Even absurd inputs (emoji count twice in UTF-16) stay under 4096."""
    huge = "😀" * 5000
    markup = render.alert(entry(title=huge, summary=huge), Why((huge,) * 60, (huge,) * 60))
    assert utf16_length(parse_html(markup)) <= 4096
    listing = render.latest(huge, [entry(title=huge)] * 20)
    assert utf16_length(parse_html(listing)) <= 4096


def test_sources_overview_shows_health() -> None:
    """A failing source shows its error and how many failures in a row."""
    states = [
        SourceState(
            1, "Good", "https://g.example", True, None, None, True, 1000.0, None, None, 0, 12
        ),
        SourceState(
            2,
            "Bad <feed>",
            "https://b.example",
            True,
            None,
            None,
            False,
            None,
            "HTTP 500 <oops>",
            1000.0,
            3,
            0,
        ),
    ]
    writes = {"push:Bad <feed>": WriteFailure(3, "database or disk is full", 1000.0)}
    visible = parse_html(render.sources_overview(states, writes, now=1000.0 + 300))
    assert "✅ Good · 12 entries" in visible
    assert "last success: 5 min ago" in visible
    assert "⚠️ Bad <feed> · 0 entries" in visible
    assert "last error (5 min ago, 3 in a row): HTTP 500 <oops>" in visible
    assert "storing fails (5 min ago, 3 in a row): database or disk is full" in visible


def test_a_source_error_is_said_in_the_readers_language_the_detail_to_operators() -> None:
    """Regression (issue 26, F8): /sources showed the operator's English detail to
    everyone; now a person reads why in their language, an operator also the detail."""
    from bot.i18n import using

    state = SourceState(
        2, "Bad", "https://b.example", True, None, None, False, None,
        "HTTP 404 Not Found", 1000.0, 3, 0, last_error_code="http_status:404",
    )  # fmt: skip
    person = parse_html(render.sources_overview([state], {}, now=1300.0))
    assert "the site answered with error 404" in person and "Not Found" not in person
    operator = parse_html(render.sources_overview([state], {}, now=1300.0, operator=True))
    assert "the site answered with error 404 (HTTP 404 Not Found)" in operator
    with using("uk"):
        ukrainian = parse_html(render.sources_overview([state], {}, now=1300.0))
    assert "404" in ukrainian and "answered" not in ukrainian and "Not Found" not in ukrainian


def test_dates_show_the_year_when_it_is_not_this_year() -> None:
    """An old story says which year it is from; this year's do not repeat it."""
    assert render.when(1771354533.0, now=1771354600.0) == "17 Feb 18:55 UTC"
    assert render.when(1739472900.0, now=1771354600.0) == "13 Feb 2025 18:55 UTC"


def test_digest_links_every_item_page_by_page() -> None:
    """A digest never ends in "…and 5 more." without links: every item is a link on one of
    its pages, no page exceeds the limit, and the pages number themselves."""
    items = [entry(title=f"Story {n}", link=f"https://example.org/{n}") for n in range(30)]
    assert render.pages(30) == 3
    shown = []
    for page in range(3):
        markup = render.digest(items, page=page)
        assert render.visible_length(markup) <= render.MAX_MESSAGE
        assert f"{page + 1}/3" in parse_html(markup)
        shown += [n for n in range(30) if f'href="https://example.org/{n}"' in markup]
        assert "more." not in parse_html(markup)
    assert sorted(shown) == list(range(30))


def test_times_are_shown_in_the_chats_time_zone() -> None:
    """A chat in Kyiv reads Kyiv time, with the zone's name, in winter and in summer."""
    from zoneinfo import ZoneInfo

    kyiv = ZoneInfo("Europe/Kyiv")
    assert render.when(1771354533.0, now=1771354600.0, tz=kyiv) == "17 Feb 20:55 EET"
    assert render.when(1751354533.0, now=1751354600.0, tz=kyiv).endswith("EEST")


def test_how_long_in_words() -> None:
    """Notices say how long a source has failed in words, singular and plural."""
    assert render.lasting(0.0, now=3 * 86400 + 5) == "3 days"
    assert render.lasting(0.0, now=86400) == "1 day"
    assert render.lasting(0.0, now=2 * 3600) == "2 hours"
    assert render.lasting(0.0, now=61) == "1 minute"
    assert render.lasting(0.0, now=59) == "under a minute"

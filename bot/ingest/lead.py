"""Pick the lead of a story: its first one or two sentences that carry news, within a budget.

Sentences are split with pysbd, a rule-based segmenter that knows abbreviations, initials,
decimals and quotes ("U.S.", "Mr.", "3.5%", "said.”") in 20+ languages. Bylines, datelines
("KYIV (Reuters) -") and timestamps are not news and are skipped. A cut is always made at a
sentence or word boundary, never inside a word. Bulleted lines (related-story teasers that
some feeds put first) are not the lead either.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from bot.text.cut import cut

MAX_LEAD = 300
_SEGMENT_CHARS = 1200
_PYSBD_LANGUAGES = frozenset(
    "en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split()
)
_AGENCIES = r"AP|AFP|Reuters|Bloomberg|dpa|DPA|ANI|PTI|IANS|UPI|EFE|ANSA|Xinhua|TASS|Ukrinform"
_DATELINE = re.compile(
    rf"""^(?:
        [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .'’/-]{{1,40}}           # KYIV, NEW YORK, SAO PAULO
        (?:,\s*[A-Z][A-Za-z.]{{1,9}}\s+\d{{1,2}})?      # , Feb 17
        \s*(?:\((?:{_AGENCIES})\))?                     # (Reuters)
      | [^()\n]{{0,60}}\((?:{_AGENCIES})\)              # Kyiv, Ukraine (AP)
    )\s*[-–—:]+\s+""",
    re.VERBOSE,
)
_NOT_NEWS = re.compile(
    r"""^(?:
        [•▪◦·*►▶–-]\s.*                                    # bullets: related-story teasers
      | by\s+\S.{0,80}                                      # By Jane Doe, Reuters
      | (?:updated|published|posted|last\ updated)\b.{0,60}
      | (?:photo|image|video|file\ photo|credit)s?\s*:.{0,150}
      | [\d:.\s]+(?:am|pm|[ap]\.m\.|gmt|utc|ist|cet|et|bst)?\s*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


_INNER_STOP = re.compile(r"[.!?…。！？]")  # where a sentence might end, before the last character


@lru_cache(maxsize=32)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def _language(code: str | None) -> str:
    base = (code or "en").strip().lower().replace("_", "-").split("-")[0]
    return base if base in _PYSBD_LANGUAGES else "en"


def sentences(paragraph: str, language: str | None = None) -> list[str]:
    """The sentences of a paragraph (only its first ~1200 characters are needed for a lead)."""
    chunk = paragraph[:_SEGMENT_CHARS].strip()
    if not _INNER_STOP.search(chunk, 0, len(chunk) - 1):
        return [chunk] if chunk else []  # one sentence: nothing for pysbd to decide (fast)
    return [s.strip() for s in _segmenter(_language(language)).segment(chunk) if s.strip()]


def strip_dateline(paragraph: str) -> str:
    """Remove a leading dateline such as 'KYIV (Reuters) -' or 'WASHINGTON —'."""
    return _DATELINE.sub("", paragraph, count=1)


def lead(text: str, *, title: str = "", language: str | None = None, limit: int = MAX_LEAD) -> str:
    """The story's lead: one or two news sentences, at most ``limit`` characters."""
    folded_title = title.strip().casefold()
    picked: list[str] = []
    for paragraph in text.splitlines():
        paragraph = paragraph.strip()
        if not paragraph or _NOT_NEWS.match(paragraph):
            continue
        if picked or paragraph.casefold() != folded_title:
            for sentence in sentences(strip_dateline(paragraph), language):
                if not picked and sentence.casefold() == folded_title:
                    continue
                if not picked:
                    picked.append(sentence)
                    if len(sentence) >= limit * 0.55:
                        return cut(sentence, limit)
                    continue
                if len(picked[0]) + 1 + len(sentence) <= limit:
                    picked.append(sentence)
                return " ".join(picked)
    return cut(" ".join(picked), limit)

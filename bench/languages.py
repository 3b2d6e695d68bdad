"""How well each entry's language is told, on the real feeds (../shared/data/feeds).

Run from the repository root:  python -m bench.languages

Every entry of each feed is read without the language its feed declares (as an entry of a
page or a push that declares none would be): right (the feed's language), not sure (below
``ENTRY_CONFIDENCE``: read in the fallback language, as before languages were told), or
wrong (read in another language: the harmful case, its words would be stemmed by another
language's rules). Goal: no wrong reading. Also the time per entry and the memory the
detector adds.
"""

from __future__ import annotations

import resource
import time
from collections import Counter

from bench.common import SHARED_FEEDS
from bot.ingest.documents import ParseError
from bot.ingest.parser import ParsedFeed, parse_document
from bot.text import languages

EXPECTED = {
    "aif-ru": "ru", "al-monitor": "en", "aljazeera-all": "en", "bbc-news-world": "en",
    "bbc-urdu": "ur", "cbs-news-world": "en", "citydog-by": "ru", "dailymail-home": "en",
    "daring-fireball": "en", "dawn-world": "en", "dw-english": "en", "guardian-us": "en",
    "heise-developer": "de", "heise-online": "de", "ilmessaggero-mondo": "it",
    "influxdata-blog": "en", "jornal-de-noticias": "pt", "jsonfeed-org": "en",
    "mercopress": "en", "nbc-newyork": "en", "ndtv-world": "en", "nyt-world": "en",
    "oren-ru": "ru", "qq-news-china": "zh",
    "suspilne-ukrnet": "uk", "tpm-news": "en", "uol-noticias": "pt",
    "yandex-news-moscow": "ru",
}  # fmt: skip
"""Each feed's language (by its name in SOURCES.md), what a reading should say."""


def main() -> None:
    """Print, per feed and in all, how its entries are read."""
    if not SHARED_FEEDS.exists():
        raise SystemExit(f"benchmark input missing: {SHARED_FEEDS}")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    languages.entry_language("warm up the identifier with an English sentence of some length")
    added = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    totals: Counter[str] = Counter()
    spent, read = 0.0, 0
    print(f"{'feed':<24} {'lang':>4} {'entries':>7} {'right':>6} {'not sure':>8} {'wrong':>6}")
    for path in sorted(SHARED_FEEDS.iterdir()):
        name = path.name.split(".")[0]
        if name not in EXPECTED:
            continue
        try:
            document = parse_document(path.read_bytes(), url="https://x.example/",
                                      content_type="", kind="feed")  # fmt: skip
        except ParseError:  # the truncated Reuters file is broken on purpose
            continue
        if not isinstance(document, ParsedFeed):
            continue
        counts: Counter[str] = Counter()
        for entry in document.entries:
            start = time.perf_counter()
            got = languages.entry_language(f"{entry.title}\n{entry.text}")
            spent += time.perf_counter() - start
            read += 1
            counts[
                "right" if got == EXPECTED[name] else "not sure" if got is None else "wrong"
            ] += 1
        totals.update(counts)
        print(f"{name:<24} {EXPECTED[name]:>4} {sum(counts.values()):>7} {counts['right']:>6} "
              f"{counts['not sure']:>8} {counts['wrong']:>6}")  # fmt: skip
    total = sum(totals.values())
    print(f"{'all':<24} {'':>4} {total:>7} {totals['right']:>6} {totals['not sure']:>8} "
          f"{totals['wrong']:>6}")  # fmt: skip
    print(f"\nright {totals['right'] / total:.1%}, not sure {totals['not sure'] / total:.1%}, "
          f"wrong {totals['wrong'] / total:.1%} (goal: wrong 0 % of entries)")  # fmt: skip
    print(f"{spent / read * 1e6:.0f} µs per entry; identifier loaded: +{added:.0f} MiB peak")


if __name__ == "__main__":
    main()

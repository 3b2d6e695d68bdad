"""Places: gazetteer load time and memory, geotagging throughput.

Run from the repository root:  python -m bench.places

* load: reading the gazetteer (from its cache file; built first if missing) and building
  its automaton, in a fresh process (time, and peak resident memory of that process);
* geotagging: entries per second for 1 KB texts cut from the real feeds, against a baseline
  measured in the same run: finding the same gazetteer names with one regular expression
  per name would be hopeless, so the baseline is a per-word dictionary lookup of every
  one- to three-word sequence (what most hand-rolled taggers do).

Matching place subscriptions is measured by :mod:`bench.matching`.
"""

from __future__ import annotations

import subprocess
import sys

from bench.common import best_of, real_entries
from bot.geo.tagger import load_tagger
from bot.text.terms import fold

_LOAD = (
    "import resource, time; t = time.perf_counter();"
    "from bot.geo.tagger import load_tagger; load_tagger();"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
)


def load_figures() -> tuple[float, float]:
    """Seconds and peak MiB to build gazetteer and automaton, in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True)
    seconds, mib = out.stdout.split()
    return float(seconds), float(mib)


def naive_names(text: str, names: set[str]) -> list[str]:
    """Baseline tagger: look up every 1-3 word sequence of the folded text."""
    words = fold(text).split()
    return [
        " ".join(words[i : i + n])
        for i in range(len(words))
        for n in (1, 2, 3)
        if " ".join(words[i : i + n]).strip(".,;:!?\"'()") in names
    ]


def main() -> None:
    seconds, mib = load_figures()
    print(f"gazetteer + automaton load (fresh process): {seconds:.2f} s, peak RSS {mib:.0f} MiB")
    tagger = load_tagger()
    gazetteer = tagger.gazetteer
    print(f"  {len(gazetteer.places):,} places, {len(gazetteer.names):,} names")

    entries = real_entries()
    blob = "\n".join(f"{e.title}\n{e.text}" for e in entries)
    texts = [blob[i : i + 1024] for i in range(0, len(blob) - 1024, 1024)][:1500]
    tag_time = best_of(3, lambda: [tagger.places(t) for t in texts])
    names = set(gazetteer.names.sorted)
    naive_time = best_of(3, lambda: [naive_names(t, names) for t in texts])
    print(
        f"geotagging 1 KB texts: {len(texts) / tag_time:,.0f} entries/s with all rules "
        f"(baseline n-gram lookup without rules: {len(texts) / naive_time:,.0f}/s, "
        f"ratio {naive_time / tag_time:.2f}x)"
    )


if __name__ == "__main__":
    main()

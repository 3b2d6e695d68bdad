"""Places: gazetteer load time and memory, geotagging throughput, matching at 100k.

Run from the repository root:  python -m bench.places

* load: building the gazetteer and its automaton from the installed packages, in a fresh
  process (time, and peak resident memory of that process);
* geotagging: entries per second for 1 KB texts cut from the real feeds, against a baseline
  measured in the same run: finding the same gazetteer names with one regular expression
  per name would be hopeless, so the baseline is a per-word dictionary lookup of every
  one- to three-word sequence (what most hand-rolled taggers do);
* matching: 100,000 place subscriptions (cities with and without a radius, pins, countries),
  the place index against checking every subscription, on the places of real entries.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

from bench.common import best_of, real_entries
from bot.geo.distance import km_between
from bot.geo.gazetteer import PlaceKind
from bot.geo.tagger import load_tagger
from bot.match.places import PlaceIndex, point_key
from bot.match.text import fold
from bot.models import Subscription

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


def naive_names(text: str, names: dict[str, object]) -> list[str]:
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
    naive_time = best_of(3, lambda: [naive_names(t, gazetteer.names) for t in texts])
    print(
        f"geotagging 1 KB texts: {len(texts) / tag_time:,.0f} entries/s with all rules "
        f"(baseline n-gram lookup without rules: {len(texts) / naive_time:,.0f}/s, "
        f"ratio {naive_time / tag_time:.2f}x)"
    )

    rng = random.Random(5)
    cities = [p for p in gazetteer.places.values() if p.kind is PlaceKind.CITY]
    weights = [c.population for c in cities]
    index = PlaceIndex(gazetteer)
    subs: list[Subscription] = []
    start = time.perf_counter()
    for sub_id, city in enumerate(rng.choices(cities, weights, k=100_000)):
        roll = rng.random()
        if roll < 0.4:
            sub = Subscription(sub_id, sub_id, city.name, 0, city.key, 0.0)
        elif roll < 0.8:
            sub = Subscription(
                sub_id, sub_id, city.name, 0, city.key, rng.choice((25.0, 50, 100, 200))
            )
        elif roll < 0.95:
            sub = Subscription(sub_id, sub_id, "pin", 0, point_key(city.lat + 0.1, city.lon), 25.0)
        else:
            sub = Subscription(sub_id, sub_id, city.country, 0, f"country:{city.country}", 0.0)
        subs.append(sub)
        index.add(sub)
    build = time.perf_counter() - start
    tagged = [tagger.places(f"{e.title}\n{e.text}") for e in entries]
    tagged = [places for places in tagged if places]
    targets = {sub.id: index.target(sub) for sub in subs}

    def naive(places: list) -> int:
        found = 0
        for sub in subs:
            target = targets[sub.id]
            assert target is not None
            for place in places:
                if sub.place in (place.key, f"country:{place.country}") or (
                    sub.radius_km
                    and place.kind is PlaceKind.CITY
                    and km_between(target.lat, target.lon, place.lat, place.lon) <= sub.radius_km
                ):
                    found += 1
                    break
        return found

    sample = tagged[:20]
    for places in sample:
        assert len(index.match(places)) == naive(places)
    index_time = best_of(3, lambda: [index.match(p) for p in tagged])
    naive_time = best_of(1, lambda: [naive(p) for p in sample])
    index_rate, naive_rate = len(tagged) / index_time, len(sample) / naive_time
    matches = sum(len(index.match(p)) for p in tagged) / len(tagged)
    print(
        f"matching 100,000 place subscriptions (index built in {build:.1f} s): "
        f"{index_rate:,.0f} entries/s vs {naive_rate:,.1f} naive, {index_rate / naive_rate:,.0f}x; "
        f"{matches:.0f} subscriptions matched per entry on average"
    )


if __name__ == "__main__":
    main()

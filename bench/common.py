"""Shared helpers: real feed entries as benchmark input, and a small timing utility."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bot.ingest.parser import parse_feed
from bot.models import ParsedEntry

SHARED_FEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "feeds"


def real_entries() -> list[ParsedEntry]:
    """Every entry of every shared real feed (the benchmark needs ../shared/data/feeds)."""
    if not SHARED_FEEDS.exists():
        raise SystemExit(f"benchmark input missing: {SHARED_FEEDS} (the project's shared data)")
    found: list[ParsedEntry] = []
    for path in sorted(SHARED_FEEDS.iterdir()):
        if path.suffix == ".md" or "truncated" in path.name:
            continue
        found += parse_feed(path.read_bytes(), url="https://bench.example/").entries
    return found


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings of ``work``, in seconds (least disturbed by noise)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best

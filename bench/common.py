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


def first_items(name: str, count: int) -> bytes:
    """A real RSS feed of ../shared/data/feeds cut to its first ``count`` items."""
    body = (SHARED_FEEDS / name).read_bytes()
    head, _, items = body.partition(b"<item>")
    return head + b"<item>" + b"<item>".join(items.split(b"<item>")[:count]) + b"</channel></rss>"


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings of ``work``, in seconds (least disturbed by noise)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


Row = tuple[str, str, float, str]
"""One benchmark figure: what was measured, the goal, the figure, its unit and context."""


def table(rows: list[Row]) -> str:
    """The figures as one aligned text table: what | goal | measured | unit."""
    width = max(len(what) for what, *_ in rows)
    goal_width = max(len("goal"), *(len(goal) for _, goal, *_ in rows))
    lines = [f"{'what':<{width}} | {'goal':>{goal_width}} | {'measured':>10} | unit"]
    for what, goal, value, unit in rows:
        figure = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
        lines.append(f"{what:<{width}} | {goal:>{goal_width}} | {figure:>10} | {unit}")
    return "\n".join(lines)

"""Prometheus metrics (prometheus-client), served at ``/metrics`` when ``metrics.enabled``.

Counters and histograms are updated where things happen (a fetch, an ingest, a send); the
figures that live elsewhere — queue depth, subscriptions, chats, the send and 429 counters
the sender and the limiter keep for /stats — are read when Prometheus scrapes, so there is
one source of truth for each. Every bot has its own registry (tests run several in one
process).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
LAG_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)


@dataclass
class Snapshot:
    """The figures read at scrape time (see :class:`_Scraped`)."""

    outbox: dict[str, int]
    subscriptions: int
    chats_active: int
    chats_inactive: int
    sent: dict[str, int]
    retry_after: dict[str, int]


class _Scraped(Collector):
    """Yields the last snapshot taken for a scrape."""

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None

    def collect(self) -> Iterator[Metric]:
        snap = self.snapshot
        if snap is None:
            return
        outbox = GaugeMetricFamily(
            "livebot_outbox_depth", "Messages queued, by state", labels=["state"]
        )
        for state in ("pending", "inflight"):
            outbox.add_metric([state], snap.outbox.get(state, 0))
        yield outbox
        yield GaugeMetricFamily(
            "livebot_subscriptions", "Topics and places followed", value=snap.subscriptions
        )
        chats = GaugeMetricFamily("livebot_chats", "Chats, by state", labels=["state"])
        chats.add_metric(["active"], snap.chats_active)
        chats.add_metric(["inactive"], snap.chats_inactive)
        yield chats
        sent = CounterMetricFamily(
            "livebot_messages", "Messages sent to Telegram, by outcome", labels=["outcome"]
        )
        for outcome, count in snap.sent.items():
            sent.add_metric([outcome], count)
        yield sent
        refused = CounterMetricFamily(
            "livebot_retry_after", "429 answers from Telegram, by scope", labels=["scope"]
        )
        for scope, count in snap.retry_after.items():
            refused.add_metric([scope], count)
        yield refused


class Metrics:
    """The bot's instruments and its registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._scraped = _Scraped()
        self.registry.register(self._scraped)
        self.fetches = Counter(
            "livebot_fetches", "Source fetches, by source and result",
            ["source", "result"], registry=self.registry,
        )  # fmt: skip
        self.fetch_seconds = Histogram(
            "livebot_fetch_duration_seconds", "Time to fetch and parse a source",
            registry=self.registry,
        )  # fmt: skip
        self.ingested = Counter(
            "livebot_entries_ingested", "New entries stored, by source", ["source"],
            registry=self.registry,
        )  # fmt: skip
        self.queued = Counter(
            "livebot_alerts_queued", "Alerts queued for chats", registry=self.registry
        )
        self.repaired = Counter(
            "livebot_outbox_repaired",
            "Chats found with queued messages but no due time, made due again (should stay 0)",
            registry=self.registry,
        )
        self.latency = Histogram(
            "livebot_alert_latency_seconds",
            "From an entry's publication (or ingest, if it has no date) to Telegram's "
            "confirmation of its alert",
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.loop_lag = Histogram(
            "livebot_event_loop_lag_seconds", "How late a 0.5 s timer fires",
            buckets=LAG_BUCKETS, registry=self.registry,
        )  # fmt: skip

    def render(self, snapshot: Snapshot) -> bytes:
        """The exposition text, with the scrape-time figures of ``snapshot``."""
        self._scraped.snapshot = snapshot
        return generate_latest(self.registry)

    async def watch_loop(self, interval: float = 0.5) -> None:
        """Measure event-loop lag until cancelled: how much later than asked a sleep ends."""
        with contextlib.suppress(asyncio.CancelledError):
            while True:
                started = time.perf_counter()
                await asyncio.sleep(interval)
                self.loop_lag.observe(max(0.0, time.perf_counter() - started - interval))

    def timer(self) -> Callable[[], None]:
        """Start timing a fetch; call the result to record it."""
        started = time.perf_counter()
        return lambda: self.fetch_seconds.observe(time.perf_counter() - started)

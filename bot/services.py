"""The long-lived objects the bot runs on, created once at start-up and closed at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field

import httpx
from aiohttp import web as web_types
from telegram.ext import ExtBot

from bot import health
from bot.config import Settings, SourceSettings, StorageSettings
from bot.delivery.limiter import FloodLimiter, Lane
from bot.delivery.notices import SourceNotices
from bot.delivery.sender import Sender
from bot.delivery.worker import DeliveryWorker
from bot.geo.gazetteer import load as load_gazetteer
from bot.geo.tagger import load_tagger
from bot.health import WriteHealth
from bot.ingest.fetcher import make_client
from bot.ingest.push import PushServer
from bot.ingest.refresh import Refresher
from bot.ingest.scheduler import PollScheduler
from bot.match.stories import StoryIndex
from bot.metrics import CONTENT_TYPE, Metrics, Snapshot
from bot.models import SourceState
from bot.store import chats, entries, errors, outbox, sources, subscriptions
from bot.store.db import FAILURES, Database
from bot.store.lock import InstanceLock
from bot.subscribers import Subscribers
from bot.web import Handler, WebServer
from bot.webhook import path_of

log = logging.getLogger(__name__)


def user_source(name: str, url: str, settings: Settings) -> SourceSettings:
    """How a source a person follows is polled: auto-detected, every
    ``user_sources.interval``."""
    return SourceSettings(name=name, url=url, interval=settings.user_sources.interval)


def operator_source(state: SourceState, settings: Settings) -> SourceSettings:
    """How a source an operator added at runtime is polled: auto-detected, every interval
    given with /addsource (else the default of ``[[sources]]``)."""
    interval = state.interval or SourceSettings.model_fields["interval"].default
    return SourceSettings(name=state.name, url=state.url, interval=interval)


@dataclass
class Services:
    """Everything handlers and jobs need, reached through the typed context."""

    settings: Settings
    db: Database
    lock: InstanceLock | None
    http: httpx.AsyncClient
    subscribers: Subscribers
    refresher: Refresher
    scheduler: PollScheduler
    sender: Sender
    worker: DeliveryWorker
    limiter: FloodLimiter
    writes: WriteHealth
    stories: StoryIndex
    notices: SourceNotices
    sources: dict[int, SourceSettings] = field(default_factory=dict)
    web: WebServer | None = None
    metrics: Metrics | None = None
    started_at: float = field(default_factory=time.time)
    _warming: asyncio.Task[None] | None = None
    _watching: asyncio.Task[None] | None = None

    @staticmethod
    async def open_store(
        storage: StorageSettings, standby: asyncio.Event | None = None
    ) -> tuple[InstanceLock | None, Database] | None:
        """Take the database (one instance per database) and open it; raises StoreError
        (one line for the operator) when it cannot be used. Done before anything else
        starts. A SQLite file is held by a lock file beside it; a PostgreSQL database by a
        session advisory lock on the store's writer connection (gone with the process).
        With ``standby`` (PostgreSQL), a database another process holds is waited for, to
        take over when that one stops; None if ``standby`` is set first."""
        if storage.postgres:
            db = await Database.take(storage.url, standby)
            return None if db is None else (None, db)
        path = storage.database
        errors.check_path(path)
        lock = InstanceLock.acquire(path)
        try:
            return lock, await Database.open(path)
        except BaseException:
            lock.release()
            raise

    @classmethod
    async def start(
        cls,
        settings: Settings,
        bot: ExtBot[Lane],
        limiter: FloodLimiter,
        store: tuple[InstanceLock | None, Database],
        webhook: Handler | None = None,
    ) -> Services:
        """Open the gazetteer, load recent stories and sync sources; subscriptions, the
        tagger, delivery, pushes and polling follow in :meth:`start_background`."""
        path = settings.storage.database
        lock, db = store
        gazetteer = None
        if settings.places.enabled:
            gazetteer = await asyncio.to_thread(load_gazetteer, settings.places.min_population)
        subscribers = Subscribers(
            db,
            language=settings.matching.language,
            per_chat_limit=settings.limits.subscriptions_per_chat,
            gazetteer=gazetteer,
        )
        http = make_client(
            timeout=settings.ingest.timeout,
            user_agent=settings.ingest.user_agent,
            allow_private=settings.ingest.allow_private_addresses,
            allowed=settings.ingest.allow_networks,
        )
        metrics = Metrics() if settings.metrics.enabled else None
        sender = Sender(
            bot,
            db,
            subscribers,
            max_attempts=settings.delivery.max_attempts,
            paid_broadcast=settings.delivery.paid_broadcast,
            metrics=metrics,
        )
        stories = StoryIndex(
            threshold=settings.stories.threshold,
            window=settings.stories.window,
            max_open=settings.stories.max_open,
        )
        stories.load(await entries.recent_stories(db, time.time() - settings.stories.window))
        worker = DeliveryWorker(
            db,
            sender,
            concurrency=settings.delivery.concurrency,
            burst=settings.delivery.chat_burst,
            window=settings.delivery.burst_window,
        )
        writes = WriteHealth(on_change=lambda: health.beat(path, writes))
        notices = SourceNotices(bot, subscribers)
        refresher = Refresher(
            db,
            http,
            subscribers,
            settings.ingest,
            retention=settings.storage.retention_days * 86400.0,
            language=settings.matching.language,
            tagger=None,  # built in the background (see start_background)
            stories=stories,
            writes=writes,
            on_alerts=worker.wake,
            warming=True,
            metrics=metrics,
            dead_after=settings.user_sources.dead_after,
            on_health=notices,
        )
        states = await sources.sync(db, settings.sources)
        by_url = {source.key: source for source in settings.sources}
        configured = {state.id: by_url[state.url] for state in states}
        polled = {sid: source for sid, source in configured.items() if source.kind != "push"}
        for state in await sources.followed_user_sources(db):
            polled[state.id] = user_source(state.name, state.url, settings)
        for state in await sources.operator_sources(db):
            polled[state.id] = operator_source(state, settings)
        services = cls(
            settings=settings,
            db=db,
            lock=lock,
            http=http,
            subscribers=subscribers,
            refresher=refresher,
            scheduler=PollScheduler(db, refresher, polled, settings.ingest),
            sender=sender,
            worker=worker,
            limiter=limiter,
            writes=writes,
            stories=stories,
            notices=notices,
            sources=configured,
            metrics=metrics,
        )
        services.watch_follows()
        if settings.push.enabled or metrics is not None or webhook is not None:
            await services._serve(webhook)
        log.info(
            "database %s: %d sources enabled, %d recent stories",
            path, len(states), len(stories),
        )  # fmt: skip
        return services

    def polled_as(self, state: SourceState) -> SourceSettings:
        """How a source is polled: as configured, as an operator added it, or as a link
        people follow."""
        if state.origin == "config" and state.id in self.sources:
            return self.sources[state.id]
        if state.origin == "user":
            return user_source(state.name, state.url, self.settings)
        return operator_source(state, self.settings)

    def watch_follows(self) -> None:
        """Stop polling a person's source once its last follower leaves."""

        def unfollowed(source_id: int) -> None:
            async def stop() -> None:
                if await sources.stop_if_unfollowed(self.db, source_id):
                    self.scheduler.remove(source_id)
                    log.info("source %s: nobody follows it any more; not polled", source_id)

            asyncio.get_running_loop().create_task(stop(), name=f"unfollowed:{source_id}")

        self.subscribers.on_unfollowed = unfollowed

    async def _serve(self, webhook: Handler | None) -> None:
        """Start the HTTP server: Telegram's webhook, pushes (taken at once; storing them
        waits for the warm-up), and metrics."""
        settings = self.settings
        web = WebServer(settings.push)
        if webhook is not None and settings.telegram.webhook_url:
            web.add("POST", path_of(settings.telegram.webhook_url), webhook)
        if settings.push.enabled:
            push = PushServer(
                settings.push,
                self.db,
                self.refresher,
                {
                    source.name: (sid, source.token_sha256)
                    for sid, source in self.sources.items()
                    if source.kind == "push" and source.token_sha256 is not None
                },
            )
            web.add("POST", "/ingest", push.handle)
        if self.metrics is not None:
            web.add("GET", "/metrics", self._metrics_page)
        await web.start()
        self.web = web

    async def _metrics_page(self, _request: web_types.Request) -> web_types.Response:
        """``GET /metrics``: the Prometheus exposition, with the queue and counts read now."""
        assert self.metrics is not None
        active, inactive = await chats.counts(self.db)
        stats, limits = self.sender.stats, self.limiter.stats
        snapshot = Snapshot(
            outbox=await outbox.counts(self.db),
            subscriptions=await subscriptions.count(self.db),
            chats_active=active,
            chats_inactive=inactive,
            sent={
                "sent": stats.sent, "postponed": stats.postponed, "failed": stats.failed,
                "chat_gone": stats.chats_gone, "migrated": stats.migrated,
            },
            retry_after={"chat": limits.retry_after_chat, "global": limits.retry_after_global},
        )  # fmt: skip
        return web_types.Response(
            body=self.metrics.render(snapshot), headers={"Content-Type": CONTENT_TYPE}
        )

    def start_background(self) -> None:
        """Once the Application answers people: load the subscriptions and build the
        place tagger in the background, then start delivery and polling, and let ingest
        (polls and pushes) store and match."""
        self._warming = asyncio.create_task(self._warm_up(), name="warm-up")
        if self.metrics is not None:
            self._watching = asyncio.create_task(self.metrics.watch_loop(), name="loop-lag")

    async def _warm_up(self) -> None:
        started = time.perf_counter()
        try:
            loaded = await self.subscribers.load()
        except FAILURES as exc:
            log.error("cannot load subscriptions from %s: %s; not delivering or polling",
                      self.db.where, exc)  # fmt: skip
            return
        tagger = None
        if self.subscribers.gazetteer is not None:
            # The process's one tagger for this gazetteer (built once: about a second).
            tagger = await asyncio.to_thread(load_tagger, self.settings.places.min_population)
        self.refresher.warmed(tagger)
        await self.worker.start()
        self.scheduler.start()
        log.info(
            "%d subscriptions loaded in %.1f s; delivering and polling",
            loaded, time.perf_counter() - started,
        )  # fmt: skip

    async def close(self) -> None:
        """Stop taking pushes, stop polling and delivery, then release the HTTP client, the
        database and its lock."""
        for task in (self._warming, self._watching):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.web is not None:
            await self.web.stop()
        await self.scheduler.stop()
        await self.notices.stop()
        await self.worker.stop()
        await self.http.aclose()
        await self.db.close()
        if self.lock is not None:
            self.lock.release()

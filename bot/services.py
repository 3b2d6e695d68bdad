"""The long-lived objects the bot runs on, created once at start-up and closed at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from telegram.ext import ExtBot

from bot import health
from bot.config import Settings, SourceSettings
from bot.delivery.limiter import FloodLimiter, Lane
from bot.delivery.sender import Sender
from bot.delivery.worker import DeliveryWorker
from bot.geo.gazetteer import load as load_gazetteer
from bot.geo.tagger import Tagger
from bot.health import WriteHealth
from bot.ingest.fetcher import make_client
from bot.ingest.push import PushServer
from bot.ingest.refresh import Refresher
from bot.ingest.scheduler import PollScheduler
from bot.match.stories import StoryIndex
from bot.store import entries, errors, sources
from bot.store.db import Database
from bot.store.lock import InstanceLock
from bot.subscribers import Subscribers

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything handlers and jobs need, reached through the typed context."""

    settings: Settings
    db: Database
    lock: InstanceLock
    http: httpx.AsyncClient
    subscribers: Subscribers
    refresher: Refresher
    scheduler: PollScheduler
    sender: Sender
    worker: DeliveryWorker
    limiter: FloodLimiter
    writes: WriteHealth
    stories: StoryIndex
    sources: dict[int, SourceSettings] = field(default_factory=dict)
    push: PushServer | None = None
    started_at: float = field(default_factory=time.time)
    _warming: asyncio.Task[None] | None = None

    @staticmethod
    async def open_store(path: Path) -> tuple[InstanceLock, Database]:
        """Take the database (one instance per file) and open it; raises StoreError (one
        line for the operator) when it cannot be used. Done before anything else starts."""
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
        store: tuple[InstanceLock, Database],
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
        sender = Sender(
            bot,
            db,
            subscribers,
            max_attempts=settings.delivery.max_attempts,
            paid_broadcast=settings.delivery.paid_broadcast,
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
        )
        states = await sources.sync(db, settings.sources)
        by_url = {source.key: source for source in settings.sources}
        configured = {state.id: by_url[state.url] for state in states}
        polled = {sid: source for sid, source in configured.items() if source.kind != "push"}
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
            sources=configured,
        )
        if settings.push.enabled:  # pushes are taken at once; storing them waits for warm-up
            services.push = PushServer(
                settings.push,
                db,
                refresher,
                {
                    source.name: (sid, source.token_sha256)
                    for sid, source in configured.items()
                    if source.kind == "push" and source.token_sha256 is not None
                },
            )
            await services.push.start()
        log.info(
            "database %s: %d sources enabled, %d recent stories",
            path, len(states), len(stories),
        )  # fmt: skip
        return services

    def start_background(self) -> None:
        """Once the Application answers people: load the subscriptions and build the
        place tagger in the background, then start delivery and polling, and let ingest
        (polls and pushes) store and match."""
        self._warming = asyncio.create_task(self._warm_up(), name="warm-up")

    async def _warm_up(self) -> None:
        started = time.perf_counter()
        try:
            loaded = await self.subscribers.load()
        except (sqlite3.Error, OSError) as exc:
            log.error("cannot load subscriptions from %s: %s; not delivering or polling",
                      self.db.path, exc)  # fmt: skip
            return
        tagger = None
        if self.subscribers.gazetteer is not None:
            tagger = await asyncio.to_thread(Tagger, self.subscribers.gazetteer)
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
        if self._warming is not None:
            self._warming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._warming
        if self.push is not None:
            await self.push.stop()
        await self.scheduler.stop()
        await self.worker.stop()
        await self.http.aclose()
        await self.db.close()
        self.lock.release()

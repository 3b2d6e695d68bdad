"""The long-lived objects the bot runs on, created once at start-up and closed at shutdown."""

from __future__ import annotations

import asyncio
import logging
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
from bot.geo.tagger import load_tagger
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
        """Load subscriptions and recent stories, sync sources, then start delivery and the
        push endpoint (polling starts with :meth:`start_polling`)."""
        path = settings.storage.database
        lock, db = store
        tagger = None
        if settings.places.enabled:
            tagger = await asyncio.to_thread(load_tagger, settings.places.min_population)
        subscribers = Subscribers(
            db,
            language=settings.matching.language,
            per_chat_limit=settings.limits.subscriptions_per_chat,
            gazetteer=tagger.gazetteer if tagger else None,
        )
        loaded = await subscribers.load()
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
            tagger=tagger,
            stories=stories,
            writes=writes,
            on_alerts=worker.wake,
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
        await worker.start()
        if settings.push.enabled:
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
            "database %s: %d subscriptions loaded, %d sources enabled, %d recent stories",
            path, loaded, len(states), len(stories),
        )  # fmt: skip
        return services

    def start_polling(self) -> None:
        """Start polling sources (after the Application is running)."""
        self.scheduler.start()

    async def close(self) -> None:
        """Stop taking pushes, stop polling and delivery, then release the HTTP client, the
        database and its lock."""
        if self.push is not None:
            await self.push.stop()
        await self.scheduler.stop()
        await self.worker.stop()
        await self.http.aclose()
        await self.db.close()
        self.lock.release()

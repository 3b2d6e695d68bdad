"""The long-lived objects the bot runs on, created once at start-up and closed at shutdown."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

import httpx
from telegram.ext import ExtBot

from bot.config import Settings, SourceSettings
from bot.delivery.limiter import FloodLimiter, Lane
from bot.delivery.sender import Sender
from bot.delivery.worker import DeliveryWorker
from bot.geo.tagger import load_tagger
from bot.ingest.fetcher import make_client
from bot.ingest.push import PushServer
from bot.ingest.refresh import Refresher
from bot.match.stories import StoryClusters
from bot.store import entries, sources
from bot.store.db import Database
from bot.subscribers import Subscribers

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything handlers and jobs need, reached through the typed context."""

    settings: Settings
    db: Database
    http: httpx.AsyncClient
    subscribers: Subscribers
    refresher: Refresher
    sender: Sender
    worker: DeliveryWorker
    limiter: FloodLimiter
    sources: dict[int, SourceSettings] = field(default_factory=dict)
    push: PushServer | None = None
    started_at: float = field(default_factory=time.time)

    @classmethod
    async def start(cls, settings: Settings, bot: ExtBot[Lane], limiter: FloodLimiter) -> Services:
        """Open the database, load subscriptions, sync sources and start delivery."""
        tagger = None
        if settings.places.enabled:
            tagger = await asyncio.to_thread(load_tagger, settings.places.min_population)
        db = await Database.open(settings.storage.database)
        subscribers = Subscribers(
            db,
            language=settings.matching.language,
            per_chat_limit=settings.limits.subscriptions_per_chat,
            gazetteer=tagger.gazetteer if tagger else None,
        )
        loaded = await subscribers.load()
        http = make_client(timeout=settings.ingest.timeout, user_agent=settings.ingest.user_agent)
        sender = Sender(
            bot,
            db,
            subscribers,
            max_attempts=settings.delivery.max_attempts,
            paid_broadcast=settings.delivery.paid_broadcast,
        )
        stories = StoryClusters(
            threshold=settings.stories.threshold, window=settings.stories.window
        )
        stories.load(await entries.recent_stories(db, time.time() - settings.stories.window))
        worker = DeliveryWorker(
            db,
            sender,
            concurrency=settings.delivery.concurrency,
            burst=settings.delivery.chat_burst,
            window=settings.delivery.burst_window,
        )
        refresher = Refresher(
            db,
            http,
            subscribers,
            settings.ingest,
            language=settings.matching.language,
            tagger=tagger,
            stories=stories,
            on_alerts=worker.wake,
        )
        states = await sources.sync(db, settings.sources)
        by_url = {source.key: source for source in settings.sources}
        services = cls(
            settings=settings,
            db=db,
            http=http,
            subscribers=subscribers,
            refresher=refresher,
            sender=sender,
            worker=worker,
            limiter=limiter,
            sources={state.id: by_url[state.url] for state in states},
        )
        await worker.start()
        if settings.push.enabled:
            services.push = PushServer(
                settings.push,
                db,
                refresher,
                {source.name: sid for sid, source in services.sources.items()},
            )
            await services.push.start()
        log.info(
            "database %s: %d subscriptions loaded, %d sources enabled",
            settings.storage.database, loaded, len(states),
        )  # fmt: skip
        return services

    async def close(self) -> None:
        """Stop taking pushes, stop delivery, then release the HTTP client and the database."""
        if self.push is not None:
            await self.push.stop()
        await self.worker.stop()
        await self.http.aclose()
        await self.db.close()

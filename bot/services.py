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
from bot.delivery.notices import SourceNotices
from bot.delivery.sender import Sender
from bot.delivery.worker import DeliveryWorker
from bot.geo.gazetteer import load as load_gazetteer
from bot.geo.tagger import load_tagger
from bot.health import WriteHealth
from bot.ingest.fetcher import make_client
from bot.ingest.polled import operator_source, polled_as, user_source
from bot.ingest.push import PushServer
from bot.ingest.refresh import Refresher
from bot.ingest.scheduler import PollScheduler
from bot.match.stories import StoryIndex
from bot.metrics import CONTENT_TYPE, Metrics, Snapshot
from bot.models import Role, SourceState
from bot.roles import Lease
from bot.store import chats, entries, errors, outbox, sources, subscriptions, workers
from bot.store.db import FAILURES, Database
from bot.store.lock import InstanceLock
from bot.subscribers import Subscribers
from bot.telegram.limiter import FloodLimiter, Lane
from bot.telegram.webhook import path_of
from bot.web.server import Handler, WebServer

log = logging.getLogger(__name__)

_DOING: dict[Role, str] = {
    "all": "delivering and polling",
    "updates": "answering people",
    "ingest": "polling",
    "deliver": "delivering",
}


@dataclass
class Services:
    """Everything handlers and jobs need, reached through the typed context."""

    settings: Settings
    db: Database
    lock: InstanceLock | None
    http: httpx.AsyncClient
    people_http: httpx.AsyncClient  # for the links people bring (its own address guard)
    subscribers: Subscribers
    refresher: Refresher
    scheduler: PollScheduler
    sender: Sender
    worker: DeliveryWorker
    limiter: FloodLimiter
    writes: WriteHealth
    stories: StoryIndex
    notices: SourceNotices
    lease: Lease
    sources: dict[int, SourceSettings] = field(default_factory=dict)
    web: WebServer | None = None
    metrics: Metrics | None = None
    started_at: float = field(default_factory=time.time)
    _warming: asyncio.Task[None] | None = None
    _watching: asyncio.Task[None] | None = None
    _hearing: asyncio.Task[None] | None = None

    @staticmethod
    async def open_store(
        storage: StorageSettings, standby: asyncio.Event | None = None, role: Role = "all"
    ) -> tuple[InstanceLock | None, Database] | None:
        """Take the database (one instance per database) and open it; raises StoreError
        (one line for the operator) when it cannot be used. Done before anything else
        starts. A SQLite file is held by a lock file beside it; a PostgreSQL database by a
        session advisory lock on the store's writer connection (gone with the process),
        shared by processes of single roles (see :mod:`bot.roles`). With ``standby``
        (PostgreSQL), a database another process holds is waited for, to take over when
        that one stops; None if ``standby`` is set first."""
        if storage.postgres:
            db = await Database.take(storage.url, standby, role)
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
        role: Role = "all",
    ) -> Services:
        """Register this process (its lease), open the gazetteer, load recent stories and
        sync sources; subscriptions, the tagger, delivery, pushes and polling follow in
        :meth:`start_background`, as far as ``role`` does them."""
        rate = settings.delivery.global_rate
        _, db = store
        lease = await Lease.take(db, role, limiter, rate)
        try:
            return await cls._build(settings, bot, limiter, store, webhook, lease)
        except BaseException:
            await lease.stop()
            raise

    @classmethod
    async def _build(
        cls,
        settings: Settings,
        bot: ExtBot[Lane],
        limiter: FloodLimiter,
        store: tuple[InstanceLock | None, Database],
        webhook: Handler | None,
        lease: Lease,
    ) -> Services:
        path = settings.storage.database
        lock, db = store
        role = lease.role
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
        people = settings.user_sources
        people_http = make_client(  # links people bring: public addresses only (see config)
            timeout=settings.ingest.timeout,
            user_agent=settings.ingest.user_agent,
            allow_private=people.allow_private_addresses,
            allowed=people.allow_networks,
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
            quiet=settings.stories.quiet,
            max_open=settings.stories.max_open,
        )
        # Processes of the ingest role learn what the others stored after this id.
        shared_after = await entries.newest_id(db) if role == "ingest" else None
        if role in ("all", "ingest"):  # only ingest assigns stories
            since = time.time() - settings.stories.window
            stories.load(await entries.recent_stories(db, since))
        writes = WriteHealth(on_change=lambda: health.beat(path, writes, role=role))
        worker = DeliveryWorker(
            db,
            sender,
            worker=lease.worker,
            concurrency=settings.delivery.concurrency,
            burst=settings.delivery.chat_burst,
            window=settings.delivery.burst_window,
            alone=role == "all",
            metrics=metrics,
            writes=writes,
        )
        notices = SourceNotices(bot, subscribers)
        refresher = Refresher(
            db,
            http,
            people_http,
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
            shared_after=shared_after,
            countries={s.key: s.country for s in settings.sources if s.country is not None},
        )
        states = await sources.sync(db, settings.sources)
        by_url = {source.key: source for source in settings.sources}
        configured = {state.id: by_url[state.url] for state in states}
        polled = {sid: source for sid, source in configured.items() if source.kind != "push"}
        for state in await sources.followed_user_sources(db):
            polled[state.id] = user_source(state.name, state.url, settings.user_sources.interval)
        for state in await sources.operator_sources(db):
            polled[state.id] = operator_source(state, settings)

        async def lookup(source_id: int) -> SourceSettings | None:
            state = await sources.get(db, source_id)
            return None if state is None else polled_as(state, configured, settings)

        services = cls(
            settings=settings,
            db=db,
            lock=lock,
            http=http,
            people_http=people_http,
            subscribers=subscribers,
            refresher=refresher,
            scheduler=PollScheduler(
                db,
                refresher,
                polled,
                settings.ingest,
                worker=lease.worker,
                alone=role == "all",
                lookup=lookup,
            ),
            sender=sender,
            worker=worker,
            limiter=limiter,
            writes=writes,
            stories=stories,
            notices=notices,
            sources=configured,
            metrics=metrics,
            lease=lease,
        )
        services.watch_follows()
        pushes = settings.push.enabled and role in ("all", "ingest")
        if pushes or metrics is not None or webhook is not None:
            await services._serve(webhook, pushes=pushes)
        log.info(
            "database %s: %d sources enabled, %d recent stories",
            path, len(states), len(stories),
        )  # fmt: skip
        return services

    def polled_as(self, state: SourceState) -> SourceSettings:
        """How a source is polled: as configured, as an operator added it, or as a link
        people follow."""
        return polled_as(state, self.sources, self.settings)

    def watch_follows(self) -> None:
        """Stop polling a person's source once its last follower leaves."""

        def unfollowed(source_id: int) -> None:
            async def stop() -> None:
                if await sources.stop_if_unfollowed(self.db, source_id):
                    self.scheduler.remove(source_id)
                    log.info("source %s: nobody follows it any more; not polled", source_id)

            asyncio.get_running_loop().create_task(stop(), name=f"unfollowed:{source_id}")

        self.subscribers.on_unfollowed = unfollowed

    async def _serve(self, webhook: Handler | None, *, pushes: bool) -> None:
        """Start the HTTP server: Telegram's webhook, pushes (taken at once; storing them
        waits for the warm-up), and metrics."""
        settings = self.settings
        web = WebServer(settings.push)
        if webhook is not None and settings.telegram.webhook_url:
            web.add("POST", path_of(settings.telegram.webhook_url), webhook)
        if pushes:
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
        place tagger in the background, then start delivery and polling (as far as this
        process's role does them), and let ingest (polls and pushes) store and match."""
        self._warming = asyncio.create_task(self._warm_up(), name="warm-up")
        if self.metrics is not None:
            self._watching = asyncio.create_task(self.metrics.watch_loop(), name="loop-lag")

    async def _warm_up(self) -> None:
        started = time.perf_counter()
        role = self.lease.role
        try:
            if role != "all":  # first: changes made while loading are applied after it
                await self._hear_others()
            loaded = await self.subscribers.load()
        except FAILURES as exc:
            log.error("cannot load subscriptions from %s: %s; not delivering or polling",
                      self.db.where, exc)  # fmt: skip
            return
        if role in ("all", "ingest"):
            tagger = None
            if self.subscribers.gazetteer is not None:
                # The process's one tagger for this gazetteer (built once: about a second).
                tagger = await asyncio.to_thread(load_tagger, self.settings.places.min_population)
            self.refresher.warmed(tagger)
            self.scheduler.start()
        if role in ("all", "deliver"):
            await self.worker.start()
        log.info(
            "%d subscriptions loaded in %.1f s; %s",
            loaded, time.perf_counter() - started, _DOING[role],
        )  # fmt: skip

    async def _hear_others(self) -> None:
        """Follow what the other processes commit: a chat's subscriptions changed (the
        indexes read it again), alerts were queued (delivery looks now)."""
        heard: asyncio.Queue[str] = asyncio.Queue()
        await self.db.listen(heard.put_nowait)

        async def follow() -> None:
            while True:
                kind, _, value = (await heard.get()).partition(":")
                if kind == "outbox":
                    self.worker.wake()
                elif kind == workers.DEMAND:
                    self.lease.wake()
                elif kind == "chat" and value.lstrip("-").isascii() and value.lstrip("-").isdigit():
                    while True:  # in order: a later notice waits for this one
                        try:
                            await self.subscribers.resync(int(value))
                            break
                        except FAILURES as exc:
                            log.warning("cannot read chat %s again: %s; retrying in 1 s",
                                        value, exc)  # fmt: skip
                            await asyncio.sleep(1.0)

        self._hearing = asyncio.create_task(follow(), name="hearing")

    async def close(self) -> None:
        """Stop taking pushes, stop polling and delivery, then release the HTTP client, the
        database and its lock."""
        for task in (self._warming, self._watching, self._hearing):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.web is not None:
            await self.web.stop()
        await self.scheduler.stop()
        await self.notices.stop()
        await self.worker.stop()
        await self.lease.stop()
        await self.http.aclose()
        await self.people_http.aclose()
        await self.db.close()
        # A bot that stopped is not healthy, whatever its last beat said a moment ago.
        health.heartbeat_path(self.settings.storage.database, self.lease.role).unlink(
            missing_ok=True
        )
        if self.lock is not None:
            self.lock.release()

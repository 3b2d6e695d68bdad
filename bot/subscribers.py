"""Who follows what: the subscriptions in the database and the in-memory indexes kept in step.

Handlers and delivery change subscriptions and chat states only through this class. Every
change is one transaction, and the indexes change after it commits (``after_commit``), so
matching, which runs inside the ingest transaction, always sees what the database says: a
blocked chat leaves the indexes, a chat that comes back is loaded again, a migrated group is
re-keyed. Topics go to the topic index, places (when the gazetteer is loaded) to the place
index.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

from bot.geo.gazetteer import Gazetteer
from bot.match.index import TopicIndex
from bot.match.matches import Matches, Members, Rows, ints
from bot.match.places import PlaceIndex, satisfies
from bot.match.query import Document, Query, QueryError, parse_query, reading
from bot.models import ChatKind, Entry, Subscription
from bot.store import chats, sources, subscriptions
from bot.store.db import Database, Transaction

log = logging.getLogger(__name__)


@lru_cache(maxsize=65_536)
def _parsed(text: str, language: str) -> Query:
    """Topics are shared (many people follow "ukraine"): each text is parsed once."""
    return parse_query(text, language)


class Subscribers:
    """Subscriptions, chat states and the matching indexes, behind one interface."""

    def __init__(
        self,
        db: Database,
        *,
        language: str,
        per_chat_limit: int,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self._db = db
        self._language = language
        self._per_chat_limit = per_chat_limit
        self.gazetteer = gazetteer
        self.index = TopicIndex()
        self.places = PlaceIndex(gazetteer) if gazetteer is not None else None
        self.members = Members()
        self.follows: dict[int, dict[int, Subscription]] = {}  # source id -> its followers
        self._follow_ids: dict[int, int] = {}  # subscription id -> followed source id
        self._filters: dict[int, Callable[[Entry, Document], bool]] = {}  # filtered follows
        self.on_unfollowed: Callable[[int], None] | None = None  # a source lost its last follower
        self._lock = threading.Lock()  # matching runs in a thread; index changes wait for it
        self._deferred: list[Callable[[], None]] | None = None  # changes made while loading
        self.loaded = asyncio.Event()
        self._known_active: set[int] = set()

    def _index(self, subscription: Subscription) -> None:
        if subscription.source_id is not None:
            self.follows.setdefault(subscription.source_id, {})[subscription.id] = subscription
            self._follow_ids[subscription.id] = subscription.source_id
            passes = self._filter_of(subscription)
            if passes is not None:
                self._filters[subscription.id] = passes
        elif subscription.place is None:
            self.index.add(subscription, self.parse(subscription.query))
        elif self.places is not None:
            self.places.add(subscription)

    def passes(self, follow: Subscription) -> Callable[[Entry], bool]:
        """Whether a stored entry of the followed source passes the follow's filter (for
        /latest and "More like this"): the filter matching compiled, else compiled now."""
        test = self._filters.get(follow.id) or self._filter_of(follow)
        if test is None:
            return lambda _: True
        return lambda entry: test(entry, Document(entry.terms))

    def _filter_of(self, follow: Subscription) -> Callable[[Entry, Document], bool] | None:
        """A followed source's filter, compiled once: a topic, or a place (and a radius)
        tested as a place subscription would be; None: every entry."""
        if follow.filter:
            topic = self.parse(follow.filter)
            return lambda _, document: topic.matches(document)
        if follow.place is None:
            return None
        if self.gazetteer is None:
            return lambda _, __: False  # places are off: a place filter lets nothing through
        near = satisfies(self.gazetteer, [follow])
        return lambda entry, _: near(entry)

    def _unindex(self, subscription_id: int) -> None:
        self._filters.pop(subscription_id, None)
        source = self._follow_ids.pop(subscription_id, None)
        if source is not None:
            followers = self.follows.get(source, {})
            followers.pop(subscription_id, None)
            if not followers:
                self.follows.pop(source, None)
        self.index.remove(subscription_id)
        if self.places is not None:
            self.places.remove(subscription_id)

    async def _after_commit_index(
        self,
        conn: Transaction,
        chats: Iterable[int],
        add: Sequence[Subscription] = (),
        remove: Sequence[int] = (),
    ) -> None:
        """Change the indexes once the current transaction commits, and tell the other
        processes on the database which chats changed (they read them again: see
        :meth:`resync`)."""
        for chat_id in set(chats):
            await conn.notify(f"chat:{chat_id}")
        self._db.after_commit(lambda: self._apply(add, remove))

    def _apply(
        self, add: Sequence[Subscription], remove: Iterable[int], *, chat: int | None = None
    ) -> None:
        """Take ``add`` into the indexes and drop ``remove`` (or, with ``chat``, everything
        the indexes hold for that chat first)."""
        with self._lock:
            if self._deferred is not None:  # loading: applied after the load, in order
                self._deferred.append(lambda: self._apply(add, remove, chat=chat))
                return
            if chat is not None:
                remove = np.flatnonzero(self.members.chat == chat).tolist()
            for subscription_id in remove:
                self._unindex(subscription_id)
            self.members.set(add)
            for subscription in add:
                self._index(subscription)

    async def resync(self, chat_id: int) -> None:
        """Another process changed the chat's subscriptions or state: the indexes take
        what the database now has for it. Notices are read one at a time, in the order
        their transactions committed, so a later change is never overtaken by an
        earlier one."""
        self._known_active.discard(chat_id)
        self._apply(await subscriptions.of_active_chat(self._db, chat_id), (), chat=chat_id)

    async def _stored(
        self, write: Callable[[Transaction], Awaitable[Subscription | None]]
    ) -> Subscription | None:
        """Run one subscription write in its own transaction; the indexes take the row it
        returns once that commits."""
        async with self._db.transaction() as conn:
            stored = await write(conn)
            if stored is not None:
                await self._after_commit_index(conn, [stored.chat_id], add=[stored])
        return stored

    @property
    def live(self) -> int:
        """How many subscriptions matching currently serves."""
        places = len(self.places) if self.places is not None else 0
        return len(self.index) + places + len(self._follow_ids)

    def parse(self, text: str) -> Query:
        """Parse a topic with the configured stemmer language (raises QueryError)."""
        return _parsed(text, self._language)

    async def load(self) -> int:
        """Fill the indexes from the database at start-up; return how many were loaded.

        The bot answers people meanwhile: a change committed while loading is applied after
        the load, in order (each change is idempotent, so one the load's snapshot already
        has is harmless). Matching and sending wait for :attr:`loaded`."""
        with self._lock:
            self._deferred = []
        try:
            async for batch in subscriptions.of_active_chats(self._db):
                with self._lock:
                    self.members.set(batch)
                    for subscription in batch:
                        if subscription.source_id is not None:
                            self._index(subscription)
                        elif subscription.place is None:
                            self.index.add(subscription, self.parse(subscription.query))
                    if self.places is not None:
                        self.places.add_many(
                            s for s in batch if s.place is not None and s.source_id is None
                        )
        finally:
            with self._lock:
                deferred, self._deferred = self._deferred or [], None
            for change in deferred:
                change()
        self.loaded.set()
        changed = await subscriptions.rekey(self._db, self._key_of, reading(self._language))
        if changed is not None:
            log.info("topics read anew: %d keyed again", changed)
        return self.live

    def _key_of(self, text: str) -> str | None:
        try:
            return self.parse(text).key
        except QueryError:
            return None

    async def subscribe(
        self, chat_id: int, query: Query, *, thread_id: int | None = None
    ) -> Subscription | None:
        """Follow a topic (from a forum topic: alerts go there); None if the chat already
        follows it (raises SubscriptionLimitError)."""
        return await self._stored(
            lambda conn: subscriptions.add(
                conn, chat_id, query, limit=self._per_chat_limit, thread_id=thread_id
            )
        )

    async def follow_place(
        self,
        chat_id: int,
        *,
        place: str,
        label: str,
        radius_km: float,
        thread_id: int | None = None,
    ) -> Subscription | None:
        """Follow a place or point; None if already followed (raises SubscriptionLimitError)."""
        return await self._stored(
            lambda conn: subscriptions.add_place(
                conn,
                chat_id,
                place=place,
                label=label,
                radius_km=radius_km,
                limit=self._per_chat_limit,
                thread_id=thread_id,
            )
        )

    async def follow_source(
        self,
        chat_id: int,
        *,
        source_id: int,
        label: str,
        topic: Query | None,
        thread_id: int | None = None,
        place: str | None = None,
        radius_km: float = 0.0,
        links: int | None = None,
    ) -> Subscription | None:
        """Follow every new entry of a source (or those matching ``topic``, or near
        ``place``); None if already followed so (raises SubscriptionLimitError, or
        LinkLimitError past ``links`` links)."""
        return await self._stored(
            lambda conn: subscriptions.add_follow(
                conn,
                chat_id,
                source_id=source_id,
                label=label,
                topic=topic,
                limit=self._per_chat_limit,
                links=links,
                thread_id=thread_id,
                place=place,
                radius_km=radius_km,
            )
        )

    async def change_radius(
        self, chat_id: int, subscription_id: int, radius_km: float
    ) -> Subscription | None:
        """Give a followed place a new radius; None if not possible (gone, or a duplicate)."""
        return await self._stored(
            lambda conn: subscriptions.change_radius(conn, chat_id, subscription_id, radius_km)
        )

    async def update(
        self, chat_id: int, subscription_id: int, **values: object
    ) -> Subscription | None:
        """Mute or unmute (``muted_until``), change the delivery mode (``mode``,
        ``digest_at``) or the forum topic (``thread_id``); None if there is no such
        subscription."""
        return await self._stored(
            lambda conn: subscriptions.update(conn, chat_id, subscription_id, **values)
        )

    async def topic_deleted(self, chat_id: int, thread_id: int) -> None:
        """A forum topic alerts went to is gone: they go to the group's General topic."""
        async with self._db.transaction() as conn:
            changed = await subscriptions.clear_thread(conn, chat_id, thread_id)
            await self._after_commit_index(conn, [chat_id], add=changed)
        log.info("chat %s: forum topic %s is gone; its alerts go to General", chat_id, thread_id)

    def get(self, chat_id: int, subscription_id: int) -> Subscription | None:
        """The chat's live subscription with this id, from memory (None if removed, or the
        chat is one Telegram refuses)."""
        return self.live_of_chat(chat_id, [subscription_id]).get(subscription_id)

    async def unsubscribe(self, chat_id: int, subscription_id: int) -> Subscription | None:
        """Stop following; None if the chat has no such subscription. A followed source
        whose last follower this was is reported to :attr:`on_unfollowed`."""
        async with self._db.transaction() as conn:
            removed = await subscriptions.remove(conn, chat_id, subscription_id)
            if removed is not None:
                await self._after_commit_index(conn, [chat_id], remove=[removed.id])
                source = removed.source_id
                if source is not None and self.on_unfollowed is not None:
                    left = await subscriptions.followers(conn, source)
                    callback = self.on_unfollowed
                    if not left:
                        self._db.after_commit(lambda: callback(source))
        return removed

    def topics(self) -> list[Subscription]:
        """Every live topic subscription (the baseline loop of bench.matching)."""
        return self.index.subscriptions()

    def place_subscriptions(self) -> list[Subscription]:
        """Every live place subscription."""
        return self.places.subscriptions() if self.places is not None else []

    def live_of_chat(self, chat_id: int, ids: Iterable[int]) -> dict[int, Subscription]:
        """The chat's subscriptions among ``ids`` that matching serves now (from memory:
        removed ones are gone, and a chat Telegram refuses has none)."""
        found: dict[int, Subscription] = {}
        for subscription_id in ids:
            source = self._follow_ids.get(subscription_id)
            subscription = (
                self.follows[source][subscription_id]
                if source is not None
                else self.index.get(subscription_id)
                or (self.places.get(subscription_id) if self.places is not None else None)
            )
            if subscription is not None and subscription.chat_id == chat_id:
                found[subscription_id] = subscription
        return found

    async def find(self, chat_id: int, query: Query) -> Subscription | None:
        """The chat's subscription to the same topic, however it was written."""
        return await subscriptions.find(self._db, chat_id, query.key)

    async def of_chat(self, chat_id: int) -> list[Subscription]:
        """The chat's subscriptions, oldest first."""
        return await subscriptions.of_chat(self._db, chat_id)

    async def links_of(self, chat_id: int) -> list[tuple[Subscription, str]]:
        """The chat's followed sources (/follow), oldest first, each with its link."""
        follows = [s for s in await self.of_chat(chat_id) if s.source_id is not None]
        urls = await sources.urls(self._db, [s.source_id for s in follows if s.source_id])
        return [(s, urls[s.source_id]) for s in follows if s.source_id in urls]

    async def chat_seen(
        self, chat_id: int, kind: ChatKind, title: str | None, *, language: str | None = None
    ) -> None:
        """A chat talked to us: record it, and resume its alerts if it had been inactive."""
        if chat_id in self._known_active:
            return
        async with self._db.transaction() as conn:
            if await chats.ensure(conn, chat_id, kind, title, language=language):
                log.info("chat %s is reachable again; resuming its alerts", chat_id)
                await self._after_commit_index(
                    conn, [chat_id], add=await subscriptions.of_chat(conn, chat_id)
                )
        self._known_active.add(chat_id)

    async def language_of(self, chat_id: int) -> str | None:
        """The language the chat reads (None when unknown)."""
        return await chats.language(self._db, chat_id)

    async def chat_gone(self, chat_id: int, reason: str) -> None:
        """Telegram will not let us write to the chat: stop matching and sending for it."""
        self._known_active.discard(chat_id)
        async with self._db.transaction() as conn:
            if await chats.deactivate(conn, chat_id, reason):
                log.info("chat %s deactivated: %s", chat_id, reason)
            gone = await subscriptions.of_chat(conn, chat_id)
            await self._after_commit_index(conn, [chat_id], remove=[s.id for s in gone])

    async def chat_moved(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup with a new id; its subscriptions and alerts follow."""
        self._known_active.discard(old_id)
        async with self._db.transaction() as conn:
            old = await subscriptions.of_chat(conn, old_id)
            await chats.migrate(conn, old_id, new_id)
            moved = await subscriptions.of_chat(conn, new_id)
            await self._after_commit_index(
                conn, [old_id, new_id], remove=[s.id for s in old], add=moved
            )
        log.info("chat %s migrated to %s", old_id, new_id)

    def match(
        self, entries: Sequence[Entry], now: float | None = None, *, shared: bool = True
    ) -> Matches:
        """Every (chat, entry) alert for new entries, with every subscription that matched
        and how, as columns. A subscription only sees entries stored after it was made, and
        none while it is muted. Entries of a source that is not ``shared`` (one a person
        brought) match only the chats following it. Safe to call from a thread (ingest
        matches before it takes the writer); the indexes change meanwhile only after the
        match."""
        with self._lock:
            return self._match(entries, time.time() if now is None else now, shared)

    def _match(self, entries: Sequence[Entry], now: float, shared: bool) -> Matches:
        rows = Rows()
        numbers: dict[str, int] = {}
        for entry in entries:
            document = Document(entry.terms)
            if shared and len(self.index):
                rows.topics(entry.id, self.index.match(document))
            followers = self.follows.get(entry.source_id)
            if followers:
                filters = self._filters
                rows.follows(entry.id, ints([
                    sid for sid in followers
                    if sid not in filters or filters[sid](entry, document)
                ]))  # fmt: skip
            if shared and self.places is not None and self.gazetteer is not None and entry.places:
                known = self.gazetteer.places
                places = [known[k] for k in entry.places if k in known]
                hits = self.places.hits(
                    places, [numbers.setdefault(p.key, len(numbers)) for p in places]
                )
                rows.places(entry.id, hits.subscription, hits.relation, hits.place, hits.km)
        return rows.matches(self.members, tuple(numbers), now)

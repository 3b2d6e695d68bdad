"""Who follows what: the subscriptions in the database and the in-memory index kept in step.

Handlers and delivery change subscriptions and chat states only through this class, so the
index that matching reads always agrees with the database: a blocked chat leaves the index,
a chat that comes back is loaded again, a migrated group is re-keyed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.match.index import TopicIndex
from bot.match.query import Document, Query, parse_query
from bot.models import ChatKind, Entry, Subscription
from bot.store import chats, subscriptions
from bot.store.db import Database

log = logging.getLogger(__name__)

Delivery = tuple[int, int, str]
"""(chat id, entry id, the chat's matching topics one per line): one outbox row."""


class Subscribers:
    """Subscriptions, chat states and the matching index, behind one interface."""

    def __init__(self, db: Database, *, language: str, per_chat_limit: int) -> None:
        self._db = db
        self._language = language
        self._per_chat_limit = per_chat_limit
        self.index = TopicIndex()
        self._known_active: set[int] = set()

    def parse(self, text: str) -> Query:
        """Parse a topic with the configured stemmer language (raises QueryError)."""
        return parse_query(text, self._language)

    async def load(self) -> int:
        """Fill the index from the database at start-up; return how many were loaded."""
        for subscription in await subscriptions.of_active_chats(self._db):
            self.index.add(subscription, self.parse(subscription.query))
        return len(self.index)

    async def subscribe(self, chat_id: int, query: Query) -> Subscription | None:
        """Follow a topic; None if the chat already follows it (raises SubscriptionLimitError)."""
        added = await subscriptions.add(self._db, chat_id, query, limit=self._per_chat_limit)
        if added is not None:
            self.index.add(added, query)
        return added

    async def unsubscribe(self, chat_id: int, subscription_id: int) -> Subscription | None:
        """Stop following; None if the chat has no such subscription."""
        removed = await subscriptions.remove(self._db, chat_id, subscription_id)
        if removed is not None:
            self.index.remove(removed.id)
        return removed

    async def find(self, chat_id: int, query: Query) -> Subscription | None:
        """The chat's subscription to the same topic, however it was written."""
        return await subscriptions.find(self._db, chat_id, query.key)

    async def of_chat(self, chat_id: int) -> list[Subscription]:
        """The chat's subscriptions, oldest first."""
        return await subscriptions.for_chat(self._db, chat_id)

    async def chat_seen(self, chat_id: int, kind: ChatKind, title: str | None) -> None:
        """A chat talked to us: record it, and resume its alerts if it had been inactive."""
        if chat_id in self._known_active:
            return
        self._known_active.add(chat_id)
        if await chats.ensure(self._db, chat_id, kind, title):
            log.info("chat %s is reachable again; resuming its alerts", chat_id)
            for subscription in await subscriptions.of_active_chats(self._db, chat_id):
                self.index.add(subscription, self.parse(subscription.query))

    async def chat_gone(self, chat_id: int, reason: str) -> None:
        """Telegram will not let us write to the chat: stop matching and sending for it."""
        self._known_active.discard(chat_id)
        if await chats.deactivate(self._db, chat_id, reason):
            log.info("chat %s deactivated: %s", chat_id, reason)
        for subscription in await subscriptions.for_chat(self._db, chat_id):
            self.index.remove(subscription.id)

    async def chat_moved(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup with a new id; its subscriptions and alerts follow."""
        self._known_active.discard(old_id)
        for subscription in await subscriptions.for_chat(self._db, old_id):
            self.index.remove(subscription.id)
        await chats.migrate(self._db, old_id, new_id)
        for subscription in await subscriptions.of_active_chats(self._db, new_id):
            self.index.add(subscription, self.parse(subscription.query))
        log.info("chat %s migrated to %s", old_id, new_id)

    def match(self, entries: Sequence[Entry]) -> list[Delivery]:
        """One delivery per (chat, entry) for new entries, naming every topic that matched.

        A subscription only sees entries stored after it was made (``after_entry_id``).
        """
        deliveries: list[Delivery] = []
        for entry in entries:
            by_chat: dict[int, list[str]] = {}
            for subscription in self.index.match(Document(entry.terms)):
                if subscription.after_entry_id < entry.id:
                    by_chat.setdefault(subscription.chat_id, []).append(subscription.query)
            deliveries.extend(
                (chat_id, entry.id, "\n".join(sorted(set(queries))))
                for chat_id, queries in by_chat.items()
            )
        return deliveries

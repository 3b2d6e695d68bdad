"""Following a link a person brings: the use case behind /follow, the Follow button and
OPML imports, apart from how any of them asks or answers.

The link is checked against the operator's limits, fetched once with every guard of the
fetcher (public addresses only, size and time caps) to see what it is, then the source is
stored (shared by URL: many chats following one URL cost one poll), polled, and the chat
subscribed. A refusal is a :class:`Refusal` with its parameters, never prose: each caller
says it in the reader's language.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from bot.config import UserSourcesSettings
from bot.geo.place import Place
from bot.ingest.documents import ParseError
from bot.ingest.fetcher import FetchError
from bot.ingest.polled import user_source
from bot.ingest.refresh import Probe, Refresher, StoreFailedError, error_code
from bot.ingest.scheduler import PollScheduler
from bot.match.query import Query
from bot.models import Subscription
from bot.store import sources
from bot.store.db import Database
from bot.store.subscriptions import LinkLimitError
from bot.subscribers import Subscribers
from bot.text.cut import cut


class Refusal(StrEnum):
    """Why a link is not followed."""

    NOT_A_LINK = "not_a_link"  # no http(s) URL
    SITE_NOT_LISTED = "site_not_listed"  # params: host (the operator's list of sites)
    CHAT_FULL = "chat_full"  # params: most (links a chat may follow)
    BOT_FULL = "bot_full"  # the bot follows as many people's links as it may
    UNREADABLE = "unreadable"  # params: code (see bot.ingest.refresh.error_code)
    EMPTY = "empty"  # no posts or articles at the link


class LinkRefusedError(Exception):
    """A link that will not be followed, and why (see :class:`Refusal`)."""

    def __init__(self, refusal: Refusal, **params: str | int) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.params = params


@dataclass(frozen=True, slots=True)
class Filter:
    """Which posts of a followed link alert: all, those on a topic, or those near a place."""

    topic: Query | None = None
    place: Place | None = None
    radius: float = 0.0


@dataclass(frozen=True, slots=True)
class Followed:
    """A followed link: what it is, its name, and the subscription (None: followed before)."""

    found: Probe
    name: str
    added: Subscription | None


@dataclass(frozen=True, slots=True)
class Follows:
    """What following a link takes: the database, the fetcher (through the refresher), the
    poll scheduler, the subscriptions, and the operator's limits."""

    db: Database
    refresher: Refresher
    scheduler: PollScheduler
    subscribers: Subscribers
    limits: UserSourcesSettings = field(default_factory=UserSourcesSettings)

    async def follow(
        self,
        chat_id: int,
        url: str,
        wanted: Filter | None = None,
        thread_id: int | None = None,
        where: str = "",
    ) -> Followed:
        """Follow a link for a chat (``where``: the place filter as its label shows it).
        Raises LinkRefusedError, or SubscriptionLimitError when the chat follows as much
        as it may."""
        wanted = wanted or Filter()
        key = sources.url_key(url)
        if key is None:
            raise LinkRefusedError(Refusal.NOT_A_LINK)
        host = urlsplit(key).hostname or ""
        await self._check_limits(chat_id, key, host)
        try:
            found = await self.refresher.probe(key)
        except (FetchError, ParseError) as exc:
            raise LinkRefusedError(Refusal.UNREADABLE, code=error_code(exc)) from None
        if not found.count:
            raise LinkRefusedError(Refusal.EMPTY)
        name = cut(found.title or host, 80)
        try:
            source_id, operators = await sources.add_user(
                self.db, key, name, most=self.limits.max_total
            )
        except sources.TooManyLinksError:
            raise LinkRefusedError(Refusal.BOT_FULL) from None
        if not operators:
            state = await sources.get(self.db, source_id)
            if state is not None and not state.primed:  # a link nobody followed yet
                with contextlib.suppress(StoreFailedError):
                    await self.refresher.prime(state, found)
            self.scheduler.add(source_id, user_source(name, key, self.limits.interval))
        try:
            added = await self.subscribers.follow_source(
                chat_id,
                source_id=source_id,
                label=f"{name} · {where}" if where else name,
                topic=wanted.topic,
                thread_id=thread_id,
                place=wanted.place.key if wanted.place is not None else None,
                radius_km=wanted.radius,
                links=self.limits.max_per_chat,
            )
        except LinkLimitError:  # another follow of this chat's took the last slot meanwhile
            raise LinkRefusedError(Refusal.CHAT_FULL, most=self.limits.max_per_chat) from None
        return Followed(found, name, added)

    async def _check_limits(self, chat_id: int, key: str, host: str) -> None:
        """Refuse before fetching anything: a site off the operator's list, a chat with as
        many links as it may follow, a bot following as many as it may (a link it follows
        already costs nothing more). The same limits are enforced again where the rows
        are written (two follows at once)."""
        if not self.limits.allows(host):
            raise LinkRefusedError(Refusal.SITE_NOT_LISTED, host=host)
        chat_follows = await self.subscribers.of_chat(chat_id)
        if sum(s.source_id is not None for s in chat_follows) >= self.limits.max_per_chat:
            raise LinkRefusedError(Refusal.CHAT_FULL, most=self.limits.max_per_chat)
        if await sources.user_count(self.db) >= self.limits.max_total and not (
            await sources.known(self.db, key)
        ):
            raise LinkRefusedError(Refusal.BOT_FULL)

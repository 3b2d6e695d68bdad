"""Publisher push: ``POST /ingest?source=<name>`` with JSON Feed items, alerted at once.

Off by default. Publishers push only into sources declared ``kind = "push"``, each with its
own token (from an environment variable, or given as its SHA-256): a request carries
``Authorization: Bearer <that source's token>``, compared in constant time by digest, and a
JSON body (``Content-Type: application/json``): one JSON Feed item, a list of them, or a
whole JSON Feed document, nested at most 64 levels. Ids are the source's own: a push source
cannot touch a polled source's entries. Every item is checked (types included) before
anything is stored, so a request is stored whole or not at all; accepted items go through
the same store-match-enqueue transaction as polled entries and wake delivery at once.

Answers: 202 with counts; 400 with the reason (not JSON, too deep, no items, an item without
id or without any text, a field of the wrong type, a bad url or date, a body cut off); 401
for a missing or wrong token; 404 for a source that is not a push source (only to a client
holding some push source's token); 408 for a body that does not arrive within
``push.request_timeout``; 413 for a body over ``push.max_bytes``; 415 for a body that is not
declared JSON; 503 when the items could not be stored, or when ``push.max_connections`` are
already open (see :mod:`bot.ingest.connections`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import Any

from aiohttp import ClientError, web

from bot.config import PushSettings
from bot.ingest import dates
from bot.ingest.documents import JsonError, load_json, web_link
from bot.ingest.parser import json_feed_entries
from bot.ingest.refresh import Refresher, SourceUpdate, StoreFailedError
from bot.store import sources
from bot.store.db import Database

log = logging.getLogger(__name__)

_PUSHED = SourceUpdate(etag=None, last_modified=None, next_check_at=0.0)


class PushError(Exception):
    """A request that cannot be accepted: HTTP status and a reason for the publisher."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _items(body: Any, max_items: int) -> list[dict[str, Any]]:
    """The items of a request body, each checked; raises PushError(400) on the first bad one."""
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        items = body["items"]
    elif isinstance(body, list):
        items = body
    elif isinstance(body, dict):
        items = [body]
    else:
        raise PushError(400, "the body must be a JSON Feed item, a list of items or a JSON Feed")
    if not items:
        raise PushError(400, "no items")
    if len(items) > max_items:
        raise PushError(400, f"{len(items)} items; at most {max_items} per request")
    checked: list[dict[str, Any]] = []
    for number, item in enumerate(items, start=1):
        _check(number, item)
        checked.append(item)
    return checked


_TEXTS = ("title", "content_text", "content_html", "summary")
_JSON_TYPES = ("application/json", "application/feed+json")


def _check(number: int, item: Any) -> None:
    where = f"item {number}"
    if not isinstance(item, dict):
        raise PushError(400, f"{where}: not a JSON object")
    identifier = item.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, str | int):
        raise PushError(400, f"{where}: missing id (JSON Feed items need a unique id)")
    if not str(identifier).strip():
        raise PushError(400, f"{where}: missing id (JSON Feed items need a unique id)")
    for key in (*_TEXTS, "url", "external_url", "date_published", "date_modified"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise PushError(400, f"{where}: {key} must be a string")
    if not any(isinstance(item.get(k), str) and item[k].strip() for k in _TEXTS):
        raise PushError(400, f"{where}: needs a title or some content")
    if not (item.get("url") or item.get("external_url")):
        raise PushError(400, f"{where}: needs a url (every alert links to the story)")
    for key in ("url", "external_url"):
        if item.get(key) is not None and not web_link(item[key], ""):
            raise PushError(400, f"{where}: {key} must be an absolute http(s) URL")
    for key in ("date_published", "date_modified"):
        value = item.get(key)
        if value is not None and dates.parse_any(value) is None:
            raise PushError(400, f"{where}: {key} must be an RFC 3339 date")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class PushServer:
    """The endpoint publishers push to (served by :class:`bot.web.server.WebServer`)."""

    def __init__(
        self,
        settings: PushSettings,
        db: Database,
        refresher: Refresher,
        sources: dict[str, tuple[int, str]],
    ) -> None:
        """``sources``: each push source's name -> (source id, SHA-256 of its token)."""
        self._settings = settings
        self._db = db
        self._refresher = refresher
        self._sources = sources

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """``POST /ingest``: check, store and alert, answering as the module docstring says."""
        try:
            return web.json_response(await self._ingest(request), status=202)
        except PushError as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return web.json_response({"error": exc.reason}, status=exc.status, headers=headers)

    def _authorised(self, request: web.Request) -> tuple[str, int]:
        """The named push source and its id, if the bearer token is that source's."""
        name = request.query.get("source", "")
        if not name:
            raise PushError(400, "name the source: POST /ingest?source=<name>")
        presented = _digest(request.headers.get("Authorization", "").removeprefix("Bearer "))
        target = self._sources.get(name)
        if target is not None and hmac.compare_digest(presented, target[1]):
            return name, target[0]
        if target is None and any(
            hmac.compare_digest(presented, d) for _, d in self._sources.values()
        ):
            raise PushError(404, f"unknown push source {name!r}")
        raise PushError(401, "missing or wrong bearer token for this source")

    async def _body(self, request: web.Request) -> Any:
        if request.content_type not in _JSON_TYPES:
            raise PushError(415, "send JSON: Content-Type: application/json")
        try:
            async with asyncio.timeout(self._settings.request_timeout):
                raw = await request.read()
        except TimeoutError:
            raise PushError(408, "the body did not arrive in time") from None
        except web.HTTPRequestEntityTooLarge:
            raise PushError(
                413, f"the body is larger than {self._settings.max_bytes:,} bytes"
            ) from None
        except (ConnectionError, ClientError) as exc:
            log.warning("push client %s went away mid-request: %s", request.remote, exc)
            raise PushError(400, "the body was cut off") from None
        try:
            return load_json(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise PushError(400, "the body is not UTF-8") from None
        except JsonError as exc:
            raise PushError(400, f"the body is not JSON we read: {exc}") from None

    async def _ingest(self, request: web.Request) -> dict[str, int]:
        name, source_id = self._authorised(request)
        items = _items(await self._body(request), self._settings.max_items)
        state = await sources.get(self._db, source_id)
        assert state is not None
        parsed = json_feed_entries(items, base="")
        try:
            stored, alerts = await self._refresher.ingest(
                state, f"push:{name}", parsed, alert=True, update=_PUSHED
            )
        except StoreFailedError:
            reason = "the items could not be stored; nothing was kept, try again"
            raise PushError(503, reason) from None
        return {"accepted": len(items), "new": len(stored), "alerts": alerts}

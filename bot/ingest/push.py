"""Publisher push: ``POST /ingest?source=<name>`` with JSON Feed items, alerted at once.

Off by default. A request carries ``Authorization: Bearer <push.token>`` and a JSON body: one
JSON Feed item, a list of them, or a whole JSON Feed document. Every item is checked before
anything is stored, so a request is stored whole or not at all; accepted items go through
the same store-match-enqueue transaction as polled entries and wake delivery at once.

Answers: 202 with counts; 400 with the reason (not JSON, no items, an item without id or
without any text, a bad url or date); 401 for a missing or wrong token; 404 for an unknown
source; 413 for a body over ``push.max_bytes``; 503 when the items could not be stored (the
request is then kept whole or not at all, like any other store).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.config import PushSettings
from bot.ingest import dates
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


def _check(number: int, item: Any) -> None:
    where = f"item {number}"
    if not isinstance(item, dict):
        raise PushError(400, f"{where}: not a JSON object")
    if not isinstance(item.get("id"), str | int) or not str(item.get("id")).strip():
        raise PushError(400, f"{where}: missing id (JSON Feed items need a unique id)")
    if not any(isinstance(item.get(k), str) and item[k].strip()
               for k in ("title", "content_text", "content_html", "summary")):  # fmt: skip
        raise PushError(400, f"{where}: needs a title or some content")
    if not (item.get("url") or item.get("external_url")):
        raise PushError(400, f"{where}: needs a url (every alert links to the story)")
    for key in ("url", "external_url"):
        value = item.get(key)
        if value is not None and (
            not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https")
        ):
            raise PushError(400, f"{where}: {key} must be an http(s) URL")
    for key in ("date_published", "date_modified"):
        value = item.get(key)
        if value is not None and dates.parse_any(value) is None:
            raise PushError(400, f"{where}: {key} must be an RFC 3339 date")


class PushServer:
    """The HTTP endpoint publishers push to."""

    def __init__(
        self,
        settings: PushSettings,
        db: Database,
        refresher: Refresher,
        source_ids: dict[str, int],
    ) -> None:
        self._settings = settings
        self._db = db
        self._refresher = refresher
        self._source_ids = source_ids
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        """Listen on the configured host and port."""
        app = web.Application(client_max_size=self._settings.max_bytes)
        app.router.add_post("/ingest", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._settings.host, self._settings.port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://{self._settings.host}:{port}/ingest"
        log.info("push endpoint listening on %s", self.url)

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            return web.json_response(await self._ingest(request), status=202)
        except PushError as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return web.json_response({"error": exc.reason}, status=exc.status, headers=headers)

    async def _ingest(self, request: web.Request) -> dict[str, int]:
        presented = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(presented.encode(), self._settings.token.encode()):
            raise PushError(401, "missing or wrong bearer token")
        name = request.query.get("source", "")
        if not name:
            raise PushError(400, "name the source: POST /ingest?source=<name>")
        source_id = self._source_ids.get(name)
        if source_id is None:
            raise PushError(404, f"unknown source {name!r}")
        try:
            body = json.loads(await request.read())
        except web.HTTPRequestEntityTooLarge:
            raise
        except (ValueError, UnicodeDecodeError) as exc:
            raise PushError(400, f"the body is not JSON: {exc}") from None
        items = _items(body, self._settings.max_items)
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

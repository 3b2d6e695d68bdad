"""A local feed server with ETag/Last-Modified support and scripted failures."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from typing import Any

from aiohttp import web

from bot.emulator.serve import serve


@dataclass
class Resource:
    body: bytes
    content_type: str
    status: int = 200
    delay: float = 0.0
    drip: bool = False  # send the body a byte at a time, forever slower than any deadline
    headers: dict[str, str] | None = None  # extra response headers (Retry-After, Cache-Control)
    endless: bool = False  # after the body, stream zeros forever (a "4 GB" response)
    then: bytes | None = None  # served from the second request on (a post published at once)


class FeedServer:
    """Serves documents at paths; ``publish`` replaces one, ``hits`` counts requests (and
    ``times`` records when), ``peak`` is the most requests served at once, ``connections``
    the distinct client connections seen."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.resources: dict[str, Resource] = {}
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        self.not_modified: Counter[str] = Counter()
        self.active = self.peak = 0
        self.connections: set[tuple[str, int]] = set()
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{path:.*}", self._handle)
        self._runner, self.base = await serve(app, shutdown_timeout=0.2, host=self.host)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def publish(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "application/rss+xml",
        status: int = 200,
        delay: float = 0.0,
        drip: bool = False,
        headers: dict[str, str] | None = None,
        endless: bool = False,
        then: bytes | str | None = None,
    ) -> str:
        data = body.encode() if isinstance(body, str) else body
        later = then.encode() if isinstance(then, str) else then
        self.resources[path.lstrip("/")] = Resource(
            data, content_type, status, delay, drip, headers, endless, later
        )
        return self.url(path)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            return await self._serve(request)
        finally:
            self.active -= 1

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        self.hits[path] += 1
        self.times.setdefault(path, []).append(asyncio.get_running_loop().time())
        peer = request.transport.get_extra_info("peername") if request.transport else None
        if peer:
            self.connections.add((peer[0], peer[1]))
        resource = self.resources.get(path)
        if resource is None:
            return web.Response(status=404, text="not found")
        if resource.then is not None:  # this request sees the body; the next ones the new one
            self.resources[path] = replace(resource, body=resource.then, then=None)
        if resource.delay:
            await asyncio.sleep(resource.delay)
        extra = resource.headers or {}
        if resource.status != 200:
            return web.Response(status=resource.status, text="error", headers=extra)
        etag = '"' + hashlib.sha1(resource.body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified[path] += 1
            return web.Response(status=304, headers={"ETag": etag, **extra})
        if resource.endless:
            response = web.StreamResponse(headers={"Content-Type": resource.content_type})
            await response.prepare(request)
            await response.write(resource.body)
            chunk = b" " * 65536
            with contextlib.suppress(ConnectionError):
                while True:
                    await response.write(chunk)
            return response
        if resource.drip:
            response = web.StreamResponse(headers={"Content-Type": resource.content_type})
            await response.prepare(request)
            for byte in resource.body:
                await response.write(bytes([byte]))
                await asyncio.sleep(0.05)
            return response
        return web.Response(
            body=resource.body,
            headers={"ETag": etag, "Content-Type": resource.content_type, **extra},
        )


def rss(
    items: list[dict[str, Any]],
    *,
    title: str = "Test feed",
    link: str = "https://news.example/",
    language: str | None = None,
) -> str:
    """An RSS 2.0 document (declaring ``language`` if given); each item has title, guid,
    link, description, optional published."""
    parts = []
    for item in items:
        published = item.get("published") or datetime.now(UTC)
        parts.append(
            "<item>"
            f"<title>{escape(item['title'])}</title>"
            f"<link>{escape(item.get('link', 'https://news.example/' + item['guid']))}</link>"
            f'<guid isPermaLink="false">{escape(item["guid"])}</guid>'
            f"<description>{escape(item.get('description', ''))}</description>"
            f"<pubDate>{format_datetime(published)}</pubDate>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(link)}</link><description>t</description>"
        + (f"<language>{escape(language)}</language>" if language else "")
        + "".join(parts)
        + "</channel></rss>"
    )

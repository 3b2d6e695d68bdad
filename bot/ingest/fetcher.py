"""Fetch a source over HTTP: conditional GET, a total timeout and a response size cap.

Every outgoing fetch is bounded: httpx's per-operation timeouts stop a silent server, the
total deadline stops one that drips bytes forever, and the size cap stops a huge body before
it is held in memory.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx


class FetchError(Exception):
    """The source could not be fetched; the message is shown to operators in /sources."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch brought back; ``body`` is None when the server said 304 Not Modified."""

    url: str
    body: bytes | None
    content_type: str
    etag: str | None
    last_modified: str | None


def make_client(*, timeout: float, user_agent: str) -> httpx.AsyncClient:
    """The shared HTTP client: redirects followed (at most 5), connections pooled."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=5,
        headers={
            "User-Agent": user_agent,
            "Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
            "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        },
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    max_bytes: int,
    deadline: float,
) -> FetchResult:
    """GET ``url`` within ``deadline`` seconds, sending the last validators (304 if unchanged)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(deadline):
            return await _get(client, url, headers, max_bytes)
    except TimeoutError:
        raise FetchError(f"timed out after {deadline:g} s") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {deadline:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError("too many redirects") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch: {type(exc).__name__}: {exc}".rstrip(": ")) from None


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int
) -> FetchResult:
    async with client.stream("GET", url, headers=headers) as response:
        content_type = response.headers.get("content-type", "")
        # RFC 9111: a 304 may carry updated validators; keep the old ones when it does not.
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if response.status_code == 304:
            return FetchResult(str(response.url), None, content_type, etag, modified)
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"response too large: {int(declared):,} bytes (cap {max_bytes:,})")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"response too large: over {max_bytes:,} bytes")
            chunks.append(chunk)
    return FetchResult(str(response.url), b"".join(chunks), content_type, etag, modified)

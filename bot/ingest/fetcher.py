"""Fetch a source over HTTP: conditional GET, a total timeout and a response size cap.

Every outgoing fetch is bounded: httpx's per-operation timeouts stop a silent server, the
total deadline stops one that drips bytes forever, and the size cap stops a huge body before
it is held in memory. What the server says about when to come back is kept: ``Retry-After``
on a 429 or 503, and ``Cache-Control: max-age`` on a success.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpcore
import httpx

from bot.ingest.addresses import GuardedBackend, Network

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


class FetchError(Exception):
    """The source could not be fetched. The message is the operator's, in English (logs,
    /sources); ``code`` is why, for the person who brought the link, said in their language
    (see :func:`bot.ingest.refresh.error_code`): ``timeout``, ``too_large``, ``http_status``
    (``status`` set), ``private``, ``bad_address``, ``redirects``, ``empty``, or
    ``unreachable``.

    ``retry_after`` is the wait in seconds the server asked for (429 or 503), if any.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "unreachable",
        retry_after: float | None = None,
        status: int = 0,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.retry_after = retry_after
        self.status = status


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def max_age_seconds(cache_control: str | None) -> float | None:
    """The ``max-age`` of a ``Cache-Control`` header, if it has one."""
    match = _MAX_AGE.search(cache_control or "")
    return float(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch brought back; ``body`` is None when the server said 304 Not Modified."""

    url: str
    body: bytes | None
    content_type: str
    etag: str | None
    last_modified: str | None
    max_age: float | None = None  # Cache-Control: max-age, seconds


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with :class:`GuardedBackend` under its connection pool."""

    def __init__(self, backend: GuardedBackend, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, http2=True)
        # httpx has no parameter for its pool's network backend, so the pool is built again
        # with the same settings through httpcore's public API.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
            http1=True,
            http2=True,  # used where the server offers it (TLS ALPN); HTTP/1.1 otherwise
        )


def make_client(
    *,
    timeout: float,
    user_agent: str,
    allow_private: bool = False,
    allowed: tuple[Network, ...] = (),
) -> httpx.AsyncClient:
    """The shared HTTP client: redirects followed (at most 5), connections pooled, and every
    connection checked by :mod:`bot.ingest.addresses`. Proxy variables from the environment
    are not used (a proxy would connect where the check cannot see)."""
    backend = GuardedBackend(allow_private=allow_private, allowed=allowed)
    return httpx.AsyncClient(
        transport=GuardedTransport(backend, httpx.Limits(max_connections=100)),
        trust_env=False,
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
        raise FetchError(f"timed out after {deadline:g} s", code="timeout") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {deadline:g} s", code="timeout") from None
    except httpx.TooManyRedirects:
        raise FetchError("too many redirects", code="redirects") from None
    except httpx.ConnectError as exc:
        if str(exc).startswith("refused to connect"):
            raise FetchError(str(exc), code="private") from None
        raise FetchError(f"cannot fetch: ConnectError: {exc}".rstrip(": ")) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch: {type(exc).__name__}: {exc}".rstrip(": ")) from None
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:  # "http://a..b/", "[::1"
        raise FetchError(f"not a valid web address: {exc}", code="bad_address") from None


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int
) -> FetchResult:
    async with client.stream("GET", url, headers=headers) as response:
        content_type = response.headers.get("content-type", "")
        # RFC 9111: a 304 may carry updated validators; keep the old ones when it does not.
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        max_age = max_age_seconds(response.headers.get("cache-control"))
        if response.status_code == 304:
            # Read the (empty) body so the connection goes back to the pool, not closed.
            await response.aread()
            return FetchResult(str(response.url), None, content_type, etag, modified, max_age)
        if response.status_code >= 400:
            wait = None
            if response.status_code in (429, 503):
                wait = retry_after_seconds(response.headers.get("retry-after"))
            raise FetchError(
                f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                code="http_status", retry_after=wait, status=response.status_code,
            )  # fmt: skip
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(
                f"response too large: {int(declared):,} bytes (cap {max_bytes:,})", code="too_large"
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"response too large: over {max_bytes:,} bytes", code="too_large")
            chunks.append(chunk)
    return FetchResult(str(response.url), b"".join(chunks), content_type, etag, modified, max_age)

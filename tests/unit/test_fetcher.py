"""Fetching: conditional GET, size caps, deadlines and errors, via httpx.MockTransport."""

from __future__ import annotations

import httpx
import pytest

from bot.ingest.fetcher import FetchError, fetch


def client(handler) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler), follow_redirects=True)


async def get(handler, **kwargs):
    options = {"etag": None, "last_modified": None, "max_bytes": 1000, "deadline": 2.0} | kwargs
    async with client(handler) as http:
        return await fetch(http, "https://feeds.example/rss", **options)


async def test_validators_are_sent_and_304_has_no_body() -> None:
    """Unchanged feeds cost a 304; the stored validators go out as If-None-Match/-Modified-Since."""
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.headers)
        return httpx.Response(304)

    result = await get(handler, etag='"abc"', last_modified="Tue, 17 Feb 2026 10:00:00 GMT")
    assert result.body is None
    assert seen["if-none-match"] == '"abc"'
    assert seen["if-modified-since"] == "Tue, 17 Feb 2026 10:00:00 GMT"


async def test_ok_returns_body_and_new_validators() -> None:
    """A 200 returns the body with the response's ETag and Last-Modified."""
    result = await get(
        lambda r: httpx.Response(
            200, content=b"<rss/>", headers={"ETag": '"v2"', "Last-Modified": "x"}
        )
    )
    assert (result.body, result.etag, result.last_modified) == (b"<rss/>", '"v2"', "x")


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(404), "HTTP 404 Not Found"),
        (httpx.Response(503), "HTTP 503 Service Unavailable"),
        (httpx.Response(200, content=b"x" * 5000), "response too large"),
        (
            httpx.Response(200, content=b"x" * 10, headers={"Content-Length": "999999"}),
            "response too large: 999,999 bytes",
        ),
    ],
    ids=["404", "503", "body over cap", "declared length over cap"],
)
async def test_http_failures_are_named(response: httpx.Response, message: str) -> None:
    """Operators see the status or the cap that stopped the fetch."""
    with pytest.raises(FetchError, match=message):
        await get(lambda r: response)


async def test_connection_errors_are_named() -> None:
    """An unreachable host is a FetchError, not a crash."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    with pytest.raises(FetchError, match="cannot fetch: ConnectError: connection refused"):
        await get(handler)


async def test_total_deadline() -> None:
    """A server that never finishes is cut off at the deadline."""
    import asyncio

    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200)

    with pytest.raises(FetchError, match=r"timed out after 0\.2 s"):
        await get(handler, deadline=0.2)

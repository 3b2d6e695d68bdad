"""The publisher push endpoint under attack: forged sources, foreign tokens, malformed and
hostile bodies, slow and too many connections."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging

import httpx
import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, alerts_to, item, story, unused_port
from tests.fakes.feeds import FeedServer

WIRE, AGENCY = "wire-token-0123456789", "agency-token-0123456789"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@pytest.fixture
async def endpoint(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> tuple[str, Newsroom]:
    """A bot with two push sources (each its own token) and one polled feed."""
    port = unused_port()
    room = Newsroom(feeds)
    await livebot_factory(
        write_config(
            [
                {"name": "Wire", "kind": "push", "token_sha256": digest(WIRE)},
                {"name": "Agency", "kind": "push", "token_sha256": digest(AGENCY)},
                {"name": "BBC News", "url": room.url, "interval": 1},
            ],
            push={"enabled": True, "port": port, "max_connections": 20, "request_timeout": 1},
        )
    )
    await room.fetched(botapi)
    await botapi.reply_to(1, "/subscribe storm")
    return f"http://127.0.0.1:{port}/ingest", room


async def send(
    url: str, body: object, *, token: str = WIRE, source: str = "Wire", **headers: str
) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(
            url,
            params={"source": source},
            content=body if isinstance(body, bytes) else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                     **headers},
        )  # fmt: skip


async def test_a_publisher_cannot_push_into_a_polled_source_or_another_publishers(
    botapi: BotApiEmulator, endpoint: tuple[str, Newsroom]
) -> None:
    """Pushing an id into "BBC News" (polled) is refused, so the real feed's item with that
    id still alerts, linking where the feed says; one source's token does not open another."""
    url, room = endpoint
    phish = item(1, url="https://evil.example/phish", id="bbc-2024-001")
    refused = await send(url, phish, source="BBC News")
    assert (
        refused.status_code == 404 and refused.json()["error"] == "unknown push source 'BBC News'"
    )
    note = item(2, "Agency note", content_text="Nothing to see.")
    assert (await send(url, note, source="Agency")).status_code == 401
    assert (await send(url, note, token=AGENCY, source="Agency")).status_code == 202
    room.add({**story("bbc-2024-001", "Storm makes landfall"), "link": "https://bbc.example/1"})
    await botapi.wait_until(
        lambda: alerts_to(botapi, 1, "Storm makes landfall"), within=10, what="the real alert"
    )
    [real] = alerts_to(botapi, 1, "Storm makes landfall")
    assert "evil.example" not in real.text and "https://bbc.example/1" in real.text


async def test_hostile_bodies_and_headers_get_a_reason_not_a_traceback(
    botapi: BotApiEmulator, endpoint: tuple[str, Newsroom], caplog: pytest.LogCaptureFixture
) -> None:
    """A non-UTF-8 Authorization, a body not declared JSON, JSON nested 5,000 deep, a title
    that is an object: each a 4xx with the reason; control characters never reach a title."""
    url, _ = endpoint
    async with httpx.AsyncClient() as client:
        odd = await client.post(
            url, params={"source": "Wire"}, content=b"{}",
            headers=[(b"Authorization", b"Bearer \xff\xfe\xfa"), (b"Content-Type", b"application/json")],
        )  # fmt: skip
    assert odd.status_code == 401
    assert (await send(url, item(1), **{"Content-Type": "text/plain"})).status_code == 415
    deep = b"[" * 5000 + json.dumps(item(1)).encode() + b"]" * 5000
    response = await send(url, deep)
    assert response.status_code == 400 and "nested more than 64 levels" in response.json()["error"]
    response = await send(url, item(2, title={"a": [1, 2, 3]}))
    assert (
        response.status_code == 400 and response.json()["error"] == "item 1: title must be a string"
    )
    noisy = item(3, title="Storm\x00 makes\x07 \x1b[31mlandfall\x1b[0m\x9b")
    assert (await send(url, noisy)).status_code == 202
    await botapi.wait_until(
        lambda: alerts_to(botapi, 1, "Storm makes landfall"), within=10, what="the clean alert"
    )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_client_dropping_mid_body_is_one_warning(
    endpoint: tuple[str, Newsroom], caplog: pytest.LogCaptureFixture
) -> None:
    """A publisher whose connection dies halfway through its body costs a warning line."""
    url, _ = endpoint
    port = int(url.split(":")[2].split("/")[0])
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"POST /ingest?source=Wire HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer " + WIRE.encode() + b'\r\nContent-Length: 5000\r\n\r\n{"id":'
    )
    await writer.drain()
    await asyncio.sleep(0.2)
    writer.transport.abort()
    assert (await send(url, item(9))).status_code == 202  # the endpoint carries on
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_slow_and_surplus_connections_are_closed_or_refused(
    endpoint: tuple[str, Newsroom],
) -> None:
    """Half-sent headers are cut off after push.request_timeout; past push.max_connections
    a connection gets 503 at once; afterwards publishers get through again."""
    url, _ = endpoint
    port = int(url.split(":")[2].split("/")[0])
    slow = []
    for _ in range(20):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /ingest HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append((reader, writer))
    extra_reader, extra_writer = await asyncio.open_connection("127.0.0.1", port)
    busy = await asyncio.wait_for(extra_reader.read(), 5)
    assert busy.startswith(b"HTTP/1.1 503") and b"Retry-After" in busy
    extra_writer.close()
    closed = await asyncio.wait_for(
        asyncio.gather(*(reader.read() for reader, _ in slow)), timeout=5
    )
    assert closed == [b""] * 20  # cut off, nothing answered
    for _, writer in slow:
        writer.close()
    assert (await send(url, item(1))).status_code == 202


async def test_one_client_cannot_hold_every_connection(
    botapi: BotApiEmulator, write_config, livebot_factory
) -> None:
    """Attack run N15: one client's idle connections shut every publisher out until they
    timed out. Now one address holds at most ``push.max_connections_per_client``: its next
    connection gets 503 while a publisher from another address is served."""
    port = unused_port()
    await livebot_factory(
        write_config(
            [{"name": "Wire", "kind": "push", "token_sha256": digest(WIRE)}],
            push={
                "enabled": True,
                "port": port,
                "max_connections": 20,
                "max_connections_per_client": 5,
                "request_timeout": 5,
            },
        )
    )
    idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(5)]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    assert (await asyncio.wait_for(reader.read(), 5)).startswith(b"HTTP/1.1 503")
    writer.close()
    elsewhere = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    async with httpx.AsyncClient(transport=elsewhere) as client:
        pushed = await client.post(
            f"http://127.0.0.1:{port}/ingest", params={"source": "Wire"},
            content=json.dumps(item(1)).encode(),
            headers={"Authorization": f"Bearer {WIRE}", "Content-Type": "application/json"},
        )  # fmt: skip
    assert pushed.status_code == 202
    for _, idle_writer in idle:
        idle_writer.close()

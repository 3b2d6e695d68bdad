"""The Bot API transport (aiohttp): the environment's proxy, and failures as PTB expects."""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest
from telegram.error import NetworkError, TimedOut

from bot.telegram.transport import sends_request


class RawServer:
    """A TCP server on 127.0.0.1 that records each request's first line and answers with a
    Bot API result (after ``delay`` seconds)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.lines: list[str] = []
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._answer, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *_: object) -> None:
        """Close the server and every connection still open (one still waiting out its
        delay would otherwise be collected after the loop closed, and fail a later test)."""
        assert self._server is not None
        self._server.close()
        for writer in list(self._open):
            writer.close()
            with contextlib.suppress(OSError, ConnectionError):
                await writer.wait_closed()
        await self._server.wait_closed()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._open.add(writer)
        try:
            await self._reply(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._open.discard(writer)
            writer.close()

    async def _reply(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        self.lines.append(head.split("\r\n", 1)[0])
        length = next(
            (
                int(h.split(":")[1])
                for h in head.split("\r\n")
                if h.lower().startswith("content-length")
            ),
            0,
        )
        await reader.readexactly(length)
        await asyncio.sleep(self.delay)
        body = json.dumps({"ok": True, "result": True}).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()


async def test_requests_go_through_the_environments_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where Telegram is reached only through a proxy, HTTP(S)_PROXY is honoured, as httpx
    did before this transport."""
    async with RawServer() as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        request = sends_request(4)
        await request.initialize()
        try:
            answer = await request.post("http://api.telegram.example/bot123:abc/getMe")
        finally:
            await request.shutdown()
    assert answer is True
    assert proxy.lines == ["POST http://api.telegram.example/bot123:abc/getMe HTTP/1.1"]


async def test_a_refused_connection_is_a_network_error_and_a_late_answer_a_timeout() -> None:
    """What the sender treats as "uncertain, resend": PTB's NetworkError and TimedOut."""
    async with RawServer() as closed:
        port = closed.port
    request = sends_request(4, timeout=0.3)
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot1:a/getMe")
        async with RawServer(delay=2.0) as slow:
            with pytest.raises(TimedOut):
                await request.post(f"http://127.0.0.1:{slow.port}/bot1:a/getMe")
    finally:
        await request.shutdown()

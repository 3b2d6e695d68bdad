"""One HTTP listener for everything the bot serves: publisher pushes (``/ingest``) and
Prometheus metrics (``/metrics``), on ``push.host``:``push.port``.

It starts when either is enabled. Connections are bounded by ``push.max_connections`` and
requests by ``push.request_timeout`` (see :mod:`bot.ingest.connections`), whatever the path.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.config import PushSettings
from bot.ingest.connections import ConnectionGate

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebServer:
    """The bot's aiohttp server: routes are added before :meth:`start`."""

    def __init__(self, settings: PushSettings) -> None:
        self._settings = settings
        self.gate = ConnectionGate(
            limit=settings.max_connections,
            timeout=settings.request_timeout,
            per_client=settings.max_connections_per_client,
        )
        self.app = web.Application(client_max_size=settings.max_bytes)
        self._runner: web.AppRunner | None = None
        self._server: asyncio.Server | None = None
        self.url = ""

    def add(self, method: str, path: str, handler: Handler) -> None:
        """Serve ``handler`` at ``path``, each request counted by the connection gate."""

        async def gated(request: web.Request) -> web.StreamResponse:
            self.gate.request_started(request)
            try:
                return await handler(request)
            finally:
                self.gate.request_finished(request)

        self.app.router.add_route(method, path, gated)

    async def start(self) -> None:
        """Listen on the configured host and port."""
        self._runner = web.AppRunner(
            self.app, access_log=None, keepalive_timeout=self._settings.request_timeout
        )
        await self._runner.setup()
        assert self._runner.server is not None
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self.gate.factory(self._runner.server), self._settings.host, self._settings.port
        )
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://{self._settings.host}:{port}"
        paths = ", ".join(
            sorted({r.resource.canonical for r in self.app.router.routes() if r.resource})
        )
        log.info("HTTP server listening on %s (%s)", self.url, paths)

    async def stop(self) -> None:
        """Stop listening and close open connections (kept-alive ones included)."""
        if self._server is not None:
            self._server.close()
        for transport in list(self.gate.guards):
            transport.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._server is not None:
            await self._server.wait_closed()

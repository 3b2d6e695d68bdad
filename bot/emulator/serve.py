"""Start an aiohttp application on a free port of 127.0.0.1."""

from __future__ import annotations

from aiohttp import web


async def serve(
    app: web.Application, *, shutdown_timeout: float, host: str = "127.0.0.1"
) -> tuple[web.AppRunner, str]:
    """Run ``app`` on ``host`` (a loopback address; any free port); return its runner and
    base URL."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    site = web.TCPSite(runner, host, 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://{host}:{port}"

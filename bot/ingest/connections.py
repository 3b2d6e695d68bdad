"""Connection limits for the HTTP endpoint: a cap on open connections and a deadline for
each request to arrive.

aiohttp has no timeout for a request's headers, so a client that opens connections and sends
half a header keeps them (and their file handles) forever; with enough of them the server
can no longer accept anyone. Each connection is wrapped in :class:`GuardedProtocol`:

* beyond ``limit`` open connections, or ``per_client`` from one address (so one client
  cannot hold them all and shut publishers out: attack run N15), a new one is answered
  ``503`` with ``Retry-After`` and closed at once, before any parsing;
* a connection must deliver a request's headers within ``timeout`` of opening (or of its
  previous response); the handler then has the same time to read the body. A connection
  that does not is closed.

The wrapped protocol is aiohttp's own request handler, built by ``runner.server`` (the
factory aiohttp's sites pass to ``loop.create_server``); everything else is delegated to it.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable

from aiohttp import web

_BUSY_BODY = json.dumps({"error": "too many connections; try again shortly"}).encode()
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s"
    % (len(_BUSY_BODY), _BUSY_BODY)
)


class ConnectionGate:
    """The open connections of one server, and the limits they are held to."""

    def __init__(self, *, limit: int, timeout: float, per_client: int | None = None) -> None:
        self.limit = limit
        self.per_client = per_client or limit
        self.timeout = timeout
        self.guards: dict[asyncio.BaseTransport, GuardedProtocol] = {}
        self.clients: Counter[str] = Counter()  # open connections per client address
        self.refused = 0
        self.expired = 0

    def factory(self, inner: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        """A protocol factory for ``loop.create_server`` wrapping aiohttp's."""
        return lambda: GuardedProtocol(inner(), self)

    def request_started(self, request: web.Request) -> None:
        """A request's headers arrived: stop the connection's deadline."""
        guard = self.guards.get(request.transport) if request.transport else None
        if guard is not None:
            guard.disarm()

    def request_finished(self, request: web.Request) -> None:
        """A response went out: the next request on the connection gets a fresh deadline."""
        guard = self.guards.get(request.transport) if request.transport else None
        if guard is not None:
            guard.arm()


class GuardedProtocol(asyncio.Protocol):
    """aiohttp's request handler, with the gate's cap and deadline around it."""

    def __init__(self, inner: asyncio.Protocol, gate: ConnectionGate) -> None:
        self._inner = inner
        self._gate = gate
        self._transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._refused = False
        self._client = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        peer = transport.get_extra_info("peername")
        self._client = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        gate = self._gate
        if len(gate.guards) >= gate.limit or gate.clients[self._client] >= gate.per_client:
            self._refused = True
            gate.refused += 1
            transport.write(BUSY)
            transport.close()
            return
        gate.guards[transport] = self
        gate.clients[self._client] += 1
        self.arm()
        self._inner.connection_made(transport)

    def arm(self) -> None:
        """Start (or restart) the deadline for the next request's headers."""
        self.disarm()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self._gate.timeout, self._expire)

    def disarm(self) -> None:
        """Stop the deadline."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self._gate.expired += 1
        if self._transport is not None:
            self._transport.abort()

    def data_received(self, data: bytes) -> None:
        if not self._refused:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return None if self._refused else self._inner.eof_received()

    def pause_writing(self) -> None:
        if not self._refused:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if not self._refused:
            self._inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._refused:
            return
        self.disarm()
        if self._transport is not None and self._transport in self._gate.guards:
            del self._gate.guards[self._transport]
            self._gate.clients[self._client] -= 1
            if self._gate.clients[self._client] <= 0:
                del self._gate.clients[self._client]
        self._inner.connection_lost(exc)

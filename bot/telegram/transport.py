"""Bot API requests over aiohttp: python-telegram-bot's transport for sends.

PTB's default transport is httpx, whose request path (httpcore's pool, anyio) was about a
quarter of a delivering process's CPU per message at the paid-broadcast rate (measured in
``bench.postgres``: 3.8 ms per message with it, 2.9 ms with this). aiohttp, already the
bot's HTTP server, does the same work in a fraction of the time. This is PTB's ``BaseRequest``
interface over one ``aiohttp.ClientSession``, as PTB's own contrib package builds it (not on
PyPI): form fields, or multipart when a file goes along; timeouts as PTB passes them; the
environment's proxy settings (``HTTPS_PROXY``, ``NO_PROXY``), as httpx read them, for
places where Telegram is reached only through a proxy; a timeout is ``TimedOut`` and any
other transport failure ``NetworkError``, which the sender already treats as "uncertain,
resend". Long polling keeps httpx (its own request object).
"""

from __future__ import annotations

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

Timeout = float | None


class AiohttpRequest(BaseRequest):
    """Requests to the Bot API through a pool of ``connection_pool_size`` connections."""

    def __init__(
        self,
        *,
        connection_pool_size: int,
        read_timeout: Timeout,
        write_timeout: Timeout,
        connect_timeout: Timeout,
        pool_timeout: Timeout,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> Timeout:
        """The default seconds to wait for an answer."""
        return self._read

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                trust_env=True,  # HTTPS_PROXY / NO_PROXY, as httpx honoured them
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One request; (status, body)."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        read = _given(read_timeout, self._read)
        connect = _given(connect_timeout, self._connect)
        pool = _given(pool_timeout, self._pool)
        write = _given(write_timeout, self._write)
        timeout = aiohttp.ClientTimeout(
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=read if write is None or read is None else read + write,
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc


def _given(value: object, default: Timeout) -> Timeout:
    """A timeout PTB passed, or this transport's default when it passed none."""
    if isinstance(value, type(BaseRequest.DEFAULT_NONE)):  # PTB's "not given"
        return default
    return None if value is None else float(value)  # type: ignore[arg-type]


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """The parameters as form fields; multipart when a file goes along."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


def sends_request(pool_size: int, timeout: float = 10.0) -> AiohttpRequest:
    """The transport the bot sends with: ``pool_size`` connections, ``timeout`` seconds to
    connect, write and read; up to 30 s waiting for a free connection."""
    return AiohttpRequest(
        connection_pool_size=pool_size,
        pool_timeout=30.0,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
    )

"""Where fetches may go: public internet addresses only (no SSRF), unless the operator says.

A source, a page's advertised feed, or a redirect could otherwise point Livebot at its own
machine or network (``127.0.0.1``, ``10.0.0.5``, the cloud metadata service at
``169.254.169.254``) and have what it finds stored and shown by ``/latest``. Every outgoing
connection of the fetch client goes through :class:`GuardedBackend`: the host name is
resolved once, *every* address it resolves to must be public (IPv4 and IPv6; IPv4-mapped,
6to4 and Teredo forms are judged by the IPv4 address inside), and the connection is made to
the address that was checked, so DNS cannot answer differently a moment later (rebinding).
Redirects open new connections, so each hop is checked too.

``ingest.allow_private_addresses`` turns the check off (tests, a bot fetching only its own
network); ``ingest.allow_networks`` exempts chosen networks (an intranet feed server).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence

import httpcore

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]


def _embedded(address: Address) -> Address:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo), else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if inner is not None:
            return inner
    return address


def refusal(text: str, allowed: Sequence[Network] = ()) -> str | None:
    """Why Livebot must not connect to this address, or None if it may."""
    address = _embedded(ipaddress.ip_address(text.split("%", 1)[0]))
    if any(address in network for network in allowed):
        return None
    checks = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    )
    return next((why for refused, why in checks if refused), None)


async def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order, without repeats."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses :func:`refusal` allows."""

    def __init__(
        self,
        *,
        allow_private: bool,
        allowed: Iterable[Network] = (),
        resolver: Resolver = resolve,
    ) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private
        self._allowed = tuple(allowed)
        self._resolve = resolver

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve, check every address, then connect to a checked one."""
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        if not self._allow_private:
            for address in addresses:
                why = refusal(address, self._allowed)
                if why is not None:
                    raise httpcore.ConnectError(
                        f"refused to connect to {host} ({address} is {why}; "
                        "see ingest.allow_private_addresses)"
                    )
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"{host} resolves to no address")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Never: sources are URLs on the network."""
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        """As httpcore's own backend."""
        await self._inner.sleep(seconds)

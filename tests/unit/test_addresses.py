"""The SSRF guard: which addresses are refused, and that a connection goes to the address
that was checked."""

from __future__ import annotations

import asyncio
import ipaddress

import httpcore
import pytest

from bot.ingest.addresses import GuardedBackend, refusal

REFUSED = {
    "127.0.0.1": "a loopback address",
    "127.8.8.8": "a loopback address",
    "0.0.0.0": "an unspecified address",
    "10.1.2.3": "a private address",
    "172.16.0.1": "a private address",
    "192.168.1.1": "a private address",
    "169.254.169.254": "a link-local address",
    "224.0.0.1": "a multicast address",
    "240.0.0.1": "a private address",  # Python files 240/4 (reserved) under private too
    "100.64.0.1": "not a public address",
    "192.0.2.10": "a private address",
    "::1": "a loopback address",
    "::": "an unspecified address",
    "fe80::1%eth0": "a link-local address",
    "fc00::1": "a private address",
    "ff02::1": "a multicast address",
    "::ffff:127.0.0.1": "a loopback address",
    "::ffff:10.0.0.1": "a private address",
    "2002:7f00:0001::": "a loopback address",
    "2001:0:4136:e378:8000:63bf:f5ff:fffe": "a private address",  # Teredo for 10.0.0.1
}
ALLOWED = ["93.184.215.14", "8.8.8.8", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "1.1.1.1"]


@pytest.mark.parametrize(("address", "why"), REFUSED.items(), ids=list(REFUSED))
def test_internal_addresses_are_refused(address: str, why: str) -> None:
    """Loopback, private, link-local, multicast, reserved, shared and unspecified addresses,
    in IPv4 and IPv6, and IPv4 addresses inside IPv6 ones, are refused with the reason."""
    assert refusal(address) == why


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    """Public addresses pass."""
    assert refusal(address) is None


def test_chosen_networks_can_be_allowed() -> None:
    """ingest.allow_networks exempts a network (an intranet feed server), nothing else."""
    intranet = (ipaddress.ip_network("10.20.0.0/16"),)
    assert refusal("10.20.3.4", intranet) is None
    assert refusal("10.21.3.4", intranet) == "a private address"


async def test_every_resolved_address_is_checked_and_the_checked_one_is_used() -> None:
    """A name resolving to a public and a private address is refused outright; a name that
    resolves to an allowed address is connected to at exactly that address (a resolver
    answering differently a moment later cannot redirect the connection)."""
    answers = {
        "mixed.test": ["127.0.0.1", "127.0.0.2"],
        "six.test": ["127.0.0.1", "::1"],
        "rebind.test": ["127.0.0.1"],
    }
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    async def resolver(host: str, _port: int) -> list[str]:
        found = answers[host]
        answers[host] = ["127.0.0.2"]  # the attacker's DNS changes its answer
        return found

    allowed = (ipaddress.ip_network("127.0.0.1/32"),)
    backend = GuardedBackend(allow_private=False, allowed=allowed, resolver=resolver)
    with pytest.raises(httpcore.ConnectError, match=r"127\.0\.0\.2 is a loopback address"):
        await backend.connect_tcp("mixed.test", port)
    with pytest.raises(httpcore.ConnectError, match=r"::1 is a loopback address"):
        await backend.connect_tcp("six.test", port)
    stream = await backend.connect_tcp("rebind.test", port)
    assert stream.get_extra_info("server_addr") == ("127.0.0.1", port)
    await stream.aclose()
    with pytest.raises(httpcore.ConnectError, match=r"refused to connect to rebind\.test"):
        await backend.connect_tcp("rebind.test", port)
    server.close()

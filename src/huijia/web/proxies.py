"""The client's address, computed in one place for every limit and record that needs it.

`X-Forwarded-For` is believed only when the connection comes from a proxy named in
`HUIJIA_TRUSTED_PROXIES` (none by default): otherwise anyone could name any address and walk past the
per-address limits. Behind trusted proxies the client is the right-most address in the header that is
not itself a trusted proxy (the left part of the header is whatever the client chose to send).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.requests import HTTPConnection

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxySettingError(ValueError):
    """An entry of the trusted-proxy setting that is not an address or a network."""


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR networks (`10.0.0.5`, `10.0.0.0/8`, `::1`) as networks."""
    networks = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ProxySettingError(
                f"HUIJIA_TRUSTED_PROXIES: {entry!r} is not an address or network"
            ) from None
    return tuple(networks)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(connection: HTTPConnection, networks: tuple[Network, ...]) -> str:
    """The address limits and records use for this request."""
    peer = connection.client.host if connection.client else "?"
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in ",".join(connection.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a garbled header: the proxy itself is all we know
    return peer


def address_block(address: str) -> str:
    """The network one party is likely to hold: a /24 of IPv4, a /64 of IPv6 (an IPv6 host may have
    thousands of addresses)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))

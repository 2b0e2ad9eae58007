"""Where an alert webhook may not go: addresses off the public internet.

A webhook's address comes from whoever subscribed it. Sent there unchecked, an alert could be made to
reach services only this machine should (server-side request forgery): its own ports, the private
network, the cloud metadata service at 169.254.169.254. Subscribing checks the address, and delivering
checks it again, resolved then, since a name may point elsewhere by then. An installation whose receivers
sit on its own network allows them with HUIJIA_INTERNAL_WEBHOOKS=1.
"""

from __future__ import annotations

import ipaddress
import socket


def internal_address(host: str) -> str | None:
    """The first address `host` resolves to that is not on the public internet (loopback, private,
    link-local such as the cloud metadata service 169.254.169.254, reserved), or None. A webhook's
    address comes from whoever subscribed it; sent there unchecked, an alert could be made to reach
    services that only this machine should (server-side request forgery). A name that does not resolve
    is None: the delivery fails on its own."""
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None
    for *_, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if not address.is_global:
            return str(address)
    return None

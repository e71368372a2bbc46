"""The page's virtual network: servers and clients of one program, connected in memory.

A browser page has no sockets. The playground's event loop binds, listens and
connects through `Network` instead, so aiohttp's `web.run_app`, `asyncio.start_server`,
`open_connection` and `aiohttp.ClientSession` talk to each other inside the run, and
the page's server panel sends its requests through the same connections.
"""

from __future__ import annotations

from .network import Network
from .sockets import NO_NETWORK

__all__ = ["NO_NETWORK", "Network", "activate", "current", "deactivate", "serving"]

_active: Network | None = None


def activate(host, run_id) -> Network:
    """A fresh network for one run: no port is bound yet."""
    global _active
    _active = Network(host, run_id)
    return _active


def deactivate() -> None:
    """The run is over: its servers are gone, so a next run can use the same ports."""
    global _active
    network, _active = _active, None
    if network is not None:
        network.shutdown()


def current() -> Network:
    """The run's network (outside a run, a private one, as under plain CPython tests)."""
    global _active
    if _active is None:
        _active = Network()
    return _active


def serving() -> Network | None:
    """The run's network if the page may have requests for it, else None."""
    return _active if _active is not None and _active.serving else None

"""The page's virtual network: servers and clients of one program, connected in memory.

A browser page has no sockets. The playground's event loop binds, listens and
connects through `Network` instead, so aiohttp's `web.run_app`, `asyncio.start_server`,
`open_connection` and `aiohttp.ClientSession` talk to each other inside the run, and
the page's server panel sends its requests through the same connections.
"""

from __future__ import annotations

from .network import Network
from .sockets import NO_NETWORK

__all__ = ["NO_NETWORK", "Network"]

"""The virtual network of one run: which ports are bound and listening, and who connects.

Servers the program starts (aiohttp's `web.run_app`, `asyncio.start_server`, ...) bind
virtual sockets here; clients of the same program and requests typed in the page's
server panel reach them over in-memory connections. Nothing leaves the page.
"""

from __future__ import annotations

import json
import random
import socket
import weakref
from dataclasses import dataclass

from . import sockets
from .page import BadRequest, PageExchange, request_bytes
from .sockets import VirtualSocket, is_local, sockaddr
from .transport import MemoryTransport, connect

EPHEMERAL = (32768, 60999)  # Linux's ip_local_port_range
EADDRNOTAVAIL = 99


@dataclass(slots=True)
class Listener:
    sock: VirtualSocket
    loop: object
    protocol_factory: object
    server: object

    @property
    def port(self) -> int:
        return self.sock.local[1]


def _kind(protocol_factory) -> str:
    """'http' for aiohttp's servers, 'raw' for anything else (the panel's default mode)."""
    module = getattr(protocol_factory, "__module__", None) or type(protocol_factory).__module__
    return "http" if str(module).startswith("aiohttp") else "raw"


def _same_host(bound_ip: str, ip: str) -> bool:
    return bound_ip in (sockets.ANY_V4, sockets.ANY_V6) or ip in (sockets.ANY_V4, sockets.ANY_V6) or bound_ip == ip


class Network:
    """Ports, listeners and connections of one run; the server panel's requests come from
    `take_requests` (the host's) and what the panel shows goes out on `channel`."""

    def __init__(self, channel=None, take_requests=None) -> None:
        self._channel = channel
        self._take_requests = take_requests
        self._bound: list[VirtualSocket] = []
        self._listeners: dict[VirtualSocket, Listener] = {}
        self._connecting = weakref.WeakKeyDictionary()  # OS socket -> (listener, address)
        self._exchanges: dict[object, PageExchange] = {}
        self._announced: set[int] = set()
        self._random = random.Random()
        self._next_port = self._random.randint(*EPHEMERAL)

    # ---- binding and listening ----------------------------------------------------

    @property
    def serving(self) -> bool:
        return bool(self._listeners)

    def bind(self, sock: VirtualSocket, address) -> None:
        ip, port = address[0], int(address[1])
        if not is_local(ip):
            raise OSError(EADDRNOTAVAIL, "Cannot assign requested address")
        if port == 0:
            port = self._free_port(sock.family, ip)
        elif self._find_bound(sock.family, ip, port) is not None:
            raise OSError(sockets.EADDRINUSE, "Address already in use")
        sock.local = sockaddr(sock.family, ip, port)
        self._bound.append(sock)

    def release(self, sock: VirtualSocket) -> None:
        if sock in self._bound:
            self._bound.remove(sock)
        self.unlisten(sock)

    def listen(self, sock: VirtualSocket, loop, protocol_factory, server) -> None:
        self._listeners[sock] = Listener(sock, loop, protocol_factory, server)
        port = sock.local[1]
        if port not in self._announced:
            self._announced.add(port)
            self._post("server-started", port=port, host=sock.local[0], kind=_kind(protocol_factory))

    def unlisten(self, sock: VirtualSocket) -> None:
        listener = self._listeners.pop(sock, None)
        if listener is None:
            return
        port = listener.port
        if port in self._announced and not any(s.local[1] == port for s in self._listeners):
            self._announced.discard(port)
            self._post("server-stopped", port=port)

    def _find_bound(self, family, ip, port) -> VirtualSocket | None:
        for sock in self._bound:
            if sock.family == family and sock.local[1] == port and _same_host(sock.local[0], ip):
                return sock
        return None

    def _find_listener(self, family, ip, port) -> Listener | None:
        for sock, listener in self._listeners.items():
            if sock.family == family and sock.local[1] == port and _same_host(sock.local[0], ip):
                return listener
        return None

    def _free_port(self, family=socket.AF_INET, ip=sockets.ANY_V4) -> int:
        low, high = EPHEMERAL
        for _ in range(high - low + 1):
            port, self._next_port = self._next_port, self._next_port + 1
            if self._next_port > high:
                self._next_port = low
            if self._find_bound(family, ip, port) is None:
                return port
        raise OSError(sockets.EADDRINUSE, "Address already in use")

    # ---- connections ------------------------------------------------------------------

    def expect_connection(self, os_sock, address) -> None:
        """sock_connect(): there must be a listener at `address`; remember it for the transport."""
        ip, port = address[0], address[1]
        if not is_local(ip):
            raise sockets.no_network_error()
        listener = self._find_listener(os_sock.family, ip, port)
        if listener is None:
            raise sockets.refused_error(address)
        self._connecting[os_sock] = listener

    def connect_socket(self, loop, os_sock, protocol, waiter) -> MemoryTransport:
        """_make_socket_transport(): the client end of the connection sock_connect() made."""
        listener = self._connecting.pop(os_sock, None)
        if listener is None or listener.sock not in self._listeners:
            raise sockets.reset_error()
        return self.open(listener, protocol, loop, waiter=waiter, os_sock=os_sock)

    def open(self, listener: Listener, protocol, loop, *, waiter=None, os_sock=None) -> MemoryTransport:
        """Connect `protocol` (the client, on `loop`) to a new connection accepted by `listener`."""
        family = listener.sock.family
        local_ip = sockets.LOOPBACK_V4 if family == socket.AF_INET else sockets.LOOPBACK_V6
        server_address = sockaddr(family, local_ip, listener.port)
        client_sock = VirtualSocket(family)
        client_sock.local = sockaddr(family, local_ip, self._free_port(family, local_ip))
        client_sock.peer = server_address
        client = MemoryTransport(loop, client_sock, protocol, waiter=waiter, real_sock=os_sock)
        try:
            server_protocol = listener.protocol_factory()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            listener.loop.call_exception_handler(
                {"message": "Error on transport creation for incoming connection", "exception": exc}
            )
            client._receive_eof()
            return client
        server_sock = VirtualSocket(family)
        server_sock.local, server_sock.peer = server_address, client_sock.local
        server = MemoryTransport(listener.loop, server_sock, server_protocol, server=listener.server)
        connect(client, server)
        return client

    # ---- the page's requests ---------------------------------------------------------

    def deliver_requests(self) -> bool:
        """Starts the exchanges the page asked for since the last call; True if any."""
        raw = self._take_requests() if self._take_requests is not None else None
        if not raw:
            return False
        for message in json.loads(str(raw)):
            if message.get("type") == "close":
                exchange = self._exchanges.pop(message.get("id"), None)
                if exchange is not None:
                    exchange.close()
            else:
                self._start_exchange(message)
        return True

    def _start_exchange(self, message: dict) -> None:
        request_id, port = message.get("id"), int(message.get("port") or 0)

        def post(fields: dict) -> None:
            if fields.get("done"):
                self._exchanges.pop(request_id, None)
            self._post("http-response", port=port, **fields)

        listener = self._find_listener(socket.AF_INET, sockets.LOOPBACK_V4, port) or self._find_listener(
            socket.AF_INET6, sockets.LOOPBACK_V6, port
        )
        if listener is None:
            post({"requestId": request_id, "done": True,
                  "error": f"connection refused: no server of this program listens on port {port}"})
            return
        try:
            if message.get("mode") == "raw":
                payload, method = str(message.get("text", "")).encode("utf-8"), None
            else:
                method = str(message.get("method") or "GET").upper()
                payload = request_bytes(method, message.get("path", "/"), port,
                                        message.get("headers") or (), message.get("body") or "")
        except BadRequest as exc:
            post({"requestId": request_id, "done": True, "error": str(exc)})
            return
        exchange = PageExchange(request_id, post, payload=payload, method=method, eof=bool(message.get("eof")))
        self._exchanges[request_id] = exchange
        self.open(listener, exchange, listener.loop)

    # ---- page messages ---------------------------------------------------------------

    def _post(self, event: str, **fields) -> None:
        if self._channel is not None:
            self._channel.emit(event, **fields)

    def shutdown(self) -> None:
        """The run ended: every server is gone (the page hides the panel)."""
        for port in sorted(self._announced):
            self._post("server-stopped", port=port)
        self._announced.clear()
        self._listeners.clear()
        self._bound.clear()
        self._exchanges.clear()

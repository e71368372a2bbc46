"""The event loop's network methods, routed through the page's virtual network.

CPython's own `create_connection`, `start_server`, `open_connection` and everything
built on them run unchanged: only the steps that would touch the operating system
(resolving names, binding, connecting, making a socket transport) are replaced.
"""

from __future__ import annotations

import collections.abc
import os
import socket
import sys

from asyncio import base_events, tasks

from . import sockets
from .network import EADDRNOTAVAIL, Network
from .sockets import VirtualSocket

NO_TLS = "TLS (https, ssl=...) is not available in the page's virtual network"


class NetworkMethods:
    """Mixin for PlaygroundEventLoop (an asyncio.BaseEventLoop), whose `_network` is its run's."""

    _network: Network

    async def getaddrinfo(self, host, port, *, family=0, type=0, proto=0, flags=0):
        return sockets.getaddrinfo(host, port, family, type, proto, flags)

    async def getnameinfo(self, sockaddr, flags=0):
        return sockets.getnameinfo(sockaddr, flags)

    async def sock_connect(self, sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            resolved = await self._ensure_resolved(
                address, family=sock.family, type=sock.type, proto=sock.proto, loop=self)
            _, _, _, _, address = resolved[0]
        self._network.expect_connection(sock, address)

    async def create_connection(self, protocol_factory, host=None, port=None, *, ssl=None, **kwargs):
        if ssl:
            raise OSError(sockets.ENETUNREACH, NO_TLS)
        return await super().create_connection(protocol_factory, host, port, ssl=ssl, **kwargs)

    def _make_socket_transport(self, sock, protocol, waiter=None, *, extra=None, server=None):
        return self._network.connect_socket(self, sock, protocol, waiter)

    def _make_ssl_transport(self, *args, **kwargs):
        raise OSError(sockets.ENETUNREACH, NO_TLS)

    def _start_serving(self, protocol_factory, sock, sslcontext=None, server=None, backlog=100,
                       ssl_handshake_timeout=None, ssl_shutdown_timeout=None):
        self._network.listen(sock, self, protocol_factory, server)

    def _stop_serving(self, sock):
        self._network.unlisten(sock)
        sock.close()

    async def create_server(
            self, protocol_factory, host=None, port=None, *, family=socket.AF_UNSPEC,
            flags=socket.AI_PASSIVE, sock=None, backlog=100, ssl=None, reuse_address=None,
            reuse_port=None, keep_alive=None, ssl_handshake_timeout=None,
            ssl_shutdown_timeout=None, start_serving=True):
        """base_events.create_server with virtual sockets (same checks, same messages)."""
        if isinstance(ssl, bool):
            raise TypeError('ssl argument must be an SSLContext or None')
        if ssl_handshake_timeout is not None and ssl is None:
            raise ValueError('ssl_handshake_timeout is only meaningful with ssl')
        if ssl_shutdown_timeout is not None and ssl is None:
            raise ValueError('ssl_shutdown_timeout is only meaningful with ssl')
        if ssl is not None:
            raise OSError(sockets.ENETUNREACH, NO_TLS)
        if host is None and port is None:
            if sock is None:
                raise ValueError('Neither host/port nor sock were specified')
            raise ValueError("the page's virtual network cannot serve on an existing socket: "
                             "pass host and port instead")
        if sock is not None:
            raise ValueError('host/port and sock can not be specified at the same time')
        if reuse_address is None:
            reuse_address = os.name == "posix" and sys.platform != "cygwin"
        if host == '':
            hosts = [None]
        elif isinstance(host, str) or not isinstance(host, collections.abc.Iterable):
            hosts = [host]
        else:
            hosts = host
        infos = await tasks.gather(*[
            self._create_server_getaddrinfo(h, port, family=family, flags=flags) for h in hosts])
        infos = set(info for group in infos for info in group)
        server_sockets = _bind_all(self._network, infos, reuse_address, keep_alive)
        server = base_events.Server(self, server_sockets, protocol_factory, ssl, backlog,
                                    ssl_handshake_timeout, ssl_shutdown_timeout)
        if start_serving:
            server._start_serving()
            await tasks.sleep(0)
        return server


def _bind_all(network: Network, infos, reuse_address, keep_alive) -> list[VirtualSocket]:
    bound = []
    completed = False
    try:
        for af, socktype, proto, _canonname, sa in infos:
            sock = VirtualSocket(af, socktype, proto, network=network)
            bound.append(sock)
            if reuse_address:
                sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_REUSEADDR", 2), True)
            if keep_alive:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, True)
            try:
                sock.bind(sa)
            except OSError as err:
                msg = 'error while attempting to bind on address %r: %s' % (sa, str(err).lower())
                if err.errno == EADDRNOTAVAIL:
                    bound.pop()
                    sock.close()
                    continue
                raise OSError(err.errno, msg) from None
        if not bound:
            raise OSError('could not bind on any address out of %r' % ([info[4] for info in infos],))
        completed = True
    finally:
        if not completed:
            for sock in bound:
                sock.close()
    return bound

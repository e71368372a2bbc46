"""Addresses of the page's virtual network: name resolution, socket objects, errors.

The page has no network. Only `localhost` (127.0.0.1), the loopback and wildcard
addresses exist; names resolve as glibc resolves them on a Debian machine whose
/etc/hosts maps `localhost` to 127.0.0.1. Errors carry Linux's errno numbers and
texts, so messages read as they do under CPython on Linux.
"""

from __future__ import annotations

import itertools
import socket

NO_NETWORK = (
    "this page has no network access: only servers started by your program "
    "on localhost can be reached"
)

# Linux values (Pyodide's errno module has Emscripten's numbers).
EADDRINUSE = 98
ENOTCONN = 107
ECONNREFUSED = 111
ECONNRESET = 104
ENETUNREACH = 101
EAI_NONAME = -2
EAI_AGAIN = -3
EAI_ADDRFAMILY = -9

LOOPBACK_V4 = "127.0.0.1"
LOOPBACK_V6 = "::1"
ANY_V4 = "0.0.0.0"
ANY_V6 = "::"

_PROTO = {socket.SOCK_STREAM: socket.IPPROTO_TCP, socket.SOCK_DGRAM: socket.IPPROTO_UDP}
_SERVICES = {"http": 80, "https": 443}
_fake_fds = itertools.count(1000)


def no_network_error() -> OSError:
    return OSError(ENETUNREACH, NO_NETWORK)


def refused_error(address) -> ConnectionRefusedError:
    """What CPython's sock_connect raises when nothing listens (selector_events.py)."""
    return ConnectionRefusedError(ECONNREFUSED, f"Connect call failed {address}")


def reset_error() -> ConnectionResetError:
    return ConnectionResetError(ECONNRESET, "Connection reset by peer")


def is_local(ip: str) -> bool:
    """True for the addresses a program on this machine can reach."""
    return ip in (LOOPBACK_V4, ANY_V4, LOOPBACK_V6, ANY_V6)


def sockaddr(family: int, ip: str, port: int) -> tuple:
    return (ip, port, 0, 0) if family == socket.AF_INET6 else (ip, port)


def _port_number(port) -> int:
    if port is None or port in ("", b""):
        return 0
    if isinstance(port, bytes):
        port = port.decode("ascii")
    if isinstance(port, str) and not port.isdigit():
        if port.lower() in _SERVICES:
            return _SERVICES[port.lower()]
        raise socket.gaierror(-8, "Servname not supported for ai_socktype")
    return int(port)


def _addresses(host, flags: int) -> list[tuple[int, str]]:
    """(family, ip) pairs for `host`, in glibc's order."""
    if isinstance(host, bytes):
        host = host.decode("idna")
    if host is None:
        if flags & socket.AI_PASSIVE:
            return [(socket.AF_INET, ANY_V4), (socket.AF_INET6, ANY_V6)]
        return [(socket.AF_INET6, LOOPBACK_V6), (socket.AF_INET, LOOPBACK_V4)]
    if not host:
        raise socket.gaierror(EAI_NONAME, "Name or service not known")
    import ipaddress  # here, not at start-up: most programs never resolve a name

    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        if host.lower() == "localhost":
            return [(socket.AF_INET, LOOPBACK_V4), (socket.AF_INET6, LOOPBACK_V6)]
        raise socket.gaierror(EAI_AGAIN, NO_NETWORK) from None
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    return [(family, str(ip))]


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0) -> list[tuple]:
    """socket.getaddrinfo for the virtual network (never touches a real resolver)."""
    number = _port_number(port)
    found = _addresses(host, flags)
    if family == socket.AF_UNSPEC and isinstance(host, str) and host.lower() == "localhost":
        found = found[:1]  # /etc/hosts: localhost is 127.0.0.1 only
    elif family != socket.AF_UNSPEC:
        found = [pair for pair in found if pair[0] == family]
        if not found:
            raise socket.gaierror(EAI_ADDRFAMILY, "Address family for hostname not supported")
    kinds = [type] if type else [socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_RAW]
    return [
        (
            socket.AddressFamily(fam), socket.SocketKind(kind),
            proto or _PROTO.get(kind, 0), "", sockaddr(fam, ip, number),
        )
        for fam, ip in found
        for kind in kinds
    ]


def getnameinfo(sockaddr_, flags=0) -> tuple[str, str]:
    host, port = sockaddr_[:2]
    if not is_local(host) and not flags & socket.NI_NUMERICHOST:
        raise socket.gaierror(EAI_AGAIN, NO_NETWORK)
    return host, str(port)


class VirtualSocket:
    """A socket of the virtual network: it has addresses and options, no file."""

    def __init__(self, family: int, type: int = socket.SOCK_STREAM, proto: int = 0, *, network=None):
        self.family = socket.AddressFamily(family)
        self.type = socket.SocketKind(type)
        self.proto = proto or _PROTO.get(type, 0)
        self._network = network
        self._fd = next(_fake_fds)
        self._options: dict[tuple[int, int], int] = {}
        self.local: tuple | None = None
        self.peer: tuple | None = None
        self.listening = False

    def __repr__(self) -> str:
        state = f", laddr={self.local}" if self.local else ""
        return f"<virtual socket fd={self.fileno()}, family={self.family!s}, type={self.type!s}, proto={self.proto}{state}>"

    def fileno(self) -> int:
        return self._fd

    def bind(self, address) -> None:
        self._network.bind(self, address)

    def listen(self, backlog: int = 0) -> None:
        pass  # the loop's _start_serving makes the socket accept connections

    def getsockname(self) -> tuple:
        return self.local or sockaddr(self.family, ANY_V4 if self.family == socket.AF_INET else ANY_V6, 0)

    def getpeername(self) -> tuple:
        if self.peer is None:
            raise OSError(ENOTCONN, "Transport endpoint is not connected")
        return self.peer

    def setsockopt(self, level: int, option: int, value, *more) -> None:
        self._options[(level, option)] = value

    def getsockopt(self, level: int, option: int, *more) -> int:
        return self._options.get((level, option), 0)

    def setblocking(self, flag: bool) -> None:
        pass

    def settimeout(self, value) -> None:
        pass

    def gettimeout(self) -> float:
        return 0.0

    def get_inheritable(self) -> bool:
        return False

    def shutdown(self, how: int) -> None:
        pass

    def close(self) -> None:
        if self._fd != -1 and self._network is not None:
            self._network.release(self)
        self._fd = -1

"""In-memory stream transports: the two ends of one virtual TCP connection.

Each end behaves as CPython's selector socket transport does (selector_events.py):
data written on one end reaches the other end's protocol on a later loop iteration,
`close()` sends end-of-file, `abort()` resets the peer, reading can be paused, and
writers feel back-pressure through the flow-control limits.
"""

from __future__ import annotations

import asyncio
from asyncio import constants, protocols, transports, trsock

from .sockets import VirtualSocket, reset_error

MAX_READ = 256 * 1024  # what one recv() hands to data_received, as selector_events


class MemoryTransport(transports._FlowControlMixin, transports.Transport):
    """One end of a virtual connection; `_peer` is the other end."""

    _start_tls_compatible = False
    _sendfile_compatible = constants._SendfileMode.FALLBACK

    def __init__(self, loop, sock: VirtualSocket, protocol, *, waiter=None, server=None, real_sock=None):
        super().__init__({"sockname": sock.local, "peername": sock.peer}, loop)
        self._extra["socket"] = trsock.TransportSocket(sock)
        self._sock = sock
        self._real_sock = real_sock  # the unconnected OS socket asyncio made, closed with us
        self._peer: MemoryTransport | None = None
        self._inbox = bytearray()
        self._inbox_eof = False
        self._delivery = None
        self._protocol_connected = False
        self.set_protocol(protocol)
        self._server = server
        self._conn_lost = 0
        self._closing = False
        self._paused = False
        self._eof = False
        self._reading = False  # starts once connection_made() ran
        if server is not None:
            server._attach(self)
        loop.call_soon(self._protocol.connection_made, self)
        loop.call_soon(self._start_reading)
        if waiter is not None:
            loop.call_soon(_set_result_unless_cancelled, waiter, None)

    def __repr__(self) -> str:
        state = "closed" if self._sock is None else "closing" if self._closing else "open"
        return f"<MemoryTransport {state} {self._extra.get('sockname')} -> {self._extra.get('peername')}>"

    # ---- protocol and state ------------------------------------------------------

    def set_protocol(self, protocol) -> None:
        self._protocol = protocol
        self._protocol_connected = True

    def get_protocol(self):
        return self._protocol

    def is_closing(self) -> bool:
        return self._closing

    def is_reading(self) -> bool:
        return not self._closing and not self._paused

    def pause_reading(self) -> None:
        if self.is_reading():
            self._paused = True

    def resume_reading(self) -> None:
        if self._closing or not self._paused:
            return
        self._paused = False
        self._schedule_delivery()

    def get_write_buffer_size(self) -> int:
        """Bytes written here that the peer's protocol has not received yet."""
        peer = self._peer
        return len(peer._inbox) if peer is not None and peer._sock is not None else 0

    # ---- writing -----------------------------------------------------------------

    def write(self, data) -> None:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data argument must be a bytes-like object, not {type(data).__name__!r}")
        if self._eof:
            raise RuntimeError("Cannot call write() after write_eof()")
        if not data:
            return
        if self._conn_lost:
            if self._conn_lost >= constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES:
                asyncio.log.logger.warning("socket.send() raised exception.")
            self._conn_lost += 1
            return
        peer = self._peer
        if peer is not None:
            peer._receive(bytes(data))
        self._maybe_pause_protocol()

    def write_eof(self) -> None:
        if self._closing or self._eof:
            return
        self._eof = True
        if self._peer is not None:
            self._peer._receive_eof()

    def can_write_eof(self) -> bool:
        return True

    # ---- closing -----------------------------------------------------------------

    def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._inbox.clear()
        if self._peer is not None and not self._eof:
            self._peer._receive_eof()
        self._conn_lost += 1
        self._loop.call_soon(self._call_connection_lost, None)

    def abort(self) -> None:
        if self._peer is not None and not self._conn_lost:
            self._peer._receive_reset()
        self._force_close(None)

    def _fatal_error(self, exc, message="Fatal error on transport") -> None:
        if not isinstance(exc, OSError):
            self._loop.call_exception_handler(
                {"message": message, "exception": exc, "transport": self, "protocol": self._protocol}
            )
        self._force_close(exc)

    def _force_close(self, exc) -> None:
        if self._conn_lost:
            return
        self._inbox.clear()
        if not self._closing:
            self._closing = True
            if self._peer is not None and not self._eof:
                self._peer._receive_eof()
        self._conn_lost += 1
        self._loop.call_soon(self._call_connection_lost, exc)

    def _call_connection_lost(self, exc) -> None:
        try:
            if self._protocol_connected:
                self._protocol.connection_lost(exc)
        finally:
            self._sock.close()
            if self._real_sock is not None:
                self._real_sock.close()
            peer = self._peer
            self._sock = self._real_sock = self._protocol = self._peer = None
            if peer is not None and peer._peer is self:
                peer._maybe_resume_protocol()
            server, self._server = self._server, None
            if server is not None:
                server._detach(self)

    # ---- reading (called by the peer) -----------------------------------------------

    def _receive(self, data: bytes) -> None:
        if self._closing or self._inbox_eof:
            return  # as a socket whose reading side is shut: the bytes are dropped
        self._inbox += data
        self._schedule_delivery()

    def _receive_eof(self) -> None:
        if self._closing or self._inbox_eof:
            return
        self._inbox_eof = True
        self._schedule_delivery()

    def _receive_reset(self) -> None:
        if self._loop is not None and not self._conn_lost:
            self._loop.call_soon(self._reset)

    def _reset(self) -> None:
        if self._sock is not None and not self._conn_lost:
            self._fatal_error(reset_error(), "Fatal read error on socket transport")

    def _start_reading(self) -> None:
        self._reading = True
        self._schedule_delivery()

    def _schedule_delivery(self) -> None:
        if self._delivery is None and self._reading and self.is_reading() and self._loop is not None:
            self._delivery = self._loop.call_soon(self._deliver)

    def _deliver(self) -> None:
        self._delivery = None
        if self._conn_lost or not self.is_reading():
            return
        if self._inbox:
            data = bytes(self._inbox[:MAX_READ])
            del self._inbox[:MAX_READ]
            try:
                if isinstance(self._protocol, protocols.BufferedProtocol):
                    protocols._feed_data_to_buffered_proto(self._protocol, data)
                else:
                    self._protocol.data_received(data)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self._fatal_error(exc, "Fatal error: protocol.data_received() call failed.")
                return
            finally:
                if self._peer is not None:  # the writer's buffer drained
                    self._peer._maybe_resume_protocol()
            if self._inbox or self._inbox_eof:
                self._schedule_delivery()
            return
        if self._inbox_eof:
            self._on_eof()

    def _on_eof(self) -> None:
        try:
            keep_open = self._protocol.eof_received()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._fatal_error(exc, "Fatal error: protocol.eof_received() call failed.")
            return
        if not keep_open:
            self.close()


def _set_result_unless_cancelled(fut, result) -> None:
    if not fut.cancelled():
        fut.set_result(result)


def connect(client: MemoryTransport, server: MemoryTransport) -> None:
    """Join two ends into one connection."""
    client._peer, server._peer = server, client

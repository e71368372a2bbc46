"""The page's side of a connection: a request typed in the server panel, its response.

The panel asks for `GET /Alice`; `request_bytes` writes the HTTP/1.1 request a
command-line client would send, `PageExchange` sends it to the program's server over
an in-memory connection, reads the response with `ResponseReader` and posts it to
the page as it arrives. In raw mode the typed text is sent as it is (echo servers).
"""

from __future__ import annotations

import asyncio
import codecs
import re

USER_AGENT = "asyncio-playground"
MAX_SHOWN = 1_000_000  # characters of a response forwarded to the page
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_NO_BODY_STATUS = {204, 304}


class BadRequest(ValueError):
    """The panel's request cannot be written as HTTP/1.1 (message for the page)."""


def request_bytes(method: str, path: str, port: int, headers=(), body: str = "") -> bytes:
    """The bytes of an HTTP/1.1 request, with curl's default headers unless given."""
    method = (method or "GET").upper()
    if not _TOKEN.match(method):
        raise BadRequest(f"invalid method: {method!r}")
    path = (path or "/").split("#", 1)[0].strip()
    if not path.startswith("/"):
        path = "/" + path
    from urllib.parse import quote  # here, not at start-up: only the server panel asks

    target = quote(path, safe="/:@!$&'()*+,;=-._~%?")
    lines = [f"{method} {target} HTTP/1.1"]
    given = set()
    extra = []
    for name, value in headers:
        name, value = str(name).strip(), str(value).strip()
        if not name:
            continue
        if not _TOKEN.match(name):
            raise BadRequest(f"invalid header name: {name!r}")
        if any(c in value for c in "\r\n\0"):
            raise BadRequest(f"invalid value for header {name}")
        given.add(name.lower())
        extra.append(f"{name}: {value}")
    payload = (body or "").encode("utf-8")
    if "host" not in given:
        lines.append(f"Host: localhost:{port}")
    if "user-agent" not in given:
        lines.append(f"User-Agent: {USER_AGENT}")
    if "accept" not in given:
        lines.append("Accept: */*")
    lines += extra
    wants_length = payload or method in ("POST", "PUT", "PATCH")
    if wants_length and not {"content-length", "transfer-encoding"} & given:
        lines.append(f"Content-Length: {len(payload)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + payload


class ResponseReader:
    """Finds where an HTTP/1.1 response ends and takes its body out of the framing."""

    def __init__(self, method: str) -> None:
        self._method = method.upper()
        self._buffer = bytearray()
        self._state = "head"
        self._remaining = 0
        self.head: dict | None = None

    @property
    def complete(self) -> bool:
        return self._state == "done"

    def feed(self, data: bytes) -> bytes:
        """Takes bytes from the connection; returns the body bytes found in them."""
        self._buffer += data
        body = bytearray()
        while self._state != "done" and self._step(body):
            pass
        return bytes(body)

    def end_of_stream(self) -> None:
        if self._state == "until-close":
            self._state = "done"

    def _step(self, body: bytearray) -> bool:
        buf = self._buffer
        if self._state == "head":
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return False
            head = self._parse_head(bytes(buf[:end]))
            del buf[: end + 4]
            if 100 <= head["status"] < 200 and head["status"] != 101:
                return True  # 100 Continue: the real response follows
            self.head = head
            self._state = self._body_state(head)
            return True
        if self._state in ("length", "chunk-data"):
            taken = bytes(buf[: self._remaining])
            del buf[: len(taken)]
            body += taken
            self._remaining -= len(taken)
            if self._remaining:
                return False
            self._state = "done" if self._state == "length" else "chunk-end"
            return True
        if self._state == "until-close":
            body += buf
            buf.clear()
            return False
        end = buf.find(b"\r\n")
        if end < 0:
            return False
        line = bytes(buf[:end])
        del buf[: end + 2]
        if self._state == "chunk-end":
            self._state = "chunk-size"
        elif self._state == "chunk-size":
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
            self._state, self._remaining = ("chunk-data", size) if size else ("trailers", 0)
        elif self._state == "trailers" and not line:
            self._state = "done"
        return True

    @staticmethod
    def _parse_head(raw: bytes) -> dict:
        status_line, *header_lines = raw.decode("latin-1").split("\r\n")
        version, _, rest = status_line.partition(" ")
        code, _, reason = rest.partition(" ")
        if not version.startswith("HTTP/") or not code.isdigit():
            raise ValueError(f"status line {status_line[:60]!r}")
        headers = [list(map(str.strip, line.split(":", 1))) for line in header_lines if ":" in line]
        return {"version": version, "status": int(code), "reason": reason, "headers": headers}

    def _body_state(self, head: dict) -> str:
        if self._method == "HEAD" or head["status"] in _NO_BODY_STATUS:
            return "done"
        fields = {name.lower(): value for name, value in head["headers"]}
        if "chunked" in fields.get("transfer-encoding", "").lower():
            return "chunk-size"
        if "content-length" in fields:
            self._remaining = int(fields["content-length"])
            return "length" if self._remaining else "done"
        return "until-close"


class PageExchange(asyncio.Protocol):
    """One request from the page: sends it, posts the response back as it arrives."""

    def __init__(self, request_id, post, *, payload: bytes, method: str | None, eof: bool = False) -> None:
        self.request_id = request_id
        self._post = post
        self._payload = payload
        self._eof = eof
        self._reader = ResponseReader(method) if method else None
        self._raw_text = codecs.getincrementaldecoder("utf-8")("replace")
        self._body_text = codecs.getincrementaldecoder("utf-8")("replace")
        self._shown = 0
        self._head_sent = False
        self._finished = False
        self.transport = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self._payload)
        if self._eof:
            transport.write_eof()

    def data_received(self, data: bytes) -> None:
        if self._finished:
            return
        try:
            body = self._reader.feed(data) if self._reader else b""
        except ValueError as exc:  # not HTTP/1.1: say so, and hang up as a client would
            self._finished = True
            self._send(raw=self._raw_text.decode(data, True), body="", done=True,
                       error=f"the server's answer is not a valid HTTP/1.1 response ({exc})")
            self.transport.close()
            return
        complete = self._reader is not None and self._reader.complete
        self._finished = complete
        self._send(raw=self._raw_text.decode(data, complete), body=self._body_text.decode(body, complete),
                   done=complete)
        if complete:
            self.transport.close()  # as a browser that got the whole response

    def eof_received(self) -> None:
        if self._reader is not None:
            self._reader.end_of_stream()
        return None  # close our end too

    def connection_lost(self, exc) -> None:
        self._finish(exc)

    def close(self) -> None:
        """The page closed the connection (raw mode)."""
        if self.transport is not None:
            self.transport.close()

    def _finish(self, exc=None) -> None:
        if self._finished:
            return
        self._finished = True
        error = None
        if self._reader is not None and not self._reader.complete:
            error = (
                "the server closed the connection without answering" if self._reader.head is None
                else "the server closed the connection before the end of the response"
            )
        if isinstance(exc, ConnectionResetError):
            error = "the server reset the connection"
        self._send(raw=self._raw_text.decode(b"", True), body=self._body_text.decode(b"", True),
                   done=True, error=error)

    def _send(self, *, raw: str, body: str, done: bool = False, error: str | None = None) -> None:
        message = {"requestId": self.request_id, "done": done}
        if self._reader is not None and self._reader.head is not None and not self._head_sent:
            message["head"] = self._reader.head
            self._head_sent = True
        room = MAX_SHOWN - self._shown
        if len(raw) > room:
            message["truncated"] = True
        raw, body = raw[: max(room, 0)], body[: max(room, 0)]
        self._shown += len(raw)
        if raw:
            message["raw"] = raw
        if body:
            message["body"] = body
        if error:
            message["error"] = error
        if done or raw or body or "head" in message:
            self._post(message)

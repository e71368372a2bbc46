"""The dev server (`build.py serve`, and the tests' and bench's server): dist/ over HTTP.

Static files with the headers the playground needs (COOP/COEP for cross-origin
isolation, CORS for embeds, no-cache) and the precompressed siblings of tools/compress.py.
"""

from __future__ import annotations

import datetime
import email.utils
import errno
import functools
import http.server
import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from tools.common import DIST, BuildError, note
from tools.compress import ENCODINGS


class PlaygroundRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from the server's directory with the headers the playground needs."""

    server_version = "asyncio-playground"
    MIME_TYPES = {
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".json": "application/json",
        ".map": "application/json",
        ".wasm": "application/wasm",
        ".whl": "application/octet-stream",
        ".zip": "application/zip",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".ico": "image/x-icon",
        ".txt": "text/plain; charset=utf-8",
        ".py": "text/plain; charset=utf-8",
    }

    def version_string(self) -> str:
        return self.server_version

    def end_headers(self) -> None:
        if getattr(self.server, "isolation", True):
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        # CORS: embed.js on another origin's page imports worker.js and fetches Pyodide.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        if getattr(self, "_varies_by_encoding", False):
            self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def guess_type(self, path) -> str:
        return self.MIME_TYPES.get(os.path.splitext(str(path))[1].lower(), "application/octet-stream")

    def send_head(self):
        path = self.translate_path(self.path)
        root = os.path.realpath(self.directory)
        real = os.path.realpath(path)
        if real != root and not real.startswith(root + os.sep):
            self.send_error(404, "File not found")  # e.g. a symlink out of dist/
            return None
        if os.path.isdir(path) and not os.path.isfile(os.path.join(path, "index.html")):
            self.send_error(404, "File not found")
            return None
        self._varies_by_encoding = False
        encoded = self._send_precompressed(path)
        return encoded if encoded is not None or self._varies_by_encoding else super().send_head()

    def _send_precompressed(self, path: str):
        """Sends NAME.br or NAME.gz (see precompress) for NAME if the client accepts it.

        Returns the open file, or None: then nothing was sent, unless the answer was a 304
        (self._varies_by_encoding tells whether NAME has precompressed siblings at all).
        """
        if not getattr(self.server, "compression", True):
            return None
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return None  # SimpleHTTPRequestHandler redirects to the slashed URL
            path = os.path.join(path, "index.html")
        variants = [(name, path + suffix) for name, suffix in ENCODINGS if os.path.isfile(path + suffix)]
        if not variants or not os.path.isfile(path):
            return None
        accepted = self._accepted_encodings()
        chosen = next(((name, p) for name, p in variants if name in accepted), None)
        if chosen is None:
            self._varies_by_encoding = True
            return super().send_head()  # the identity file, with Vary
        encoding, encoded_path = chosen
        self._varies_by_encoding = True
        modified = os.stat(path).st_mtime
        if self._not_modified_since(modified):
            self.send_response(304)
            self.end_headers()
            return None
        f = open(encoded_path, "rb")
        try:
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))  # the original's type
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("Last-Modified", self.date_time_string(modified))
            self.end_headers()
            return f
        except BaseException:
            f.close()
            raise

    def _accepted_encodings(self) -> set[str]:
        """Content codings in Accept-Encoding, less those with q=0."""
        accepted = set()
        for item in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = item.partition(";")
            weight = params.strip().lower()
            if weight.startswith("q="):
                try:
                    if float(weight[2:]) <= 0:
                        continue
                except ValueError:
                    continue
            if name.strip():
                accepted.add(name.strip().lower())
        return accepted

    def _not_modified_since(self, mtime: float) -> bool:
        """If-Modified-Since as SimpleHTTPRequestHandler checks it."""
        header = self.headers.get("If-Modified-Since")
        if not header or "If-None-Match" in self.headers:
            return False
        try:
            since = email.utils.parsedate_to_datetime(header)
        except (TypeError, IndexError, OverflowError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=datetime.timezone.utc)
        modified = datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc).replace(microsecond=0)
        return modified <= since

    def list_directory(self, path):
        self.send_error(404, "File not found")
        return None

    def log_message(self, format, *args) -> None:
        pass  # no per-request lines

    def log_error(self, format, *args) -> None:
        request = f"{getattr(self, 'command', None) or '-'} {getattr(self, 'path', '')}".strip()
        sys.stderr.write(f"serve: {request}: {format % args}\n")


class PlaygroundServer(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer serving one directory; `isolation` toggles COOP/COEP."""

    daemon_threads = True

    def __init__(self, address, directory: Path, isolation: bool = True, compression: bool = True):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.directory = Path(directory)
        self.isolation = isolation
        self.compression = compression  # send precompressed siblings (Content-Encoding)
        handler = functools.partial(PlaygroundRequestHandler, directory=str(directory))
        super().__init__(address, handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser went away mid-response
        sys.stderr.write(f"serve: error handling a request from {client_address[0]}: {exc!r}\n")


def make_server(host: str = "127.0.0.1", port: int = 0, *, isolation: bool = True,
                directory: Path | str = DIST, compression: bool = True) -> PlaygroundServer:
    """A bound (not yet running) server for `directory`; call serve_forever() on it.

    port=0 picks a free port: read it back from server.server_address or server.url.
    compression=False serves every file as it is (never its .br/.gz sibling).
    """
    return PlaygroundServer((host, port), Path(directory), isolation=isolation, compression=compression)


def serve(host: str, port: int, isolation: bool, build: Callable[[], object]) -> int:
    """Listen, build() dist/, then serve it until Ctrl+C."""
    try:  # listen first: a busy port should not cost a rebuild of dist/
        server = make_server(host, port, isolation=isolation)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise BuildError(f"port {port} on {host} is already in use (try --port {port + 1})") from None
        raise BuildError(f"cannot listen on {host}:{port}: {exc}") from None
    try:
        build()
    except BaseException:
        server.server_close()
        raise

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    note(f"Serving asyncio-playground on {server.url}")
    if not isolation:
        note("(--no-isolation: no COOP/COEP headers, so the page runs without cross-origin isolation)")
    note("Press Ctrl+C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        note("\nStopped.")
    finally:
        server.server_close()
    return 0

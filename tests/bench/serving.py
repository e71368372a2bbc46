"""The dev server (tools/devserver.py), run in a thread, counting the bytes it sends (headers included)."""

from __future__ import annotations

import functools
import threading
import time
from collections import Counter
from pathlib import Path

from tools.devserver import PlaygroundRequestHandler, make_server


class _CountingWriter:
    """Wraps a handler's wfile; adds every byte written to the site's counters."""

    def __init__(self, raw, site: "CountingSite", handler) -> None:
        self._raw, self._site, self._handler = raw, site, handler

    def write(self, data) -> int:
        self._site.count(getattr(self._handler, "path", "?"), len(data))
        return self._raw.write(data)

    def __getattr__(self, name):
        return getattr(self._raw, name)


class CountingSite:
    """`with CountingSite(dist, compression=True) as site:` serves dist/ at site.url."""

    def __init__(self, directory: Path, *, compression: bool) -> None:
        self._lock = threading.Lock()
        self._bytes: Counter = Counter()
        self._active = 0
        self._last_activity = time.monotonic()
        self.server = make_server("127.0.0.1", 0, directory=directory, compression=compression)
        self.server.RequestHandlerClass = functools.partial(
            self._handler_class(PlaygroundRequestHandler), directory=str(directory)
        )
        self.url = self.server.url
        self._thread = threading.Thread(target=self.server.serve_forever, name="bench-server", daemon=True)

    def _handler_class(self, base):
        site = self

        class CountingHandler(base):
            def setup(self):
                super().setup()
                self.wfile = _CountingWriter(self.wfile, site, self)
                site._enter()

            def finish(self):
                try:
                    super().finish()
                finally:
                    site._leave()

        return CountingHandler

    def __enter__(self) -> "CountingSite":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=10)

    def _enter(self) -> None:
        with self._lock:
            self._active += 1
            self._last_activity = time.monotonic()

    def _leave(self) -> None:
        with self._lock:
            self._active -= 1
            self._last_activity = time.monotonic()

    def count(self, path: str, size: int) -> None:
        with self._lock:
            self._bytes[path.split("?")[0]] += size
            self._last_activity = time.monotonic()

    def reset(self) -> None:
        with self._lock:
            self._bytes.clear()

    def idle(self, quiet: float = 0.5, timeout: float = 30.0) -> None:
        """Waits until no request has been in flight for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._active == 0 and time.monotonic() - self._last_activity >= quiet:
                    return
            time.sleep(0.05)

    def bytes_sent(self) -> int:
        with self._lock:
            return sum(self._bytes.values())

    def bytes_by_path(self) -> dict[str, int]:
        with self._lock:
            return dict(self._bytes.most_common())

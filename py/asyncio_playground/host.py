"""The host: what the runtime needs from the place it runs in (worker or test thread).

In the browser the host is a JS object from worker.js; under CPython it is
`ThreadHost`. Both offer the same calls.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from typing import Protocol


class Host(Protocol):
    def wait(self, timeout: float | None, wake_on_requests: bool = False) -> int:
        """Block up to `timeout` seconds (None: forever) or until woken.

        With `wake_on_requests`, return at once while requests from the page's server
        panel wait in the mailbox. Returns the number of a signal the page asked for
        (SIGINT for Stop), else 0.
        """

    def post(self, message: str) -> None:
        """Send one JSON message to the page."""

    def stop_requested(self) -> bool:
        """True once the page asked the current run to stop."""

    def take_requests(self) -> str | None:
        """The page's pending server-panel messages as a JSON list (emptying the mailbox), or None."""

    def interrupt_later(self, signum: int) -> None:
        """Deliver `signum` again at the program's next signal check or wait, not at once (a
        Ctrl+C that landed in the playground's own gc callback goes back to the program)."""


class ThreadHost:
    """A host for CPython: waits on a condition; `interrupt()` plays the Stop button."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._cond = threading.Condition()
        self._signal = 0
        self._stop = False
        self._requests: list[dict] = []

    def wait(self, timeout: float | None, wake_on_requests: bool = False) -> int:
        with self._cond:
            if not self._signal and not (wake_on_requests and self._requests):
                if timeout is None:
                    self._cond.wait()
                elif timeout > 0:
                    self._cond.wait(timeout)
            sig, self._signal = self._signal, 0
            return sig

    def post(self, message: str) -> None:
        self.messages.append(message)

    def stop_requested(self) -> bool:
        return self._stop

    def take_requests(self) -> str | None:
        with self._cond:
            requests, self._requests = self._requests, []
        return json.dumps(requests) if requests else None

    def send_request(self, message: dict) -> None:
        """Play the page's server panel: queue `message` for the program and wake it."""
        with self._cond:
            self._requests.append(message)
            self._cond.notify_all()

    def interrupt(self, signum: int = signal.SIGINT) -> None:
        """Ask for a stop, as the page does: flag, pending signal, wake-up."""
        with self._cond:
            self._stop = True
            self._signal = signum
            self._cond.notify_all()

    def interrupt_later(self, signum: int) -> None:
        with self._cond:
            self._signal = signum

    def reset(self) -> None:
        with self._cond:
            self._stop = False
            self._signal = 0


def now() -> float:
    return time.monotonic()

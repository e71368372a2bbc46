"""The host: what the runtime needs from the place it runs in (worker or test thread).

In the browser the host is a JS object from worker.js; under CPython it is
`ThreadHost`. Both offer the same four calls.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Protocol


class Host(Protocol):
    def wait(self, timeout: float | None) -> int:
        """Block up to `timeout` seconds (None: forever) or until woken.

        Returns the number of a signal the page asked for (SIGINT for Stop), else 0.
        """

    def post(self, message: str) -> None:
        """Send one JSON message to the page."""

    def stop_requested(self) -> bool:
        """True once the page asked the current run to stop."""


class ThreadHost:
    """A host for CPython: waits on a condition; `interrupt()` plays the Stop button."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._cond = threading.Condition()
        self._signal = 0
        self._stop = False

    def wait(self, timeout: float | None) -> int:
        with self._cond:
            if not self._signal:
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

    def interrupt(self, signum: int = signal.SIGINT) -> None:
        """Ask for a stop, as the page does: flag, pending signal, wake-up."""
        with self._cond:
            self._stop = True
            self._signal = signum
            self._cond.notify_all()

    def reset(self) -> None:
        with self._cond:
            self._stop = False
            self._signal = 0


def now() -> float:
    return time.monotonic()

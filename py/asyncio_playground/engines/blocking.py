"""Blocking waits that the Stop button can interrupt, with CPython's Ctrl+C rules.

During a run of the CPython loop engine, `time.sleep` is the run's `Waits.sleep`: it
blocks the whole worker, as CPython's does, and a Stop behaves like Ctrl+C in a terminal
(PEP 475: if the SIGINT handler does not raise, the sleep resumes for the time left).
"""

from __future__ import annotations

import math
import signal
import sys
import time

_orig_sleep = time.sleep


def deliver_signal(signum: int) -> None:
    """Run the Python-level handler of `signum` as the interpreter would."""
    handler = signal.getsignal(signum)
    if handler is signal.default_int_handler or handler in (signal.SIG_DFL, None):
        raise KeyboardInterrupt
    if callable(handler):
        handler(signum, sys._getframe(1))


class Waits:
    """The waits of one run, on `host` (web/worker.js; none: plain sleeps, a loop of its own).

    `before_wait` runs before each wait (it shows the page the output so far); `sleep` is
    the run's `time.sleep`.
    """

    def __init__(self, host=None, before_wait=None) -> None:
        self._host = host
        self.before_wait = before_wait
        self._sigints = 0  # the Stop's Ctrl+C that this run's waits received
        self.sleep = _sleep_for(self)

    def flush(self) -> None:
        """What `wait` does first (show pending output), for a caller that skips the wait."""
        if self.before_wait is not None:
            self.before_wait()

    def wait(self, timeout: float | None, *, wake_on_requests: bool = False) -> None:
        """Block up to `timeout` seconds; a Stop runs the SIGINT handler (which may raise).

        With `wake_on_requests`, a request from the page's server panel ends the wait too.
        """
        host = self._host
        if host is None:
            if timeout:
                _orig_sleep(timeout)
            return
        self.flush()
        if self._sigints >= 2 and signal.getsignal(signal.SIGINT) is signal.default_int_handler \
                and host.stop_requested():
            # Stop's two Ctrl+C came and the program waits again (asyncio.run cancelling a task that
            # swallows CancelledError): the page would restart Python; a terminal user presses Ctrl+C
            # a third time, which ends the program. Do that now.
            raise KeyboardInterrupt
        signum = host.wait(timeout, True) if wake_on_requests else host.wait(timeout)
        if signum:
            if signum == signal.SIGINT:
                self._sigints += 1
            deliver_signal(signum)


def _sleep_for(waits: Waits):
    """time.sleep for a run: waits on `waits`, and reads as CPython's (name, module, doc)."""

    def sleep(secs: float, /) -> None:
        """sleep(seconds)

        Delay execution for a given number of seconds. The argument may be
        a floating-point number for subsecond precision.
        """
        if isinstance(secs, bool) or not isinstance(secs, (int, float)):
            try:
                secs = secs.__float__()  # as CPython: objects with __float__ work
            except AttributeError:
                raise TypeError(
                    f"'{type(secs).__name__}' object cannot be interpreted as an integer or float"
                ) from None
        if math.isnan(secs):
            raise ValueError("Invalid value NaN (not a number)")
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        deadline = time.monotonic() + secs
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            waits.wait(remaining)

    sleep.__module__ = "time"
    sleep.__qualname__ = "sleep"
    return sleep

"""Blocking waits that the Stop button can interrupt, with CPython's Ctrl+C rules.

`time.sleep` is replaced by `sleep` for user code: it blocks the whole worker, as
CPython's does, and a Stop behaves like Ctrl+C in a terminal (PEP 475: if the
SIGINT handler does not raise, the sleep resumes for the time left).
"""

from __future__ import annotations

import math
import signal
import sys
import time

from ..host import Host

_host: Host | None = None
_before_wait = None
_sigints = 0  # the Stop's Ctrl+C that this run's waits received


def set_host(host: Host | None, before_wait=None) -> None:
    """Route waits to `host`; `before_wait` runs first (it flushes pending output)."""
    global _host, _before_wait, _sigints
    _host, _before_wait, _sigints = host, before_wait, 0


def before_wait() -> None:
    """What `wait` does first (flush pending output), for a caller that skips the wait."""
    if _before_wait is not None:
        _before_wait()


def deliver_signal(signum: int) -> None:
    """Run the Python-level handler of `signum` as the interpreter would."""
    handler = signal.getsignal(signum)
    if handler is signal.default_int_handler or handler in (signal.SIG_DFL, None):
        raise KeyboardInterrupt
    if callable(handler):
        handler(signum, sys._getframe(1))


def wait(timeout: float | None, *, wake_on_requests: bool = False) -> None:
    """Block up to `timeout` seconds; a Stop runs the SIGINT handler (which may raise).

    With `wake_on_requests`, a request from the page's server panel ends the wait too.
    """
    if _host is None:
        if timeout:
            _orig_sleep(timeout)
        return
    if _before_wait is not None:
        _before_wait()
    if _sigints >= 2 and signal.getsignal(signal.SIGINT) is signal.default_int_handler and _host.stop_requested():
        # Stop's two Ctrl+C came and the program waits again (asyncio.run cancelling a task that
        # swallows CancelledError): the page would restart Python; a terminal user presses Ctrl+C
        # a third time, which ends the program. Do that now.
        raise KeyboardInterrupt
    signum = _host.wait(timeout, True) if wake_on_requests else _host.wait(timeout)
    if signum:
        _count(signum)
        deliver_signal(signum)


def _count(signum: int) -> None:
    global _sigints
    if signum == signal.SIGINT:
        _sigints += 1


_orig_sleep = time.sleep


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
        wait(remaining)


sleep.__module__ = "time"
sleep.__qualname__ = "sleep"

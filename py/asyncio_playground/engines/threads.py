"""What needs a second thread, which Python in the browser does not have: a short error at once.

For the length of a run, `threading.Thread.start()` and `ThreadPoolExecutor.submit()` called
from the program's thread raise RuntimeError from one line of the program (not 30 lines of
the standard library ending in "can't start new thread"), and waiting in the event loop's own
thread for a `run_coroutine_threadsafe()` future raises instead of hanging: only that loop
could run the coroutine. insights/hints.py explains both (what works here instead).
"""

from __future__ import annotations

import asyncio
import asyncio.tasks as asyncio_tasks
import concurrent.futures
import threading

from .. import IN_PYODIDE

NO_THREAD = (
    "can't start new thread: Python in the browser has no threads "
    "(asyncio.to_thread() and loop.run_in_executor(None, ...) run the function inline instead)"
)
DEADLOCK = (
    "waiting for a run_coroutine_threadsafe() future in its event loop's own thread would wait "
    "forever: the coroutine can only run once this thread returns to the loop"
)

_orig_start = threading.Thread.start
_orig_submit = concurrent.futures.ThreadPoolExecutor.submit
_orig_run_coroutine_threadsafe = asyncio_tasks.run_coroutine_threadsafe


def _guarded_start(in_run_thread):
    def start(self):
        if not in_run_thread():
            return _orig_start(self)
        raise RuntimeError(NO_THREAD)

    return start


def _guarded_submit(in_run_thread):
    def submit(self, fn, /, *args, **kwargs):
        if not in_run_thread() or self._shutdown or self._broken:
            return _orig_submit(self, fn, *args, **kwargs)  # its own errors, as CPython words them
        raise RuntimeError(NO_THREAD)

    return submit


class LoopThreadFuture(concurrent.futures.Future):
    """A run_coroutine_threadsafe() future: waiting for it in its loop's thread raises."""

    def _check_wait(self, timeout) -> None:
        if self.done():
            return
        loop = self._playground_loop
        if not (loop._thread_id == threading.get_ident() or (IN_PYODIDE and loop._thread_id is None)):
            return  # another thread runs the loop (CPython only): a real wait
        if timeout is None:
            raise RuntimeError(DEADLOCK)
        self._playground_sleep(timeout)  # what CPython does: wait in vain, then time out (Stop works)
        raise TimeoutError()

    def result(self, timeout=None):
        self._check_wait(timeout)
        return super().result(timeout)

    def exception(self, timeout=None):
        self._check_wait(timeout)
        return super().exception(timeout)


def _guarded_run_coroutine_threadsafe(sleep):
    def run_coroutine_threadsafe(coro, loop):
        future = _orig_run_coroutine_threadsafe(coro, loop)
        future.__class__ = LoopThreadFuture
        future._playground_loop, future._playground_sleep = loop, sleep
        return future

    run_coroutine_threadsafe.__doc__ = _orig_run_coroutine_threadsafe.__doc__
    return run_coroutine_threadsafe


_CALLS = {  # the code of each refusing call (every run's guard runs the same code)
    _guarded_start(None).__code__: "threading.Thread.start()",
    _guarded_submit(None).__code__: "ThreadPoolExecutor.submit()",
    LoopThreadFuture._check_wait.__code__: "run_coroutine_threadsafe(...).result()",
}


def refused_call(exc: BaseException) -> str | None:
    """The call an error of this module refused (for the hint), or None."""
    if not isinstance(exc, RuntimeError) or str(exc) not in (NO_THREAD, DEADLOCK):
        return None
    tb = exc.__traceback__
    while tb is not None:
        call = _CALLS.get(tb.tb_frame.f_code)
        if call is not None:
            return call
        tb = tb.tb_next
    return None


class ThreadGuard:
    """The guards of one run, for the thread that installs them; `sleep` is the run's time.sleep."""

    def __init__(self, sleep) -> None:
        self._sleep = sleep
        self._thread: int | None = None

    def _in_run_thread(self) -> bool:
        return threading.get_ident() == self._thread

    def install(self, patches) -> None:
        self._thread = threading.get_ident()
        patches.set(threading.Thread, "start", _guarded_start(self._in_run_thread))
        patches.set(concurrent.futures.ThreadPoolExecutor, "submit", _guarded_submit(self._in_run_thread))
        threadsafe = _guarded_run_coroutine_threadsafe(self._sleep)
        patches.set(asyncio, "run_coroutine_threadsafe", threadsafe)
        patches.set(asyncio_tasks, "run_coroutine_threadsafe", threadsafe)

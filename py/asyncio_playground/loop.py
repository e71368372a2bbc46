"""CPython's own event loop, with a selector that blocks the worker instead of polling fds.

Everything but waiting is `asyncio.BaseEventLoop`: ready queue, timers, task names,
cancellation, warnings. Threads do not exist in Pyodide, so the default executor
runs functions inline.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import weakref

from . import blocking


class HostSelector:
    """The loop's selector: no file descriptors, `select(timeout)` just blocks."""

    def select(self, timeout: float | None = None) -> list:
        blocking.wait(timeout)
        return []

    def close(self) -> None:
        pass

    def get_map(self) -> dict:
        return {}


class InlineExecutor(concurrent.futures.Executor):
    """Runs each submitted function at once, in the loop's thread."""

    def __init__(self) -> None:
        self._shutdown = False

    def submit(self, fn, /, *args, **kwargs):
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future = concurrent.futures.Future()
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            if not isinstance(exc, Exception):
                raise
            future.set_exception(exc)
        else:
            future.set_result(result)
        return future

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._shutdown = True


class PlaygroundEventLoop(asyncio.BaseEventLoop):
    """asyncio's base loop driven by blocking waits on the page's control buffer."""

    def __init__(self) -> None:
        super().__init__()
        self._selector = HostSelector()
        self._default_executor = InlineExecutor()
        created_loops.add(self)

    def _process_events(self, event_list) -> None:
        pass

    def _write_to_self(self) -> None:
        # One thread only: the loop is never asleep when a callback is added.
        pass

    async def shutdown_default_executor(self, timeout=None):
        self._executor_shutdown_called = True
        if self._default_executor is not None:
            self._default_executor.shutdown(wait=True)

    def run_in_executor(self, executor, func, *args):
        if executor is None and self._default_executor is None:
            self._default_executor = InlineExecutor()
        return super().run_in_executor(executor, func, *args)


created_loops: weakref.WeakSet[PlaygroundEventLoop] = weakref.WeakSet()

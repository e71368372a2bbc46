"""The default engine: user code runs on CPython's asyncio, not on Pyodide's WebLoop.

At import, Pyodide replaces `asyncio.run` and `time.sleep`, sets a WebLoop policy and
makes a WebLoop the running loop. `CPythonLoopEngine` puts CPython's behaviour back
for the length of one run and restores Pyodide's afterwards, so neither leaks.
"""

from __future__ import annotations

import asyncio
import asyncio.events as events
import asyncio.unix_events as unix_events
import signal
import sys
import time

from .. import IN_PYODIDE
from . import blocking
from .loop import PlaygroundEventLoop, SelectorEventLoop, created_loops, reset_task_numbers
from .threads import ThreadGuard


def _loop_names() -> list[tuple[object, str]]:
    """Where CPython names its loop class: during a run each of them names ours.

    The default policy's class is patched, not replaced, so a program's
    `set_event_loop_policy(None)` or `DefaultEventLoopPolicy()` makes our loops too.
    """
    return [
        (asyncio, "EventLoop"),
        (asyncio, "SelectorEventLoop"),
        (unix_events, "EventLoop"),
        (unix_events, "SelectorEventLoop"),
        (unix_events._UnixDefaultEventLoopPolicy, "_loop_factory"),
    ]


JS_PROMISE_MESSAGE = (
    "awaiting a JavaScript promise (pyodide.http.pyfetch, js.fetch, any awaitable JsProxy) "
    "needs the browser's event loop: choose the WebLoop engine (first line "
    "`# engine: webloop`, or the Engine menu). This engine runs CPython's own event loop, "
    "which blocks the worker while it waits, so the promise could never settle."
)


def _refuse_js_promises(get_future_resolvers):
    """Pyodide's hook behind `await <JS promise>`, made to fail at once on our loop (not hang)."""

    def guarded(future):
        if isinstance(future.get_loop(), PlaygroundEventLoop):
            raise RuntimeError(JS_PROMISE_MESSAGE)
        return get_future_resolvers(future)

    return guarded


def _original_asyncio_run():
    if IN_PYODIDE:
        from pyodide import webloop

        return webloop._orig_run
    return asyncio.run


class CPythonLoopEngine:
    name = "cpython"

    def __init__(self) -> None:
        self._saved: tuple | None = None
        self._saved_names: list[tuple[object, str, object]] = []
        self._threads = ThreadGuard()
        self._future_resolvers = None  # Pyodide's, while ours refuses JS promises

    def install(self) -> None:
        self._saved = (
            asyncio.run,
            time.sleep,
            events._get_running_loop(),
            events._event_loop_policy,
            signal.getsignal(signal.SIGINT),
            sys.get_asyncgen_hooks(),
        )
        reset_task_numbers()
        asyncio.run = _original_asyncio_run()
        time.sleep = blocking.sleep
        events._set_running_loop(None)
        self._saved_names = [(owner, name, vars(owner)[name]) for owner, name in _loop_names()]
        for owner, name in _loop_names():
            setattr(owner, name, SelectorEventLoop)
        events._event_loop_policy = unix_events._UnixDefaultEventLoopPolicy()
        self._threads.install()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.set_asyncgen_hooks(None, None)
        if IN_PYODIDE:  # await <JS promise> → wrap_promise() → this hook, looked up per call
            from _pyodide import _future_helper

            self._future_resolvers = _future_helper.get_future_resolvers
            _future_helper.get_future_resolvers = _refuse_js_promises(self._future_resolvers)

    def cleanup(self) -> None:
        """Silence and close what the run left behind, so nothing wakes in the next run."""
        for loop in list(created_loops):
            if loop.is_running():
                continue
            for task in asyncio.all_tasks(loop):
                task._log_destroy_pending = False
            loop._default_executor = None
            if not loop.is_closed():
                loop.close()
        created_loops.clear()

    def uninstall(self) -> None:
        if self._saved is None:
            return
        run, sleep, running, policy, sigint, hooks = self._saved
        self._saved = None
        asyncio.run = run
        time.sleep = sleep
        events._set_running_loop(running)
        events._event_loop_policy = policy
        self._threads.uninstall()
        for owner, name, value in reversed(self._saved_names):
            setattr(owner, name, value)
        self._saved_names = []
        signal.signal(signal.SIGINT, sigint)
        sys.set_asyncgen_hooks(*hooks)
        if self._future_resolvers is not None:
            from _pyodide import _future_helper

            _future_helper.get_future_resolvers, self._future_resolvers = self._future_resolvers, None

"""The default engine: user code runs on CPython's asyncio, not on Pyodide's WebLoop.

At import, Pyodide replaces `asyncio.run` and `time.sleep`, sets a WebLoop policy and
makes a WebLoop the running loop. `CPythonLoopEngine` puts CPython's behaviour back
for the length of one run and restores Pyodide's afterwards, so neither leaks.
"""

from __future__ import annotations

import asyncio
import asyncio.events as events
import asyncio.unix_events as unix_events
import inspect
import signal
import sys
import time
from typing import TYPE_CHECKING

from .. import IN_PYODIDE
from ..insights.instrument import RunInstruments
from ..output import OutputSink
from ..process import EXIT_SIGINT, compile_main, exit_code_for, exit_like_cpython, fresh_main
from ..vnet import Network
from .blocking import Waits
from .loop import LoopParts, PlaygroundEventLoop, SelectorEventLoop
from .threads import ThreadGuard
from .virtual_clock import VirtualClock, VirtualWaits

# The playground's modules that time things with a module-level `clock` (virtual time patches it).
_CLOCK_USERS = ("insights.taskinfo", "insights.instrument", "insights.timeline", "insights.timeline_hooks",
                "exercises.watch")

if TYPE_CHECKING:
    from ..run import Run, RunResult


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
    """Runs one program here and now on CPython's own loop, the worker blocked meanwhile."""

    name = "cpython"

    def __init__(self, run: Run) -> None:
        self.sink = OutputSink(run.channel)
        self.instruments = RunInstruments(run.channel, timeline=run.options.timeline, flush_output=self.sink.flush)
        self.clock = None  # on virtual time, the run's VirtualClock
        if run.options.clock == "virtual":
            self.clock = VirtualClock()
            self.waits = VirtualWaits(run.host, before_wait=self.instruments.before_wait, clock=self.clock)
        else:
            self.waits = Waits(run.host, before_wait=self.instruments.before_wait)
        self.network = Network(run.channel, run.mailbox.take_requests)  # every port free
        self.parts = LoopParts(self.waits, self.network, run.keyboard, on_stuck=self.instruments.stuck)
        run.keyboard.waits = self.waits
        run.keyboard.before_block = self.instruments.blocking_input
        if run.options.inspect:  # pause and step (insights/stepper.py), imported only then
            from ..insights.stepper import Inspector

            self.parts.inspector = Inspector(run.channel, self.waits)
        self._threads = ThreadGuard(self.waits.sleep)

    def install(self, patches) -> None:
        """CPython's asyncio for the length of the run (put back when `patches` are restored)."""
        patches.set(asyncio, "run", _original_asyncio_run())
        patches.set(time, "sleep", self.waits.sleep)
        running = events._get_running_loop()
        events._set_running_loop(None)
        patches.on_restore(lambda: events._set_running_loop(running))
        loop_class = SelectorEventLoop.bound_to(self.parts)  # the run's loops share its parts
        for owner, name in _loop_names():
            patches.set(owner, name, loop_class)
        patches.set(events, "_event_loop_policy", unix_events._UnixDefaultEventLoopPolicy())
        self._threads.install(patches)
        patches.signal(signal.SIGINT, signal.default_int_handler)
        hooks = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(None, None)
        patches.on_restore(lambda: sys.set_asyncgen_hooks(*hooks))
        if IN_PYODIDE:  # await <JS promise> → wrap_promise() → this hook, looked up per call
            from _pyodide import _future_helper

            patches.set(_future_helper, "get_future_resolvers",
                        _refuse_js_promises(_future_helper.get_future_resolvers))
        self.instruments.install(patches)
        if self.clock is not None:
            self._install_clock(patches)

    def _install_clock(self, patches) -> None:
        """The program's clocks and the playground's own (timeline, hints, exercise watch) read
        virtual time: a blocking sleep shows as one virtual second, a gather as overlapping."""
        self.clock.install(patches)
        perf_counter = self.clock.function("perf_counter")
        for name in _CLOCK_USERS:
            module = sys.modules.get(f"{__package__.rsplit('.', 1)[0]}.{name}")
            if module is not None and hasattr(module, "clock"):
                patches.set(module, "clock", perf_counter)
        if self.instruments.timeline is not None:
            timeline = self.instruments.timeline  # its zero, on virtual time
            timeline.t0 = timeline._last_post = perf_counter()

    def virtual_ms(self) -> float | None:
        """On virtual time, how long the run took in virtual milliseconds."""
        return None if self.clock is None else round(self.clock.elapsed * 1000, 3)

    def start(self, run: Run) -> RunResult:
        """Run the program to its end; returns how it ended."""
        try:
            with run:
                exit_code = self._execute(run)
            return run.result(exit_code)
        except KeyboardInterrupt:  # a Stop that landed after the program ended, in our cleanup
            return run.result(EXIT_SIGINT)

    def _execute(self, run: Run) -> int:
        """The program as `python3 main.py` runs it, and what CPython does as it exits."""
        exit_code = 0
        reported = main = None
        try:
            main = fresh_main(run.code)
            compiled = compile_main(run.code)
            if compiled.co_flags & inspect.CO_COROUTINE:  # top-level await
                asyncio.run(eval(compiled, main.__dict__))
            else:
                exec(compiled, main.__dict__)
        except BaseException as exc:  # noqa: BLE001 - the program's error is data
            reported = exc  # CPython keeps it (sys.last_exc) until the process ends
            exit_code = exit_code_for(exc, run.stderr, stopped=run.stop_requested())
            if not isinstance(exc, (SystemExit, KeyboardInterrupt)):
                self.instruments.error(exc)
        finally:
            run.program_over()
            self.instruments.finish(self.parts.loops, failed=exit_code != 0, stopped=run.stop_requested())
            self._close_loops()
            exit_like_cpython(reported, main)
            reported = main = None
        return exit_code

    def _close_loops(self) -> None:
        """Silence and close the loops the run left behind, so nothing wakes in the next run."""
        for loop in list(self.parts.loops):
            if loop.is_running():
                continue
            for task in asyncio.all_tasks(loop):
                task._log_destroy_pending = False
            loop._default_executor = None
            if not loop.is_closed():
                loop.close()
        self.parts.loops.clear()

    def stop(self) -> None:
        """Stop reaches this engine as Ctrl+C (the control buffer), never as CANCEL."""

    def close(self) -> None:
        """Post the rest of the timeline; the run's servers are gone (a next run has every port)."""
        try:
            self.instruments.close()
        finally:
            self.network.shutdown()

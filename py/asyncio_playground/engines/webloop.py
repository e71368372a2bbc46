"""The WebLoop engine: a program runs on Pyodide's WebLoop, the browser's own event loop.

Ready callbacks run in batches of a few milliseconds per browser task (batching.py), so
the worker is free between them: JS promises settle (pyfetch, setTimeout, any awaited
JsProxy) and Stop arrives as a message (Run.cancel). The worker awaits the run's task
(`start`). When the program ends, every task it left is cancelled and awaited, and every
callback it scheduled is cancelled, so nothing of it wakes up in the next run. Under
CPython the same code drives an ordinary asyncio loop (`drive`): that is how tests run it.
The task timeline and the hints need the CPython loop's hooks: this engine has neither.
"""

from __future__ import annotations

import asyncio
import asyncio.events as events
import functools
import gc
import inspect
import signal
import sys
import time
import traceback
import weakref
from typing import TYPE_CHECKING

from .. import IN_PYODIDE
from ..output import BATCH_SECONDS, OutputSink
from ..process import EXIT_SIGINT, compile_main, exit_code_for, fresh_main
from . import batching
from .blocking import Waits

if TYPE_CHECKING:
    from ..run import Run, RunResult

ENGINE = "webloop"
STOP_GRACE = 0.5  # seconds a stopped program gets to end once its tasks are cancelled
CLEANUP_GRACE = 0.5  # seconds the tasks a program left get to end once cancelled
MAIN_TASK_NAME = "main.py"
NO_JSPI_NOTE = (
    "Without JSPI (this browser has none), the WebLoop cannot wait for a coroutine from"
    " code that is not itself async: write `await main()` at the top level instead of"
    " asyncio.run(main()) or run_until_complete(), or choose the CPython loop engine."
)


def browser_loop() -> asyncio.AbstractEventLoop:
    """Pyodide's WebLoop: the default loop of its policy, always running, batching its callbacks."""
    loop = events._event_loop_policy.get_event_loop()
    if IN_PYODIDE:
        batching.install(loop, batching.pyodide_schedule_callback)
    return loop


async def _main_module(compiled, namespace: dict) -> None:
    """The module body, run as a task of the loop (as Pyodide's runPythonAsync does)."""
    result = eval(compiled, namespace)
    if compiled.co_flags & inspect.CO_COROUTINE:
        await result


class _StepSink(OutputSink):
    """Also posts output when the step yields (a line printed before an `await` goes out)."""

    def __init__(self, channel) -> None:
        super().__init__(channel)
        self.loop = None  # the run's, once it is driven
        self._timer = None

    def write(self, stream: str, text: str) -> None:
        super().write(stream, text)
        if self._timer is None and self.loop is not None:
            self._timer = self.loop.call_later(BATCH_SECONDS, self._timed_flush)

    def _timed_flush(self) -> None:
        self._timer = None
        self.flush()


def _suspend_for_stdin(host):
    """input() on the WebLoop under JSPI: the step suspends until the page sends a line
    (host.next_stdin, a promise), and the worker stays free meanwhile (Stop gets through)."""
    from pyodide.ffi import can_run_sync, run_sync

    def suspend():
        if not can_run_sync():
            return False
        return run_sync(host.next_stdin())

    return suspend


def _to_fd2(exc_type, exc, tb) -> None:
    """sys.excepthook for a run. Pyodide formats an exception that crosses into JS (a task
    awaited by run_sync: asyncio.run, time.sleep under JSPI) with PyErr_Print while it
    captures fd 2; through sys.stderr it would land in the program's output a second time."""
    traceback.print_exception(exc_type, exc, tb, file=sys.__stderr__)


def _explain_no_jspi(function):
    """`function`, with a note for students when it fails for want of JSPI."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except RuntimeError as exc:
            if "stack switching" in str(exc) and NO_JSPI_NOTE not in getattr(exc, "__notes__", ()):
                exc.add_note(NO_JSPI_NOTE)
                for arg in args:  # it will never run: no "was never awaited" warning on top
                    if inspect.iscoroutine(arg):
                        arg.close()
            raise

    return wrapper


class WebLoopEngine:
    """Runs one program as tasks of the running loop, and puts the WebLoop's behaviour in
    place for it: its asyncio.run and time.sleep, handlers for what a step raises."""

    name = ENGINE

    def __init__(self, run: Run) -> None:
        self.run = run
        self.sink = _StepSink(run.channel)
        # input() blocks the worker on the mailbox, as on the CPython loop (shared memory only)
        run.keyboard.waits = Waits(run.host, before_wait=self.sink.flush)
        if IN_PYODIDE and run.options.stdin_via == "message":  # under JSPI: input() suspends
            run.keyboard.suspend = _suspend_for_stdin(run.host)
        self.loop = None
        self._ended = None  # resolved to stop waiting for the module task
        self._exit: SystemExit | None = None
        self._before: set = set()  # tasks that are not the program's (this driver…)
        self._other_loops_handles: weakref.WeakSet[asyncio.Handle] = weakref.WeakSet()

    def start(self, run: Run) -> asyncio.Task:
        """Start the run on the WebLoop; the task's result is the RunResult as JSON (a JS promise)."""

        async def run_to_json() -> str:
            return (await self.drive(run)).to_json()

        run.task = browser_loop().create_task(run_to_json(), name=f"playground-run-{run.run_id}")
        return run.task

    async def drive(self, run: Run) -> RunResult:
        """Run the program on the running loop, to its end and its tidying up."""
        loop = self.loop = self.sink.loop = asyncio.get_running_loop()
        self._before, self._ended = asyncio.all_tasks(loop), loop.create_future()
        exit_code, survivors = 0, []
        try:
            with run:
                try:
                    exit_code = await self._run_main(run)
                except BaseException as exc:  # noqa: BLE001 - the program's error is data
                    exit_code = exit_code_for(exc, run.stderr, stopped=run.stop_requested())
                survivors = await self._tidy_up(run)
        finally:
            self._ended.cancel()
        return run.result(exit_code, restart=bool(survivors))

    def install(self, patches) -> None:
        loop, policy = self.loop, events._event_loop_policy
        spared = {id(handle) for handle in batching.pending_handles(loop)}  # not the run's
        patches.set(events, "_event_loop_policy", policy)
        if hasattr(policy, "_default_loop"):  # asyncio.new_event_loop() replaces it on the WebLoop
            patches.set(policy, "_default_loop", policy._default_loop)
        patches.on_restore(lambda: events._set_running_loop(loop))
        for get, put in ((loop.get_task_factory, loop.set_task_factory), (loop.get_debug, loop.set_debug),
                         (loop.get_exception_handler, loop.set_exception_handler)):
            patches.on_restore(functools.partial(put, get()))
        if self.run.options.debug:  # the WebLoop is made already: PYTHONASYNCIODEBUG cannot reach it
            loop.set_debug(True)
        if IN_PYODIDE:  # Pyodide's own asyncio.run and time.sleep (yielding under JSPI)
            from pyodide import webloop

            patches.set(asyncio, "run", _explain_no_jspi(webloop._run))
            patches.set(time, "sleep", webloop._sleep)
            web_loop = webloop.WebLoop
            patches.set(web_loop, "run_until_complete", _explain_no_jspi(web_loop.run_until_complete))
            # Loops the program makes (asyncio.new_event_loop()) are plain WebLoops: their
            # call_soon and call_at go through call_later (the batching loop never does).
            recording = batching.recording(web_loop.call_later, self._other_loops_handles)
            patches.set(web_loop, "call_later", recording)
        patches.signal(signal.SIGINT, signal.default_int_handler)
        patches.set(sys, "excepthook", _to_fd2)
        # A task step that raises SystemExit or KeyboardInterrupt re-raises it into the
        # WebLoop's callback; without these handlers it would escape to JavaScript…
        patches.set(loop, "_system_exit_handler", self._on_exit)
        patches.set(loop, "_keyboard_interrupt_handler", self.run.stop)
        report = loop.call_exception_handler  # …and its task is no "unhandled exception"

        def call_exception_handler(context):
            if not isinstance(context.get("exception"), (SystemExit, KeyboardInterrupt)):
                report(context)

        patches.set(loop, "call_exception_handler", call_exception_handler)
        patches.on_restore(lambda: self._cancel_scheduled(spared))  # first, after the run's last await

    def _cancel_scheduled(self, spared: set[int]) -> None:
        """The callbacks the run scheduled, on this loop and on loops it made, never fire."""
        for handle in list(self._other_loops_handles):
            handle.cancel()
        self._other_loops_handles.clear()
        for handle in batching.pending_handles(self.loop):
            if id(handle) not in spared:
                handle.cancel()

    async def _run_main(self, run: Run) -> int:
        compiled = compile_main(run.code)
        module = fresh_main(run.code)
        main = self.loop.create_task(_main_module(compiled, module.__dict__), name=MAIN_TASK_NAME)
        await asyncio.wait({main, self._ended}, return_when=asyncio.FIRST_COMPLETED)
        if self._exit is not None:  # sys.exit() in some task ended the program
            if main.done() and not main.cancelled():
                main.exception()  # retrieved: no "Task exception was never retrieved"
            raise self._exit
        if not main.done():  # stopped, and it ignored the cancellation
            return EXIT_SIGINT
        if main.cancelled() and run.stop_requested():
            return EXIT_SIGINT
        main.result()  # the program's exception, if any
        return 0

    def _run_tasks(self) -> list[asyncio.Task]:
        return [task for task in asyncio.all_tasks(self.loop) if task not in self._before]

    def stop(self) -> None:
        """Stop (Run.stop: CANCEL, or a Ctrl+C in a step): cancel every task of the run; stop
        waiting for them after STOP_GRACE."""
        for task in self._run_tasks():
            task.cancel()
        self.loop.call_later(STOP_GRACE, self._end)

    def _on_exit(self, code) -> None:
        """sys.exit() in a task ends the program, as it does under asyncio.run."""
        if self._exit is None:
            self._exit = SystemExit(code)
        self._end()

    def _end(self) -> None:
        if not self._ended.done():
            self._ended.set_result(None)

    async def _tidy_up(self, run: Run) -> list[asyncio.Task]:
        """Cancel and await the tasks the program left; return those that would not end."""
        run.program_over()
        pending = leftovers = self._run_tasks()
        for task in leftovers:
            task.cancel()
        if leftovers:
            _, pending = await asyncio.wait(leftovers, timeout=CLEANUP_GRACE)
        for task in leftovers:
            if task.done() and not task.cancelled() and task.exception() is not None:
                self.loop.call_exception_handler({"task": task, "exception": task.exception(),
                    "message": "unhandled exception while the program's tasks were cancelled"})
        for task in pending:
            task._log_destroy_pending = False
        if pending:
            run.channel.system("sysSurvivors", what=", ".join(sorted(task.get_name() for task in pending)))
        gc.collect()  # what CPython reports at exit (never-awaited coroutines) lands here
        return list(pending)

    def close(self) -> None:
        """Nothing of its own to post: the run's patches put the WebLoop back."""

"""The WebLoop engine: a program runs on Pyodide's WebLoop, the browser's own event loop.

Ready callbacks run in batches of a few milliseconds per browser task
(webloop_batching.py), so the worker is free between them: JS promises settle (pyfetch,
setTimeout, any awaited JsProxy) and Stop arrives as a message. The worker awaits the
run (`start`). When the program ends, every task it left is cancelled and awaited, and
every callback it scheduled is cancelled, so nothing of it wakes up in the next run.
Under CPython the same code drives an ordinary asyncio loop: that is how the tests run it.
"""

from __future__ import annotations

import asyncio
import asyncio.events as events
import functools
import gc
import inspect
import json
import signal
import sys
import time
import traceback
import weakref

from .. import IN_PYODIDE
from . import batching as webloop_batching
from ..process import EXIT_SIGINT, RunResult, _fresh_main, compile_main, exit_code_for, program_process
from ..output import BATCH_SECONDS, OutputSink

ENGINE = "webloop"
STOP_GRACE = 0.5  # seconds a stopped program gets to end once its tasks are cancelled
CLEANUP_GRACE = 0.5  # seconds the tasks a program left get to end once cancelled
MAIN_TASK_NAME = "main.py"
SURVIVORS_MESSAGE = (
    "\n[{names}: still running after cancellation — restarting Python so that it cannot"
    " run into the next program]\n"
)
NO_JSPI_NOTE = (
    "Without JSPI (this browser has none), the WebLoop cannot wait for a coroutine from"
    " code that is not itself async: write `await main()` at the top level instead of"
    " asyncio.run(main()) or run_until_complete(), or choose the CPython loop engine."
)
_active: WebLoopRun | None = None


def browser_loop() -> asyncio.AbstractEventLoop:
    """Pyodide's WebLoop: the default loop of its policy, always running, batching its callbacks."""
    loop = events._event_loop_policy.get_event_loop()
    if IN_PYODIDE:
        webloop_batching.install(loop, webloop_batching.pyodide_schedule_callback)
    return loop


def start(code: str, run_id: int, host) -> asyncio.Task:
    """Start a run on the WebLoop; the task's result is the RunResult as JSON (a JS promise)."""

    async def run_to_json() -> str:
        return (await WebLoopRun(code, run_id, host).drive()).to_json()

    return browser_loop().create_task(run_to_json(), name=f"playground-run-{run_id}")


def cancel(run_id: int) -> None:
    """Stop button: cancel the tasks of run `run_id`, if it is the one running."""
    if _active is not None and _active.run_id == run_id:
        _active.request_stop()


async def _main_module(compiled, namespace: dict) -> None:
    """The module body, run as a task of the loop (as Pyodide's runPythonAsync does)."""
    result = eval(compiled, namespace)
    if compiled.co_flags & inspect.CO_COROUTINE:
        await result


class _StepSink(OutputSink):
    """Also posts output when the step yields (a line printed before an `await` goes out)."""

    def __init__(self, host, run_id: int, loop) -> None:
        super().__init__(host, run_id)
        self._loop = loop
        self._timer = None

    def write(self, stream: str, text: str) -> None:
        super().write(stream, text)
        if self._timer is None:
            self._timer = self._loop.call_later(BATCH_SECONDS, self._timed_flush)

    def _timed_flush(self) -> None:
        self._timer = None
        self.flush()


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
    """Puts the WebLoop's behaviour in place for one run and records what the run schedules."""

    name = ENGINE

    def __init__(self, loop, *, on_interrupt, on_exit) -> None:
        self.loop = loop
        self._spared: list[asyncio.Handle] | None = None  # not the run's; kept alive, ids stay theirs
        self._other_loops_handles: weakref.WeakSet[asyncio.Handle] = weakref.WeakSet()
        self._on_interrupt = on_interrupt
        self._on_exit = on_exit
        self._patched: list[tuple] = []
        self._saved: tuple | None = None

    def _patch(self, owner, name: str, value) -> None:
        """Set `owner.name` (a class or an instance) for the run; uninstall() undoes it."""
        had = name in vars(owner)
        self._patched.append((owner, name, vars(owner)[name] if had else None, had))
        setattr(owner, name, value)

    def install(self) -> None:
        loop, policy = self.loop, events._event_loop_policy
        self._spared = webloop_batching.pending_handles(loop)
        self._saved = (
            policy, getattr(policy, "_default_loop", None), signal.getsignal(signal.SIGINT),
            loop.get_task_factory(), loop.get_exception_handler(), loop.get_debug(),
        )
        if IN_PYODIDE:  # Pyodide's own asyncio.run and time.sleep (yielding under JSPI)
            from pyodide import webloop

            self._patch(asyncio, "run", _explain_no_jspi(webloop._run))
            self._patch(time, "sleep", webloop._sleep)
            web_loop = webloop.WebLoop
            self._patch(web_loop, "run_until_complete", _explain_no_jspi(web_loop.run_until_complete))
            # Loops the program makes (asyncio.new_event_loop()) are plain WebLoops: their
            # call_soon and call_at go through call_later (the batching loop never does).
            recording = webloop_batching.recording(web_loop.call_later, self._other_loops_handles)
            self._patch(web_loop, "call_later", recording)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self._patch(sys, "excepthook", _to_fd2)
        # A task step that raises SystemExit or KeyboardInterrupt re-raises it into the
        # WebLoop's callback; without these handlers it would escape to JavaScript…
        self._patch(loop, "_system_exit_handler", self._on_exit)
        self._patch(loop, "_keyboard_interrupt_handler", self._on_interrupt)
        report = loop.call_exception_handler  # …and its task is no "unhandled exception"

        def call_exception_handler(context):
            if not isinstance(context.get("exception"), (SystemExit, KeyboardInterrupt)):
                report(context)

        self._patch(loop, "call_exception_handler", call_exception_handler)

    def uninstall(self) -> None:
        """After the run's last `await`: cancel the callbacks it scheduled, put all back."""
        for handle in list(self._other_loops_handles):
            handle.cancel()
        self._other_loops_handles.clear()
        if self._spared is not None:
            spared = {id(handle) for handle in self._spared}
            for handle in webloop_batching.pending_handles(self.loop):
                if id(handle) not in spared:
                    handle.cancel()
            self._spared = None
        for owner, name, old, had in reversed(self._patched):
            if had:
                setattr(owner, name, old)
            else:
                delattr(owner, name)
        self._patched.clear()
        if self._saved is None:
            return
        policy, default_loop, sigint, factory, handler, debug = self._saved
        self._saved = None
        events._event_loop_policy = policy
        if hasattr(policy, "_default_loop"):  # asyncio.new_event_loop() replaces it on the WebLoop
            policy._default_loop = default_loop
        events._set_running_loop(self.loop)
        signal.signal(signal.SIGINT, sigint)
        self.loop.set_task_factory(factory)
        self.loop.set_exception_handler(handler)
        self.loop.set_debug(debug)


class WebLoopRun:
    """One program on the running loop: its module task, Stop, and the cleanup after it."""

    def __init__(self, code: str, run_id: int, host) -> None:
        self.code, self.run_id, self.host = code, run_id, host
        self.stopped = False
        self.loop = self._ended = None  # _ended: resolved to stop waiting for the module task
        self._exit: SystemExit | None = None
        self._before: set = set()  # tasks that are not the program's (this driver…)

    def is_stopped(self) -> bool:
        return self.stopped or self.host.stop_requested()

    async def drive(self) -> RunResult:
        global _active
        loop = self.loop = asyncio.get_running_loop()
        sink = _StepSink(self.host, self.run_id, loop)
        engine = WebLoopEngine(loop, on_interrupt=self.request_stop, on_exit=self._on_exit)
        self._before, self._ended = asyncio.all_tasks(loop), loop.create_future()
        exit_code, survivors, _active = 0, [], self
        try:
            with program_process(sink) as stderr:
                engine.install()
                try:
                    try:
                        exit_code = await self._run_main()
                    except BaseException as exc:  # noqa: BLE001 - the program's error is data
                        exit_code = exit_code_for(exc, stderr, stopped=self.is_stopped())
                    survivors = await self._tidy_up(sink)
                finally:
                    engine.uninstall()
        finally:
            _active = None
            self._ended.cancel()
        stopped = self.is_stopped()
        sink.flush()
        return RunResult(
            self.run_id, exit_code == 0 and not stopped, exit_code, stopped, sink.truncated,
            engine=ENGINE, restart=bool(survivors),
        )

    async def _run_main(self) -> int:
        compiled = compile_main(self.code)
        module = _fresh_main(self.code)
        main = self.loop.create_task(_main_module(compiled, module.__dict__), name=MAIN_TASK_NAME)
        await asyncio.wait({main, self._ended}, return_when=asyncio.FIRST_COMPLETED)
        if self._exit is not None:  # sys.exit() in some task ended the program
            if main.done() and not main.cancelled():
                main.exception()  # retrieved: no "Task exception was never retrieved"
            raise self._exit
        if not main.done():  # stopped, and it ignored the cancellation
            return EXIT_SIGINT
        if main.cancelled() and self.is_stopped():
            return EXIT_SIGINT
        main.result()  # the program's exception, if any
        return 0

    def _run_tasks(self) -> list[asyncio.Task]:
        return [task for task in asyncio.all_tasks(self.loop) if task not in self._before]

    def request_stop(self) -> None:
        """Stop: cancel every task of the run; stop waiting for them after STOP_GRACE."""
        if self.stopped:
            return
        self.stopped = True
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

    async def _tidy_up(self, sink) -> list[asyncio.Task]:
        """Cancel and await the tasks the program left; return those that would not end."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a late Ctrl+C must not break this
        if self.is_stopped():  # the page waits for done instead of escalating
            self.host.post(json.dumps({"type": "finishing", "runId": self.run_id}))
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
            names = ", ".join(sorted(task.get_name() for task in pending))
            sink.system(SURVIVORS_MESSAGE.format(names=names))
        gc.collect()  # what CPython reports at exit (never-awaited coroutines) lands here
        return list(pending)

"""CPython's own event loop, with a selector that blocks the worker instead of polling fds.

Everything but waiting is `asyncio.BaseEventLoop`: ready queue, timers, task names,
cancellation, warnings. Threads do not exist in Pyodide, so the default executor
runs functions inline. A loop takes its waits and its network from the run that makes
it (`LoopParts`); a loop made outside a run has parts of its own (tests).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import re
import weakref
from dataclasses import dataclass, field

from ..stdin import INPUT_FUTURES, Keyboard, deferred_read
from ..vnet import Network
from ..vnet.loopmethods import NetworkMethods
from .blocking import Waits


POLL_EVERY = 32  # a loop that never waits asks the page for a Stop or a request this often


@dataclass(eq=False, slots=True)
class LoopParts:
    """What the loops of one run share: its waits, its network, its keyboard (stdin.py), its
    task numbers, and the list of the loops it made (the engine closes them when the program ends)."""

    waits: Waits = field(default_factory=Waits)
    network: Network = field(default_factory=Network)
    keyboard: Keyboard | None = None
    loops: weakref.WeakSet = field(default_factory=weakref.WeakSet)
    task_numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    inspector: object | None = None  # with run option inspect: insights/stepper.py's Inspector
    on_stuck: object | None = None  # called with a loop about to wait with nothing that could wake it


class HostSelector:
    """The loop's selector: no file descriptors, `select(timeout)` just blocks.

    While the program serves, the page's requests also end the wait (vnet), and so do
    typed lines while `to_thread(input)` waits for one (the keyboard's deferred reads).
    `select(0)` (callbacks are ready) asks the page only every POLL_EVERY calls: the
    round trip to JS costs as much as the rest of a loop iteration. Stop still lands
    at once in the browser (Pyodide's interrupt buffer); pending output is still shown.
    """

    def __init__(self, parts: LoopParts, loop=None) -> None:
        self._waits, self._network, self._keyboard = parts.waits, parts.network, parts.keyboard
        self._parts = parts
        self._loop = weakref.ref(loop) if loop is not None else None
        self._unpolled = 0

    def select(self, timeout: float | None = None) -> list:
        if timeout == 0:
            self._unpolled += 1
            if self._unpolled < POLL_EVERY:
                self._waits.flush()  # pending output is shown all the same
                return []
        self._unpolled = 0
        network = self._network
        reading = self._keyboard is not None and self._keyboard.reading
        if not network.serving and not reading:
            if timeout is None and self._parts.on_stuck is not None and self._loop is not None:
                self._parts.on_stuck(self._loop())  # nothing ready, no timer, no server, no input: it never ends
            self._waits.wait(timeout)
        elif not self._deliver():
            self._waits.wait(timeout, wake_on_requests=True)
            self._deliver()
        return []

    def _deliver(self) -> bool:
        """The mailbox's lines to the keyboard (they resolve its futures), requests to servers."""
        took = self._keyboard is not None and self._keyboard.take_mail()
        return self._network.deliver_requests() or took

    def close(self) -> None:
        pass

    def get_map(self) -> dict:
        return {}


class InlineExecutor(concurrent.futures.Executor):
    """Runs each submitted function at once, in the loop's thread, except a read of the
    keyboard (`input`, `sys.stdin.readline`) with no line yet: its future waits for the line
    while the loop runs on, as a thread blocked in `input()` lets it in CPython."""

    def __init__(self, keyboard: Keyboard | None = None) -> None:
        self._shutdown = False
        self._keyboard = keyboard

    def submit(self, fn, /, *args, **kwargs):
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        deferred = deferred_read(self._keyboard, fn, args, kwargs)
        if deferred is not None:
            return deferred
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


class PlaygroundEventLoop(NetworkMethods, asyncio.BaseEventLoop):
    """asyncio's base loop driven by blocking waits on the page's control buffer.

    Its network methods (NetworkMethods) connect in memory: the page has no sockets.
    """

    # The parts of the run that makes this loop. CPython makes loops with no arguments
    # (asyncio.run, new_event_loop(), the default policy), so a run's loops are of a class
    # of that run's own (bound_to) that carries them; None: a loop with parts of its own.
    _run_parts: LoopParts | None = None

    def __init__(self) -> None:
        super().__init__()
        self._parts = parts = self._run_parts or LoopParts()
        self._network = parts.network
        self._selector = HostSelector(parts, self)
        self._default_executor = InlineExecutor(parts.keyboard)
        parts.loops.add(self)
        if parts.inspector is not None:
            parts.inspector.attach(self)

    @classmethod
    def bound_to(cls, parts: LoopParts) -> type:
        """This class for the loops of one run: they share `parts`. Named as this class."""
        names = {"__module__": cls.__module__, "__qualname__": cls.__qualname__, "__doc__": cls.__doc__}
        return type(cls.__name__, (cls,), {**names, "_run_parts": parts})

    def create_task(self, coro, **kwargs):
        """As CPython's, but unnamed tasks are numbered per run ("Task-1" first).

        CPython numbers them per process; here one process serves many runs, and the
        C counter cannot be reset.
        """
        if kwargs.get("name") is not None:
            return super().create_task(coro, **kwargs)
        name = f"Task-{next(self._parts.task_numbers)}"
        if self._task_factory is None:
            kwargs["name"] = name  # a dict of this call's own
            return super().create_task(coro, **kwargs)
        task = super().create_task(coro, **kwargs)  # the user's factory sees what they passed
        try:
            if isinstance(task, asyncio.Task) and _AUTO_NAME.fullmatch(task.get_name()):
                task.set_name(name)
            return task
        finally:
            # gh-128552: an eager task's traceback reaches this frame; no task -> frame -> task cycle.
            del task

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
            self._default_executor = InlineExecutor(self._parts.keyboard)
        future = super().run_in_executor(executor, func, *args)
        keyboard = self._parts.keyboard
        if keyboard is not None and keyboard.last_deferred is not None:
            INPUT_FUTURES.add(future)  # the timeline says this task waits for input
            keyboard.last_deferred = None
        return future


class SelectorEventLoop(PlaygroundEventLoop):
    """The loop every public name makes during a run: `asyncio.EventLoop`,
    `asyncio.SelectorEventLoop`, the default policy (`new_event_loop()`, `asyncio.run`).

    Named as CPython's class on Linux, so a printed loop reads the same. `selector` is
    accepted and unused: the page has no file descriptors to watch.
    """

    def __init__(self, selector=None) -> None:
        super().__init__()


SelectorEventLoop.__name__ = SelectorEventLoop.__qualname__ = "_UnixSelectorEventLoop"
SelectorEventLoop.__module__ = "asyncio.unix_events"

_AUTO_NAME = re.compile(r"Task-\d+")

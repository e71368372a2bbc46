"""Hooks on CPython's own event loop for one run: the task timeline and the facts hints need.

Nothing of asyncio is copied: for the length of a run a few attributes are wrapped
(`Handle._run`, `PlaygroundEventLoop.create_task`, `time.sleep`, …) and put back after.
With the timeline on, timeline_hooks.py times the task steps (timeline*.py are imported
only then). With it off, steps are timed only while the loop has few ready callbacks
(for the blocking hint), so a loop of `await asyncio.sleep(0)` or a gather of 10,000
tasks runs at the speed of a plain BaseEventLoop.
"""

from __future__ import annotations

import asyncio
import asyncio.events as events
import asyncio.runners as runners
import asyncio.tasks as asyncio_tasks
import collections
import gc
import itertools
import signal
import sys
import time
import warnings

from .. import FILENAME
from ..engines.loop import InlineExecutor, PlaygroundEventLoop
from .hints import SLOW_STEP, Hints, main_line
from .taskinfo import clock, last_line, suspension

LATE = 0.05  # a timer this late (seconds) means its task was kept waiting
PROBE_MAX = 64  # with the timeline off, steps are timed only up to this many ready callbacks

_Task = asyncio.Task
_INLINE_SUBMIT = InlineExecutor.submit.__code__


def _in_executor(frame) -> bool:
    while frame is not None and frame.f_code.co_filename != FILENAME:
        if frame.f_code is _INLINE_SUBMIT:
            return True
        frame = frame.f_back
    return False


def _waiting_tasks(loop, running, queued: int) -> int:
    """How many other tasks had to wait while `running` held the loop: those queued behind
    its step (the first `queued` ready callbacks) and those whose timer is late by 50 ms."""
    ready = {getattr(h._callback, "__self__", None) for h in itertools.islice(loop._ready, queued)}
    ready.discard(running)
    count = sum(1 for owner in ready if isinstance(owner, _Task))
    late = loop.time() - LATE
    return count + sum(1 for timer in loop._scheduled if timer._when <= late and not timer._cancelled)


class RunInstruments:
    """Installs the hooks for one run and reports to the timeline (if on) and the hints."""

    def __init__(self, channel, *, timeline: bool, flush_output) -> None:
        self.timeline = None
        if timeline:
            from .timeline import Timeline

            self.timeline = Timeline(channel)
        else:
            self.before_wait = flush_output  # called before every select(): one call, not two
        self.hints = Hints(channel)
        self._host = channel.host
        self._host_channel = channel
        self._stuck_told = False
        self._flush_output = flush_output
        self._orig_run = events.Handle._run
        self._probing = False
        self._left: list = []
        self._gc_start: float | None = None
        self._gc_pauses: collections.deque = collections.deque(maxlen=256)  # (start, end) of recent GCs

    def before_wait(self) -> None:
        """The worker is about to block: the page sees everything up to now."""
        self._flush_output()
        if self.timeline is not None and not self.timeline.quick_wait:
            self.timeline.flush(live=True)

    def install(self, p) -> None:
        """Wraps the loop and the calls the hints watch, until the run's patches `p` are restored."""
        gc.callbacks.append(self._on_gc)
        p.on_restore(lambda: gc.callbacks.remove(self._on_gc))
        p.set(time, "sleep", self._wrap_sleep(time.sleep))
        p.set(warnings, "_showwarnmsg_impl", self._wrap_showwarnmsg(warnings._showwarnmsg_impl))
        p.set(runners, "_cancel_all_tasks", self._wrap_cancel_all(runners._cancel_all_tasks))
        p.set(PlaygroundEventLoop, "call_exception_handler",
              self._wrap_exception_handler(PlaygroundEventLoop.call_exception_handler))
        if self.timeline is not None:
            from .timeline_hooks import TimelineHooks

            slow_step = lambda *args: self._quietly(self._slow_step, *args)  # noqa: E731
            TimelineHooks(self.timeline, self._orig_run, slow_step).install(p)
        else:
            p.set(events.Handle, "_run", self._orig_run)  # restore() undoes the probe toggling
            p.set(PlaygroundEventLoop, "_process_events",
                  self._wrap_process_events(PlaygroundEventLoop._process_events))

    def stuck(self, loop) -> None:
        """`loop` is about to wait forever (nothing ready, no timer, no server): say so, once a run."""
        if self._stuck_told or loop is None:
            return
        self._stuck_told = True
        self._quietly(self._tell_stuck, loop)

    def _tell_stuck(self, loop) -> None:
        from .loopstate import stuck_tasks  # imported only when a program is stuck

        waits = stuck_tasks(loop)
        self._host_channel.system("sysStuck", count=str(len(waits)))
        self.hints.stuck(waits)

    def error(self, exc: BaseException) -> None:
        """The program ended with an exception it did not handle."""
        self._quietly(self.hints.error, exc)

    def finish(self, loops, *, failed: bool, stopped: bool) -> None:
        """The program is over (its `loops` not yet closed): look at the tasks it left behind."""
        for loop in list(loops):
            if not loop.is_running():
                self._left.extend(t for t in asyncio_tasks.all_tasks(loop) if not t.done())
        for task in self._left:
            self._quietly(self.hints.unfinished, task)
        self.hints.finish(failed=failed, stopped=stopped)

    def close(self) -> None:
        """The run is over: post the rest of the timeline."""
        if self.timeline is not None:
            self.timeline.close(self._left)
        self._left = []

    @staticmethod
    def _quietly(function, *args) -> None:
        try:
            function(*args)
        except Exception:  # noqa: BLE001 - a hint must never break the student's run
            pass

    # ---- wrappers ----------------------------------------------------------------------

    def _on_gc(self, phase: str, info: dict) -> None:
        """Garbage collections: their pauses are not the program holding the loop.

        Stop's Ctrl+C can land while this callback runs: CPython would print it as
        "Exception ignored in" and the program would go on. It is the program's: the host
        delivers it again at the program's next signal check (not now, which would land here)."""
        try:
            if phase == "start":
                self._gc_start = clock()
            elif self._gc_start is not None:
                self._gc_pauses.append((self._gc_start, clock()))
                self._gc_start = None
        except KeyboardInterrupt:
            self._host.interrupt_later(signal.SIGINT)

    def _gc_time(self, t0: float, t1: float) -> float:
        return sum(min(end, t1) - max(start, t0) for start, end in self._gc_pauses if end > t0 and start < t1)

    def _slow_step(self, task, t0: float, t1: float, first: int, queued: int) -> None:
        if self.hints.last_sleep_end >= t0:
            return  # the blocking-sleep hint already explains this step
        if t1 - t0 - self._gc_time(t0, t1) < SLOW_STEP:
            return
        loop = events._get_running_loop()
        others = _waiting_tasks(loop, task, queued) if loop is not None else 0
        last = last_line(task) if task.done() else suspension(task)[1]
        self.hints.blocking_step(task, t1 - t0, first, last, others)

    def _probe_run(self, orig):
        instruments = self

        def _run(handle):
            owner = getattr(handle._callback, "__self__", None)
            try:
                if not isinstance(owner, _Task):
                    return orig(handle)
                queued = len(handle._loop._ready)
                t0 = clock()
                try:
                    orig(handle)
                finally:
                    t1 = clock()
                    if t1 - t0 >= SLOW_STEP:
                        instruments._quietly(instruments._slow_step, owner, t0, t1, 0, queued)
            finally:
                # A failed step's traceback reaches this frame: holding the task here would keep
                # it alive until the run ends (as Handle._run's own `self = None`).
                handle = owner = None

        return _run

    def _wrap_process_events(self, orig):
        """Times the steps of an iteration only if one could keep another task waiting (another
        callback is ready, or a timer is pending) and the batch is small: a loop of
        `await asyncio.sleep(0)` or a gather of 10,000 tasks runs untouched."""
        instruments, probe, plain = self, self._probe_run(self._orig_run), self._orig_run

        def _process_events(loop, event_list):
            if event_list:  # HostSelector reports no events
                orig(loop, event_list)
            ready = len(loop._ready)
            wanted = (ready >= 2 or bool(loop._scheduled)) and ready <= PROBE_MAX
            if wanted is not instruments._probing:
                instruments._probing = wanted
                events.Handle._run = probe if wanted else plain

        return _process_events

    def _wrap_sleep(self, orig):
        instruments = self

        def sleep(secs, /):
            loop = events._get_running_loop()
            if loop is None:
                return orig(secs)
            frame = sys._getframe(1)
            task = asyncio_tasks.current_task(loop)
            others = len(asyncio_tasks.all_tasks(loop) - {task})
            instruments._quietly(lambda: instruments.hints.blocking_sleep(
                secs, frame, inline=_in_executor(frame), task=task, others=others))
            t0 = clock()
            try:
                return orig(secs)
            finally:
                t1 = clock()
                instruments.hints.last_sleep_end = t1
                if instruments.timeline is not None and task is not None:
                    instruments.timeline.blocked(task, t0, t1, main_line(frame))
                loop = task = frame = None  # an exception's traceback keeps this frame

        for name in ("__doc__", "__module__", "__name__", "__qualname__"):
            setattr(sleep, name, getattr(orig, name))
        return sleep

    def blocking_input(self):
        """The keyboard blocks for a line (stdin.py): the hint if a loop runs, and a `block` span
        on the timeline; returns what to call once the line came (None: no loop runs)."""
        loop = events._get_running_loop()
        if loop is None:
            return None
        frame = sys._getframe(1)
        task = asyncio_tasks.current_task(loop)
        others = len(asyncio_tasks.all_tasks(loop) - {task})
        self._quietly(lambda: self.hints.blocking_input(frame, task=task, others=others))
        line, t0, instruments = main_line(frame), clock(), self
        frame = loop = None

        def done() -> None:
            t1 = clock()
            instruments.hints.last_sleep_end = t1  # the step was the keyboard's, not slow code
            if instruments.timeline is not None and task is not None:
                instruments.timeline.blocked(task, t0, t1, line)

        return done

    def _wrap_showwarnmsg(self, orig):
        hints = self.hints

        def _showwarnmsg_impl(msg):
            RunInstruments._quietly(hints.warning, msg)
            return orig(msg)

        return _showwarnmsg_impl

    def _wrap_cancel_all(self, orig):
        hints = self.hints

        def _cancel_all_tasks(loop):
            for task in asyncio_tasks.all_tasks(loop):
                RunInstruments._quietly(hints.unfinished, task)
            return orig(loop)

        return _cancel_all_tasks

    def _wrap_exception_handler(self, orig):
        hints = self.hints

        def call_exception_handler(loop, context):
            task = context.get("task")
            if task is not None and context.get("message") == "Task was destroyed but it is pending!":
                RunInstruments._quietly(hints.task_lost, task)
            elif context.get("exception") is not None:
                RunInstruments._quietly(hints.error, context["exception"])
            return orig(loop, context)

        return call_exception_handler

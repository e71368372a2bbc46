"""Pause and step the event loop (run option `inspect`, CPython loop engine).

Between two iterations of `BaseEventLoop._run_once`, or before one callback of its ready
queue, the worker blocks until the page sends a command (web/run/inspect-commands.js, the
control buffer's COMMAND slot); meanwhile the page shows the `inspect` event's loop state
(loopstate.py). Only the loops of an inspected run get these hooks: with the inspector off
nothing here is imported or called.
"""

from __future__ import annotations

import asyncio
import collections
import weakref
from dataclasses import dataclass

from .loopstate import LoopState
from .taskinfo import suspension

# The page's commands (protocol.js INSPECT_COMMANDS): low 4 bits, the line number above them.
STEP, STEP_CALLBACK, CONTINUE, CONTINUE_TO_LINE = 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class Command:
    kind: int
    line: int = 0

    @classmethod
    def decode(cls, value: int) -> Command:
        return cls(value & 0xF, value >> 4)


class Inspector:
    """Pauses the run's loops where the last command asked; `host.take_command()` reads the next
    command (0: none yet), `waits.wait(None)` blocks until the page writes one (or Stops)."""

    def __init__(self, channel, waits) -> None:
        self._channel, self._waits = channel, waits
        self._host = channel.host
        self._mode = Command(STEP)  # the first iteration pauses
        self._iteration = 0
        self._t0: float | None = None  # loop.time() when the first loop starts: "time" is from there
        self.pauses = 0
        self._seen: dict[int, weakref.ref] = {}  # every task a pause saw; done ones stay listed while alive

    def attach(self, loop) -> None:
        """Hooks one loop of the run: its ready queue and its `_run_once`."""
        if self._t0 is None:
            self._t0 = loop.time()
        loop._ready = PausingQueue(self, loop, loop._ready)
        run_once = loop._run_once

        def _run_once():
            self._iteration += 1
            if self._mode.kind == STEP:
                self._pause(loop, "iteration")
            run_once()

        loop._run_once = _run_once

    def before_callback(self, loop, handle) -> None:
        """The loop is about to run `handle`: pause if the last command asks for it."""
        mode = self._mode
        if mode.kind == STEP_CALLBACK:
            self._pause(loop, "callback")
        elif mode.kind == CONTINUE_TO_LINE and not handle._cancelled:
            task = getattr(handle._callback, "__self__", None)
            if task is not None and hasattr(task, "get_coro") and suspension(task)[1] == mode.line:
                self._pause(loop, "line")

    def _pause(self, loop, where: str) -> None:
        if self._host.stop_requested():
            self._mode = Command(CONTINUE)  # Stop while paused: the program ends as a Stop ends it
            return
        for task in asyncio.all_tasks(loop):
            self._seen.setdefault(id(task), weakref.ref(task))
        seen = [task for ref in self._seen.values() for task in [ref()] if task is not None]
        snapshot = LoopState(loop, t0=self._t0, tasks=seen)
        if not any(not task.done() for task in snapshot.tasks):
            return  # only asyncio.run's own shutdown steps are left: nothing of the program's to see
        self.pauses += 1
        state = snapshot.to_json(iteration=self._iteration, where=where)
        self._channel.emit("inspect", state=state)
        while True:
            value = self._host.take_command()
            if value:
                self._mode = Command.decode(value)
                self._channel.emit("inspect", state=None)  # running again
                return
            self._waits.wait(None)  # a command, a Stop (may raise KeyboardInterrupt) or mail wakes it
            if self._host.stop_requested():
                self._mode = Command(CONTINUE)
                self._channel.emit("inspect", state=None)
                return


class PausingQueue(collections.deque):
    """A loop's ready queue that asks the inspector before each callback leaves it to run."""

    def __init__(self, inspector: Inspector, loop, items) -> None:
        super().__init__(items)
        self._inspector, self._loop = inspector, loop

    def popleft(self):
        if self:
            self._inspector.before_callback(self._loop, self[0])
        return super().popleft()

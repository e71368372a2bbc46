"""The loop hooks that feed the timeline: task creation, each task step, each loop iteration.

Every task step is timed while a task with a lane of its own may run. Once all lanes
are taken (MAX_LANES) and an iteration's ready tasks have none, the step wrapper is
taken off for the rest of that iteration and the aggregated lane gets its busy time in
one span: a gather of 10,000 trivial tasks then pays for ~1,000 timed steps, not 20,000.
"""

from __future__ import annotations

import asyncio
import asyncio.events as events
import types

from .hints import SLOW_STEP
from ..engines.loop import HostSelector, PlaygroundEventLoop
from .timeline import HIDDEN, MERGE_GAP, Timeline, clock

SCAN_FROM = 256  # with every lane taken, iterations this big are scanned for lanes

_Task = asyncio.Task
_Function = types.FunctionType


def _lane_steps(ready, lanes: dict) -> int:
    """How many of the ready callbacks are steps of tasks with a lane. The scan stops once every
    living lane is found: a gather's first 500 tasks (the lanes) come first in its 10,000 steps."""
    found, alive = 0, len(lanes)
    if alive:
        for handle in ready:
            if not handle._cancelled and id(getattr(handle._callback, "__self__", None)) in lanes:
                found += 1
                if found == alive:
                    break
    return found


class TimelineHooks:
    """Wraps the loop for one run; `slow_step(task, t0, t1, line, queued)` hears of blocking steps."""

    def __init__(self, timeline: Timeline, orig_run, slow_step) -> None:
        self.timeline = timeline
        self._plain = orig_run
        self._timed = self._timed_run(orig_run)
        self._slow_step = slow_step
        self._lanes_left: int | None = None  # lane steps still to come in this iteration
        self._untimed_since: float | None = None

    def install(self, patches) -> None:
        patches.set(events.Handle, "_run", self._timed)
        patches.set(PlaygroundEventLoop, "create_task", self._wrap_create_task(PlaygroundEventLoop.create_task))
        patches.set(PlaygroundEventLoop, "_process_events",
                    self._wrap_process_events(PlaygroundEventLoop._process_events))
        patches.set(HostSelector, "select", self._wrap_select(HostSelector.select))

    def _untime(self, t: float) -> None:
        """No lane left to run in this iteration: the rest runs at full speed."""
        events.Handle._run = self._plain
        self._untimed_since = t

    def _timed_run(self, orig):
        hooks, timeline = self, self.timeline
        lanes, more_ids, hidden_ids = timeline.lanes, timeline.more_ids, timeline.hidden_ids

        def _run(handle):
            callback = handle._callback
            owner = None if type(callback) is _Function else getattr(callback, "__self__", None)
            callback = None  # _Function: gather's done callbacks, call_soon(f): not a task step
            try:
                if not isinstance(owner, _Task):
                    return orig(handle)
                key = id(owner)
                queued = len(handle._loop._ready)
                if key in more_ids:  # a task beyond the lane limit
                    t0 = clock()
                    try:
                        orig(handle)
                    finally:
                        t1 = clock()
                        if t0 - timeline.agg_end <= MERGE_GAP:
                            timeline.agg_end = t1
                        else:
                            timeline.aggregate(t0, t1)
                        if t1 - t0 >= SLOW_STEP:
                            hooks._slow_step(owner, t0, t1, 0, queued)
                    return
                lane = lanes.get(key)
                if lane is None or lane.ref() is not owner:
                    if key in hidden_ids:
                        return orig(handle)
                    lane = timeline.discover(owner)
                first = lane.line if lane is not None else 0
                t0 = clock()
                timeline.step_began(lane, t0)
                try:
                    orig(handle)
                finally:
                    t1 = clock()
                    timeline.step_ended(owner, t1)
                    if t1 - t0 >= SLOW_STEP:
                        hooks._slow_step(owner, t0, t1, first, queued)
                    if hooks._lanes_left is not None:
                        hooks._lanes_left -= 1
                        if hooks._lanes_left <= 0:
                            hooks._untime(t1)
            finally:
                # A failed step's traceback reaches this frame: holding the task here would keep
                # it alive until the run ends (as Handle._run's own `self = None`).
                handle = owner = None

        return _run

    def _wrap_process_events(self, orig):
        hooks, timeline = self, self.timeline

        def _process_events(loop, event_list):
            orig(loop, event_list)
            ready = loop._ready
            hooks._lanes_left = None
            if timeline.full and len(ready) >= SCAN_FROM:
                hooks._lanes_left = _lane_steps(ready, timeline.lanes)
            if hooks._lanes_left == 0:
                hooks._untime(clock())
            else:
                events.Handle._run = hooks._timed

        return _process_events

    def _wrap_select(self, orig):
        hooks, timeline = self, self.timeline

        def select(selector, timeout=None):
            if hooks._untimed_since is not None:  # the untimed stretch goes to the aggregated lane
                timeline.aggregate(hooks._untimed_since, clock())
                hooks._untimed_since = None
            timeline.quick_wait = timeout == 0  # more callbacks are ready: no need to show the page now
            try:
                return orig(selector, timeout)
            finally:
                timeline.quick_wait = False

        return select

    def _wrap_create_task(self, orig):
        timeline = self.timeline

        def create_task(loop, coro, **kwargs):
            if timeline.full and not kwargs and loop._task_factory is None:  # the fast path
                task = orig(loop, coro)
                timeline.count_more(task, coro)
                return task
            t0 = clock()
            task = orig(loop, coro, **kwargs)
            try:
                if isinstance(task, _Task):
                    lane = timeline.task_created(task, t0, coro)
                    eager_possible = kwargs or loop._task_factory is not None
                    if eager_possible and lane is not HIDDEN and (
                        task.done() or getattr(task.get_coro(), "cr_suspended", False)
                    ):
                        timeline.step_began(lane, t0)  # an eager task ran its first step just now
                        timeline.step_ended(task, clock())
                return task
            finally:
                del task  # gh-128552: an eager task's traceback reaches this frame

        create_task.__doc__ = orig.__doc__
        return create_task

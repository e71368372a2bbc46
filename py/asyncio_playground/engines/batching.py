"""Batched scheduling for Pyodide's WebLoop: many ready callbacks per browser task.

Pyodide's WebLoop makes every call_soon a browser task of its own and every timer a
setTimeout. Here the loop keeps CPython's structures instead, a `_ready` deque and a
`_scheduled` heap of TimerHandles, and one browser task (a drain) runs them as
BaseEventLoop._run_once does: the callbacks ready when a batch starts, then the next
batch, with the timers that came due appended, until nothing is ready or BATCH_SECONDS
have passed. Then the drain returns, so that JS promises, Stop messages and the page get
their turn; one browser timer, set for the earliest timer, wakes the loop when idle.

Under JSPI a callback may suspend its drain's stack (run_sync: asyncio.run, time.sleep)
while the browser goes on. So a drain holds no callbacks of its own: it pops them one at
a time from the shared deque, and whenever callbacks wait behind the one it runs, another
drain is scheduled; that one takes over, and the suspended drain stops when it resumes.
"""

from __future__ import annotations

import collections
import functools
import heapq
import math
import time
from asyncio import events, tasks
from asyncio.events import _get_running_loop

BATCH_SECONDS = 0.005  # how long one browser task runs callbacks before it yields
CLOCK_EVERY = 16  # callbacks run between two readings of the clock, a call into JavaScript
MAX_TIMEOUT_MS = 2**31 - 1  # setTimeout's largest delay; a longer timer is set again
_MIN_SCHEDULED_TIMER_HANDLES = 100  # as BaseEventLoop: past these, cancelled timers are
_MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5  # swept from the heap when they are half of it

_classes: dict[type, type] = {}


def install(loop, schedule_callback):
    """Make `loop` (a WebLoop) batch its callbacks from now on; the loop keeps it.

    `schedule_callback(callback, delay_ms)` must call `callback()` once, in a browser task
    of its own, `delay_ms` from now (Pyodide's scheduleCallback does).
    """
    if not isinstance(loop, BatchedScheduling):
        base = type(loop)
        if base not in _classes:  # named as the loop it extends: programs print type(loop)
            _classes[base] = type(base.__name__, (BatchedScheduling, base),
                                  {"__module__": base.__module__, "__qualname__": base.__qualname__})
        loop.__class__ = _classes[base]
        loop._init_batching()
    loop._schedule_callback = schedule_callback
    return loop


def pyodide_schedule_callback(callback, delay_ms: float) -> None:
    """One browser task (a MessageChannel message, or setTimeout past 2 ms) that may
    suspend under JSPI, as the WebLoop schedules each of its handles."""
    from pyodide.ffi import create_once_callable
    from pyodide_js._api import scheduleCallback

    scheduleCallback(create_once_callable(callback, _may_syncify=True), delay_ms)


def pending_handles(loop) -> list[events.Handle]:
    """The callbacks `loop` has yet to run (a batching WebLoop keeps them as asyncio's loops do)."""
    return [*loop._ready, *loop._scheduled]


def recording(call_later, handles):
    """`call_later` (a loop method) that also adds each handle it returns to `handles`."""

    @functools.wraps(call_later)
    def call_later_recorded(loop, *args, **kwargs):
        handle = call_later(loop, *args, **kwargs)
        handles.add(handle)
        return handle

    return call_later_recorded


def to_handler(loop, exc: SystemExit | KeyboardInterrupt) -> None:
    """As Pyodide's WebLoop: a SystemExit or KeyboardInterrupt out of a callback goes to the
    loop's handler; without one it goes on, to JavaScript."""
    if isinstance(exc, SystemExit):
        if loop._system_exit_handler is None:
            raise exc
        loop._system_exit_handler(exc.code)
    else:
        if loop._keyboard_interrupt_handler is None:
            raise exc
        loop._keyboard_interrupt_handler()


class BatchedScheduling:
    """call_soon, call_later and call_at of a WebLoop-like loop, run in batches.

    The loop class provides time(), _install_running_loop(), _install_asyncgen_hooks(),
    _system_exit_handler and _keyboard_interrupt_handler (as Pyodide's WebLoop does).
    """

    _clock_resolution = time.get_clock_info("monotonic").resolution

    def _init_batching(self) -> None:
        self._ready = collections.deque()
        self._scheduled = []
        self._timer_cancelled_count = 0
        self._wake_pending = False  # a drain is scheduled and has not started yet
        self._timer_at = None  # the loop time the browser timer is set for, if any
        self._timer_id = 0  # which browser timer is that one
        self._drain_id = 0  # the drain that runs callbacks now (0: none)
        self._drains = 0

    def call_soon(self, callback, *args, context=None):
        handle = events.Handle(callback, args, self, context)
        self._ready.append(handle)
        if not self._wake_pending:
            self._request_drain()
        return handle

    def call_soon_threadsafe(self, callback, *args, context=None):
        return self.call_soon(callback, *args, context=context)

    def call_later(self, delay, callback, *args, context=None):
        if delay < 0:  # as Pyodide's WebLoop
            raise ValueError("Can't schedule in the past")
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        timer = events.TimerHandle(when, callback, args, self, context)
        if when == math.inf:  # never due (the WebLoop does not keep it either)
            return timer
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        if self._timer_at is None or when < self._timer_at:
            self._set_browser_timer(when)
        return timer

    def _timer_handle_cancelled(self, handle) -> None:
        if handle._scheduled:
            self._timer_cancelled_count += 1

    def _request_drain(self) -> None:
        self._wake_pending = True
        self._schedule_callback(self._drain, 0)

    def _set_browser_timer(self, when: float) -> None:
        self._timer_at = when
        self._timer_id += 1
        delay_ms = min(max(0, math.ceil((when - self.time()) * 1000 - 1e-6)), MAX_TIMEOUT_MS)
        self._schedule_callback(functools.partial(self._drain, self._timer_id), delay_ms)

    def _drain(self, timer_id: int | None = None) -> None:
        """A browser task: batches of ready callbacks (and due timers) for BATCH_SECONDS."""
        if timer_id is None:
            self._wake_pending = False
        elif timer_id == self._timer_id:
            self._timer_at = None
        self._install_running_loop()
        self._install_asyncgen_hooks()
        self._drains += 1
        me = self._drain_id = self._drains
        ready = self._ready
        now = self.time()
        end, unclocked = now + BATCH_SECONDS, 0
        try:
            while True:
                if self._scheduled:
                    self._move_due_timers(now)
                ntodo = len(ready)
                if not ntodo:
                    break
                if ntodo > 1 and not self._wake_pending:
                    self._request_drain()  # to run the others, should the first suspend
                for _ in range(ntodo):
                    handle = ready.popleft()
                    if not handle._cancelled:
                        if _get_running_loop() is not self:
                            self._reclaim_thread()
                        handle._run()
                    if self._drain_id != me:
                        return  # it suspended (JSPI), and a later drain took over
                unclocked += ntodo
                if unclocked >= CLOCK_EVERY:
                    now, unclocked = self.time(), 0
                    if now >= end:
                        break
        except (SystemExit, KeyboardInterrupt) as exc:
            to_handler(self, exc)
        finally:
            if self._drain_id == me:
                self._drain_id = 0
                if ready and not self._wake_pending:
                    self._request_drain()
                self._set_timer_for_head()

    def _reclaim_thread(self) -> None:
        """A callback made another loop the running one (asyncio.new_event_loop(): a WebLoop
        claims the thread): be it again, and end the task step that could not leave."""
        self._install_running_loop()
        stale = tasks.current_task(self)
        if stale is not None:
            tasks._leave_task(self, stale)

    def _move_due_timers(self, now: float) -> None:
        """BaseEventLoop._run_once's timer step: sweep cancelled timers, move due ones."""
        scheduled = self._scheduled
        if (len(scheduled) > _MIN_SCHEDULED_TIMER_HANDLES
                and self._timer_cancelled_count / len(scheduled) > _MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            kept = []
            for handle in scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    kept.append(handle)
            heapq.heapify(kept)
            self._scheduled = scheduled = kept
            self._timer_cancelled_count = 0
        else:
            self._drop_cancelled_head()
        end_time = now + self._clock_resolution
        while scheduled and scheduled[0]._when < end_time:
            handle = heapq.heappop(scheduled)
            handle._scheduled = False
            self._ready.append(handle)
        self._set_timer_for_head()  # now, in case a callback of this batch suspends

    def _drop_cancelled_head(self) -> None:
        scheduled = self._scheduled
        while scheduled and scheduled[0]._cancelled:
            self._timer_cancelled_count -= 1
            heapq.heappop(scheduled)._scheduled = False

    def _set_timer_for_head(self) -> None:
        """Keep one browser timer set for the earliest live timer."""
        self._drop_cancelled_head()
        if self._scheduled:
            when = self._scheduled[0]._when
            if self._timer_at is None or when < self._timer_at:
                self._set_browser_timer(when)

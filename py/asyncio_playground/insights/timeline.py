"""The task timeline of a run: who held the event loop, when, and what each task awaited.

`Timeline` turns what the loop hooks (timeline_hooks.py) observe into events and posts
them in batches, as the event timeline: {"events": [[kind, ...], ...]}.
Times are whole microseconds from the start of the run (integers: JSON writes them
several times faster than floats). Lines are main.py's: the page shows their text.
Past `MAX_LANES` tasks, further tasks share one aggregated lane.

The records below are the events' schema: `[kind, *fields]` on the wire. The recorder
writes those lists directly (a frozen dataclass costs ~2 µs to build, ten times a
list, and a gather of 10,000 tasks must stay within 1.5× with the timeline on);
`record()` reads an event back as its dataclass.
"""

from __future__ import annotations

import weakref
from dataclasses import astuple, dataclass

from .taskinfo import clock, coro_info, end_state, housekeeping, suspension

MAX_LANES = 500  # tasks drawn on a lane of their own; the rest share the aggregated lane
MAX_EVENTS = 40_000  # beyond this, only task starts and ends are still recorded
BATCH_SECONDS = 0.05
BATCH_EVENTS = 2000
MERGE_GAP = 0.002  # aggregated steps closer than this (seconds) share one span

HIDDEN = object()  # the "lane" of the loop's own housekeeping tasks (asyncio.run's shutdown)


@dataclass(frozen=True, slots=True)
class TaskStart:
    """A task was created (`line`: its coroutine's `def` line in main.py, 0 if elsewhere)."""

    task: int
    t: int
    name: str
    coro: str
    line: int


@dataclass(frozen=True, slots=True)
class RunSpan:
    """The task held the loop from `start` to `end`; `open`: it still holds it (live view)."""

    task: int
    start: int
    end: int
    open: bool


@dataclass(frozen=True, slots=True)
class WaitSpan:
    """From `start` the task awaits `what` (sleep, queue, lock…) at `line`, until its next run."""

    task: int
    start: int
    what: str
    line: int


@dataclass(frozen=True, slots=True)
class BlockSpan:
    """A blocking call (`time.sleep`) inside the task's step: nothing else could run."""

    task: int
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class TaskEnd:
    """The task finished: `state` is done, cancelled, failed or pending (left at the end)."""

    task: int
    t: int
    state: str
    detail: str
    name: str


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Tasks beyond the lane limit ran between `start` and `end`; `tasks`: how many so far."""

    start: int
    end: int
    tasks: int


@dataclass(frozen=True, slots=True)
class RunEnd:
    """The run ended at `t`; `truncated`: events were dropped past MAX_EVENTS."""

    t: int
    truncated: bool


RECORDS = {"start": TaskStart, "run": RunSpan, "wait": WaitSpan, "block": BlockSpan,
           "end": TaskEnd, "more": Aggregate, "stop": RunEnd}
KINDS = {cls: kind for kind, cls in RECORDS.items()}


def record(event: list):
    """An event as its record: ["run", 1, 0.5, 2.0, False] -> RunSpan(1, 0.5, 2.0, False)."""
    return RECORDS[event[0]](*event[1:])


def to_list(rec) -> list:
    """A record as it crosses to the page."""
    return [KINDS[type(rec)], *astuple(rec)]


# ---- the recorder -------------------------------------------------------------------------


class _Lane:
    """A task with a lane of its own; `line`: where it last waited (where its next step resumes)."""

    __slots__ = ("num", "ref", "line")

    def __init__(self, num: int, task, line: int) -> None:
        self.num, self.ref, self.line = num, weakref.ref(task), line


class Timeline:
    """Records one run's timeline and posts it to the page in batches."""

    def __init__(self, channel) -> None:
        self._channel = channel
        self.t0 = clock()
        self.lanes: dict[int, _Lane] = {}  # id(task) -> lane, while the task lives
        self._count = 0  # lanes handed out
        self._more = 0  # tasks beyond MAX_LANES
        self.more_ids: set[int] = set()  # id(task) of those
        self.hidden_ids: set[int] = set()  # id(task) of housekeeping tasks
        self.full = False  # no lane left: new tasks go to the aggregated lane
        self.quick_wait = False  # the loop polls without blocking (select(0)): no live flush
        self._agg_start: float | None = None  # the aggregated span being merged
        self.agg_end = float("-inf")
        self._pending: list[list] = []
        self._sent = 0
        self._last_post = self.t0
        self._running: list[list] = []  # [lane, start] of steps in progress (eager tasks nest)
        self.truncated = False

    def _us(self, t: float) -> int:
        return int((t - self.t0) * 1_000_000)

    def _add(self, event: list) -> None:
        pending = self._pending
        pending.append(event)
        if len(pending) >= BATCH_EVENTS:
            self.flush()

    def lane_of(self, task) -> _Lane | None:
        lane = self.lanes.get(id(task))
        return lane if lane is not None and lane.ref() is task else None

    def task_created(self, task, t: float, coro=None):
        """A new task: give it a lane, count it in the aggregated lane (None), or hide it (HIDDEN)."""
        if housekeeping(task.get_coro() if coro is None else coro):
            self.hidden_ids.add(id(task))
            return HIDDEN
        if self._count >= MAX_LANES:
            self._more += 1
            self.more_ids.add(id(task))
            return None
        self._count += 1
        self.full = self._count >= MAX_LANES
        name, line = coro_info(task, coro)
        lane = self.lanes[id(task)] = _Lane(self._count, task, line)
        self._add(["start", lane.num, self._us(t), task.get_name(), name, line])
        return lane

    def count_more(self, task, coro) -> None:
        """A task made once every lane is taken (create_task's fast path)."""
        if housekeeping(coro, quick=True):
            self.hidden_ids.add(id(task))
        else:
            self._more += 1
            self.more_ids.add(id(task))

    def discover(self, task):
        """A task seen running that did not come through create_task (e.g. `Task(coro)`)."""
        return self.task_created(task, clock())

    def step_began(self, lane: _Lane | None, t: float) -> None:
        if self._running:  # a step inside a step (eager task): cut the outer one here
            outer = self._running[-1]
            if outer[0] is not None and t > outer[1]:
                self._add(["run", outer[0].num, self._us(outer[1]), self._us(t), False])
            outer[1] = t
        self._running.append([lane, t])

    def step_ended(self, task, t: float) -> None:
        lane, start = self._running.pop()
        if self._running:
            self._running[-1][1] = t
        if lane is None:
            self.aggregate(start, t)
            return
        num = lane.num
        self._add(["run", num, self._us(start), self._us(t), False])
        if task.done():
            self.task_ended(task, lane, t)
        else:
            what, lane.line = suspension(task)
            self._add(["wait", num, self._us(t), what, lane.line])
        if t - self._last_post >= BATCH_SECONDS:
            self.flush()

    def task_ended(self, task, lane: _Lane, t: float, state: str | None = None) -> None:
        detail = ""
        if state is None:
            state, detail = end_state(task)
        del self.lanes[id(task)]
        self._add(["end", lane.num, self._us(t), state, detail, task.get_name()])

    def blocked(self, task, start: float, end: float, line: int) -> None:
        """A blocking call ran from `start` to `end` inside the step of `task`."""
        lane = self.lane_of(task) if task is not None else None
        if lane is not None:
            self._add(["block", lane.num, self._us(start), self._us(end), line])

    def aggregate(self, start: float, end: float) -> None:
        """A step of a task beyond the lane limit: merged with the previous one if close."""
        if start - self.agg_end <= MERGE_GAP:
            self.agg_end = end
            return
        self._close_aggregate()
        self._agg_start, self.agg_end = start, end
        if end - self._last_post >= BATCH_SECONDS:
            self.flush()

    def _close_aggregate(self) -> None:
        if self._agg_start is not None:
            self._add(["more", self._us(self._agg_start), self._us(self.agg_end), self._more])
            self._agg_start = None

    def flush(self, *, live: bool = False) -> None:
        """Post what is pending; `live`: the worker is about to block, show running steps so far."""
        now = clock()
        if live:
            self._close_aggregate()
            self.agg_end = float("-inf")
            for entry in self._running:
                if entry[0] is not None and now > entry[1]:
                    self._pending.append(["run", entry[0].num, self._us(entry[1]), self._us(now), True])
                    entry[1] = now
        self._last_post = now
        if not self._pending:
            return
        events, self._pending = self._pending, []
        if self._sent + len(events) > MAX_EVENTS:  # keep the lanes' starts and ends, drop spans
            room = max(0, MAX_EVENTS - self._sent)
            kept = [e for e in events[room:] if e[0] in ("start", "end", "stop")]
            self.truncated = self.truncated or len(kept) < len(events) - room
            events = events[:room] + kept
        self._sent += len(events)
        self._channel.emit("timeline", events=events)

    def close(self, tasks_left) -> None:
        """The run is over: tasks still alive end as 'pending'; post everything."""
        now = clock()
        self._close_aggregate()
        for task in tasks_left:
            lane = self.lane_of(task)
            if lane is not None:
                self.task_ended(task, lane, now, "pending")
        self.flush()  # first: it finds out whether events were dropped
        self._pending.append(["stop", self._us(now), self.truncated])
        self.flush()

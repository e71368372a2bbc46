"""The loop's state between two steps, as the inspector shows it (web/insights/inspector-view.js).

Read from CPython's own objects, changing nothing: the ready queue in order, the timer heap
soonest first, every task (state, what it awaits, its line in main.py, its await chain) and what
the selector will do. Values only, no sentences: the page words them in its language.
"""

from __future__ import annotations

import asyncio
import heapq
import inspect
import reprlib
import types

from .. import FILENAME
from .taskinfo import coro_info, end_state, housekeeping, suspension

MAX_ITEMS = 50  # per list: a gather of 10,000 tasks shows its first 50 and a count
_repr = reprlib.Repr(maxstring=30, maxother=30, maxlist=4, maxtuple=4, maxdict=4)


def _task_of(callback):
    owner = getattr(callback, "__self__", None)
    return owner if isinstance(owner, asyncio.Task) else None


def _name(function) -> str:
    name = getattr(function, "__qualname__", None) or getattr(function, "__name__", None)
    return name or type(function).__name__


def _await_chain(task):
    """(code, frame) of each coroutine (or @types.coroutine generator) the task awaits through,
    outermost first, 64 at most."""
    coro, depth = task.get_coro(), 0
    while coro is not None and depth < 64:
        if isinstance(coro, types.CoroutineType):
            code, frame, coro = coro.cr_code, coro.cr_frame, coro.cr_await
        elif isinstance(coro, types.GeneratorType):
            code, frame, coro = coro.gi_code, coro.gi_frame, coro.gi_yieldfrom
        else:
            return
        yield code, frame
        depth += 1


def _chain(task) -> list[dict]:
    """The task's coroutine frames in main.py, outermost first: [{coro, line}]."""
    return [{"coro": code.co_qualname, "line": frame.f_lineno if frame else code.co_firstlineno}
            for code, frame in _await_chain(task) if code.co_filename == FILENAME]


def awaited_call(task) -> str:
    """The library call the task is suspended in, as a student reads it: `sleep(1)`, `Queue.get()`,
    `Event.wait()`; '' when it awaits a task, a future or nothing of asyncio's."""
    last = None
    for code, frame in _await_chain(task):
        public = not code.co_qualname.rsplit(".", 1)[-1].startswith("_")
        if code.co_filename != FILENAME and (public or last is None):
            last = (code, frame)  # the deepest public library call: Lock.acquire, not __aenter__
    if last is None:
        return ""
    code, frame = last
    name = code.co_qualname
    if name == "sleep" and frame is not None:
        delay = frame.f_locals.get("delay")
        return f"sleep({delay:g})" if isinstance(delay, (int, float)) else "sleep()"
    if "/asyncio/" not in code.co_filename.replace("\\", "/") or name.startswith("_"):
        return ""
    return f"{name}()"


class LoopState:
    """One snapshot of `loop`; `to_json()` is the `inspect` event's `state`."""

    def __init__(self, loop, *, t0: float, tasks=None) -> None:
        """`tasks`: every task to list (the inspector's, done ones included), else the loop's live ones."""
        self.loop, self.now = loop, loop.time()
        self.t0 = t0
        all_tasks = tasks if tasks is not None else asyncio.all_tasks(loop)
        self.tasks = sorted((t for t in all_tasks if not housekeeping(t.get_coro())), key=_number)
        self._waiter_of: dict[int, object] = {}  # id(future) -> the task awaiting it
        for task in self.tasks:
            fut = getattr(task, "_fut_waiter", None)
            if fut is not None:
                self._waiter_of[id(fut)] = task
                for child in getattr(fut, "_children", ()):  # gather's children
                    self._waiter_of.setdefault(id(child), task)
        self._ready_tasks = [t for h in loop._ready if not h._cancelled for t in [_task_of(h._callback)] if t]

    def handle(self, handle) -> dict:
        """What a handle will do when it runs, as values: a task's step, a future's wake-up, a call."""
        callback, args = handle._callback, handle._args
        task = _task_of(callback)
        if task is not None:
            coro, first = coro_info(task)
            _, line = suspension(task)
            return {"kind": "step", "task": task.get_name(), "coro": coro, "line": line or first,
                    "starts": not _started(task)}
        if _name(callback) == "_set_result_unless_cancelled" and args:
            waiter = self._waiter_of.get(id(args[0]))
            if waiter is not None:
                what, line = suspension(waiter)
                return {"kind": "wake", "task": waiter.get_name(), "what": what, "call": awaited_call(waiter),
                        "line": line}
        owner = getattr(callback, "__self__", None)
        name = _name(callback)
        if owner is not None and not isinstance(owner, types.ModuleType) and "." not in name:
            name = f"{type(owner).__name__}.{name}"
        call = {"kind": "call", "func": name.replace(".<locals>", ""), "args": ", ".join(_repr.repr(a) for a in args)}
        if args and isinstance(args[0], asyncio.Future):
            waiter = self._waiter_of.get(id(args[0]))
            if waiter is not None:
                call["for"] = waiter.get_name()
            call["args"] = ", ".join(["<future>"] + [_repr.repr(a) for a in args[1:]])
        return call

    def task(self, task) -> dict:
        coro, first = coro_info(task)
        info = {"name": task.get_name(), "coro": coro}
        if task.done():
            state, detail = end_state(task)
            info.update(state=state, detail=detail)
            return info
        what, line = suspension(task)
        started = _started(task)
        state = "ready" if task in self._ready_tasks else "waiting"
        awaits = None
        fut = getattr(task, "_fut_waiter", None)
        if isinstance(fut, asyncio.Task):
            awaits = fut.get_name()
        elif fut is not None and type(fut).__name__ == "_GatheringFuture":
            awaits = [c.get_name() for c in getattr(fut, "_children", ()) if isinstance(c, asyncio.Task)]
        info.update(state=state, what="start" if not started and state == "ready" else what,
                    call=awaited_call(task) if started else "", line=line or first, chain=_chain(task))
        if awaits:
            info["awaits"] = awaits
        awaited_by = self._waiter_of.get(id(task))
        if awaited_by is not None:
            info["awaitedBy"] = awaited_by.get_name()
        return info

    def selector(self) -> dict:
        """What `select()` will do at the start of the next iteration."""
        loop = self.loop
        if loop._ready or loop._stopping:
            return {"kind": "poll"}
        timers = [h for h in loop._scheduled if not h._cancelled]
        if not timers:
            return {"kind": "forever"}
        return {"kind": "timer", "seconds": round(max(0.0, min(h._when for h in timers) - self.now), 3)}

    def to_json(self, *, iteration: int, where: str) -> dict:
        ready = [h for h in self.loop._ready if not h._cancelled]
        timers = heapq.nsmallest(MAX_ITEMS, (h for h in self.loop._scheduled if not h._cancelled),
                                 key=lambda h: h._when)
        state = {
            "iteration": iteration, "where": where, "time": round(self.now - self.t0, 3),
            "ready": [self.handle(h) for h in ready[:MAX_ITEMS]],
            "readyMore": max(0, len(ready) - MAX_ITEMS),
            "timers": [{"in": round(h._when - self.now, 3), **self.handle(h)} for h in timers],
            "timersMore": max(0, sum(1 for h in self.loop._scheduled if not h._cancelled) - MAX_ITEMS),
            "tasks": [self.task(t) for t in self.tasks[:MAX_ITEMS]],
            "tasksMore": max(0, len(self.tasks) - MAX_ITEMS),
            "selector": self.selector(),
        }
        first = state["ready"][0] if state["ready"] else None
        state["nextLine"] = first["line"] if first and first["kind"] == "step" else 0
        return state


def _started(task) -> bool:
    coro = task.get_coro()
    return not isinstance(coro, types.CoroutineType) or inspect.getcoroutinestate(coro) != inspect.CORO_CREATED


def _number(task) -> tuple[int, str]:
    name = task.get_name()
    digits = name.rsplit("-", 1)[-1]
    return (int(digits) if name.startswith("Task-") and digits.isdigit() else 1 << 30, name)


_KIND_OF_OWNER = {
    "Lock": "lock", "Semaphore": "semaphore", "BoundedSemaphore": "semaphore", "Event": "event",
    "Queue": "queue", "PriorityQueue": "queue", "LifoQueue": "queue", "Condition": "condition", "Barrier": "barrier",
}


def stuck_tasks(loop) -> list[dict]:
    """What each of the program's waiting tasks waits for, when nothing can wake any of them:
    [{task, coro, what, call, line, awaits?}] (hints.py words it)."""
    state = LoopState(loop, t0=loop.time())
    waits = []
    for task in state.tasks:
        if task.done():
            continue
        info = state.task(task)
        entry = {key: info.get(key, "") for key in ("what", "call", "line")}
        owner = entry["call"].split(".", 1)[0] if "." in entry["call"] else ""
        entry["what"] = _KIND_OF_OWNER.get(owner, entry["what"])
        entry.update(task=info["name"], coro=info["coro"])
        if isinstance(info.get("awaits"), list):
            entry["awaits"] = ", ".join(info["awaits"])
        elif info.get("awaits"):
            entry["awaits"] = info["awaits"]
        waits.append(entry)
    return waits


def snapshot(loop, *, t0: float, iteration: int = 0, where: str = "iteration") -> dict:
    """The loop's state now (between two callbacks), as the inspector's `state`."""
    return LoopState(loop, t0=t0).to_json(iteration=iteration, where=where)

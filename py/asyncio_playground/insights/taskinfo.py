"""What a task is doing, read from CPython's own objects: what it awaits, where, how it ended.

Used by the timeline (instrument.py, timeline.py) and the hints; nothing here changes
a task (a failed task's exception is read without marking it retrieved).
"""

from __future__ import annotations

import asyncio.base_events
import linecache
import time
import types

from .. import FILENAME, RUNTIME_DIR
from ..engines.loop import PlaygroundEventLoop
from ..stdin import INPUT_FUTURES

clock = time.perf_counter  # the one clock of the timeline, the hints and the instruments
MAX_TEXT = 90
_Coroutine, _Generator = types.CoroutineType, types.GeneratorType


_WAIT_KINDS = {
    ("tasks.py", "sleep"): "sleep", ("tasks.py", "wait"): "wait", ("tasks.py", "_wait"): "wait",
    ("tasks.py", "wait_for"): "wait", ("queues.py", "Queue"): "queue",
    ("locks.py", "Lock"): "lock", ("locks.py", "Event"): "event", ("locks.py", "Condition"): "condition",
    ("locks.py", "Semaphore"): "semaphore", ("locks.py", "BoundedSemaphore"): "semaphore",
    ("locks.py", "Barrier"): "barrier", ("taskgroups.py", "TaskGroup"): "taskgroup",
    ("timeouts.py", "Timeout"): "timeout",
}
_IO_FILES = ("streams.py", "base_events.py", "selector_events.py", "network.py")


_kinds_of_code: dict[int, tuple] = {}  # id(code) -> (code, kind); library code only


def _kind_of_code(code) -> str | None:
    cached = _kinds_of_code.get(id(code))
    if cached is not None and cached[0] is code:
        return cached[1]
    kind = _kinds_of_code[id(code)] = (code, _classify(code))
    return kind[1]


def _classify(code) -> str | None:
    path = code.co_filename.replace("\\", "/")
    filename = path.rsplit("/", 1)[-1]
    owner = code.co_qualname.split(".", 1)[0]
    kind = _WAIT_KINDS.get((filename, owner)) or _WAIT_KINDS.get((filename, code.co_name))
    if kind:
        return kind
    if filename in _IO_FILES or "/aiohttp/" in path:
        return "io"
    return None


def _kind_of_future(fut) -> str:
    if fut is None:
        return "ready"
    if fut in INPUT_FUTURES:  # to_thread(input): the keyboard's line
        return "input"
    name = type(fut).__name__
    if name == "Task" or hasattr(fut, "get_coro"):
        return "task"
    if name == "_GatheringFuture":
        return "gather"
    return "future"


def source_line(line: int) -> str:
    text = linecache.getline(FILENAME, line).strip() if line else ""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def suspension(task) -> tuple[str, int]:
    """(what the task awaits, the main.py line where it waits), from its coroutine chain."""
    coro, line, lib_code, depth = task.get_coro(), 0, None, 0
    while depth < 64:
        kind = type(coro)
        if kind is _Coroutine:
            code, frame, awaited = coro.cr_code, coro.cr_frame, coro.cr_await
        elif kind is _Generator:  # @types.coroutine, e.g. asyncio.sleep(0)
            code, frame, awaited = coro.gi_code, coro.gi_frame, coro.gi_yieldfrom
        else:
            break
        if code.co_filename == FILENAME:
            line, lib_code = (frame.f_lineno if frame else code.co_firstlineno), None
        elif lib_code is None:
            lib_code = code
        coro = awaited
        depth += 1
    kind = _kind_of_code(lib_code) if lib_code is not None else None
    return kind or _kind_of_future(getattr(task, "_fut_waiter", None)), line


def end_state(task) -> tuple[str, str]:
    """(state, detail) of a finished task, without marking its exception as retrieved."""
    if task.cancelled():
        return "cancelled", ""
    exc = getattr(task, "_exception", None)
    if exc is not None:
        return "failed", f"{type(exc).__name__}: {exc}"[:MAX_TEXT]
    return "done", ""


_LOOP_FILE = asyncio.base_events.BaseEventLoop.shutdown_asyncgens.__code__.co_filename
_OUR_LOOP_FILE = PlaygroundEventLoop.shutdown_default_executor.__code__.co_filename


def housekeeping(coro, *, quick: bool = False) -> bool:
    """A coroutine the loop runs for itself (asyncio.run's shutdown steps, getaddrinfo…).

    `quick` only compares file names by identity (the code objects of one module
    share theirs): cheap enough for every one of 10,000 tasks.
    """
    code = getattr(coro, "cr_code", None)
    if code is None:
        return False
    path = code.co_filename
    if path is _LOOP_FILE or path is _OUR_LOOP_FILE:
        return True
    return not quick and (path == _LOOP_FILE or path.startswith(RUNTIME_DIR))


def coro_info(task, coro=None) -> tuple[str, int]:
    """(the coroutine's name, its `def` line in main.py or 0); `coro` if the task dropped it."""
    coro = task.get_coro() if coro is None else coro
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    name = getattr(coro, "__qualname__", None) or type(coro).__name__
    line = code.co_firstlineno if code is not None and code.co_filename == FILENAME else 0
    return name, line


def last_line(task) -> int:
    """The last line of the task's coroutine function in main.py (0 if it is not there)."""
    code = getattr(task.get_coro(), "cr_code", None)
    if code is None or code.co_filename != FILENAME:
        return 0
    return max((line for *_, line in code.co_lines() if line), default=code.co_firstlineno)

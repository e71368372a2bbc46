"""Pitfall hints: classic asyncio mistakes, recognised from what the run actually did.

The loop hooks (instrument.py) report facts here: a blocking `time.sleep` while a loop
runs, a step that held the loop while other tasks were ready, warnings, errors, tasks
left pending. Each hint is posted once per run and line, as the event
hint: {"id", "line", "en": {...}, "fr": {...}}.
"""

from __future__ import annotations

import ast
import asyncio.events
import linecache
import sys
from dataclasses import dataclass, field

from .. import FILENAME
from ..engines.threads import refused_call
from .beginner_hints import beginner_hint
from .hint_texts import texts
from .taskinfo import coro_info, source_line, suspension


_STEP_CODE = asyncio.events.Handle._run.__code__  # where a task's step starts
SLOW_STEP = 0.1  # seconds a step may hold the loop (while others wait) before it counts as blocking


@dataclass(frozen=True, slots=True)
class Hint:
    id: str
    line: int
    facts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"id": self.id, "line": self.line, **texts(self.id, {"line": self.line, **self.facts})}


def main_line(tb_or_frame) -> int:
    """The innermost main.py line of a traceback (or the first one going up from a frame)."""
    line = 0
    if hasattr(tb_or_frame, "tb_frame"):
        tb = tb_or_frame
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == FILENAME:
                line = tb.tb_lineno
            tb = tb.tb_next
        return line
    frame = tb_or_frame
    while frame is not None and frame.f_code is not _STEP_CODE:  # not beyond the running task's step
        if frame.f_code.co_filename == FILENAME:
            return frame.f_lineno
        frame = frame.f_back
    return 0


def _line_calling(*names: str) -> int:
    """The first main.py line that mentions one of `names` (when no frame says where)."""
    for number, text in enumerate(linecache.getlines(FILENAME), 1):
        if any(f"{name}(" in text for name in names):
            return number
    return 0


def _exceptions(exc: BaseException, seen=None):
    """`exc`, the exceptions it chains to, and those inside exception groups."""
    seen = seen if seen is not None else set()
    if exc is None or id(exc) in seen:
        return
    seen.add(id(exc))
    yield exc
    for sub in getattr(exc, "exceptions", None) or ():
        yield from _exceptions(sub, seen)
    yield from _exceptions(exc.__cause__, seen)
    yield from _exceptions(exc.__context__, seen)


def _first_loop_line(first: int, last: int) -> int:
    """The first `for`/`while` of main.py between two lines: where a long step likely spun."""
    try:
        tree = ast.parse("".join(linecache.getlines(FILENAME)))
    except (SyntaxError, ValueError):
        return 0
    loops = [n.lineno for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While, ast.AsyncFor))
             and first <= n.lineno <= last]
    return min(loops, default=0)


def _short(seconds: float) -> str:
    return f"{seconds:.2f}".rstrip("0").rstrip(".") if seconds < 10 else f"{seconds:.0f}"


class Hints:
    """Collects the hints of one run and posts each as soon as it is known."""

    def __init__(self, channel) -> None:
        self._channel = channel
        self._posted: set[tuple[str, int]] = set()
        self.hints: list[Hint] = []
        self.last_sleep_end = 0.0  # clock time when the last blocking sleep returned
        self._quiet_coros: set[int] = set()  # coroutines whose "never awaited" a hint explains
        self._unfinished: list[Hint] = []

    def add(self, hint: Hint) -> None:
        key = (hint.id, hint.line)
        if key in self._posted:
            return
        self._posted.add(key)
        self.hints.append(hint)
        self._channel.emit("hint", hint=hint.to_dict())

    # ---- facts reported by the loop hooks --------------------------------------------

    def blocking_sleep(self, seconds, frame, *, inline: bool, task, others: int) -> None:
        """`time.sleep(seconds)` was called while an event loop was running."""
        if not isinstance(seconds, (int, float)) or seconds <= 0:
            return
        line = main_line(frame) or (_line_calling("to_thread", "run_in_executor") if inline else 0)
        code = source_line(line)
        if inline or "sleep" not in code:
            code = f"time.sleep({seconds!r})"
        coro = coro_info(task)[0] if task is not None else ""
        facts = {"code": code, "seconds": _short(seconds), "arg": repr(seconds), "coro": coro, "others": others}
        self.add(Hint("blocking-inline" if inline else "blocking-sleep", line, facts))

    def blocking_input(self, frame, *, task, others: int) -> None:
        """`input()` (or a read of sys.stdin) waits for the keyboard while an event loop runs."""
        line = main_line(frame)
        code = source_line(line)
        if "input(" not in code and "stdin" not in code:
            code = "input()"
        coro = coro_info(task)[0] if task is not None else ""
        self.add(Hint("blocking-input", line, {"code": code, "coro": coro, "others": others}))

    def blocking_step(self, task, seconds: float, first: int, last: int, others: int) -> None:
        """A step of `task` held the loop for `seconds` while `others` tasks were ready to run."""
        if others <= 0:
            return
        coro, def_line = coro_info(task)
        first = first or def_line
        last = last or first
        line = _first_loop_line(min(first, last), max(first, last)) or first
        facts = {"task": task.get_name(), "coro": coro, "ms": round(seconds * 1000),
                 "first": min(first, last), "last": max(first, last), "others": others}
        self.add(Hint("blocking-step", line, facts))

    def warning(self, msg) -> None:
        """A warning about to be shown (warnings.WarningMessage)."""
        text = str(msg.message)
        line = msg.lineno if msg.filename == FILENAME else 0
        if msg.category is RuntimeWarning and text.startswith("coroutine '") and "never awaited" in text:
            if msg.filename == "<sys>" and self.hints:
                return  # found when the program ended: the mistake that left it has its hint
            source = msg.source
            if source is not None and (id(source) in self._quiet_coros or not _this_run(source)):
                return
            name = text.split("'")[1]
            if not line and source is not None:
                line = coro_info_from_coro(source)
            self.add(Hint("never-awaited", line, {"coro": name}))
        elif msg.category is DeprecationWarning and text.startswith("There is no current event loop"):
            self.add(Hint("no-event-loop", line, {
                "outcome_en": "Python 3.13 warns and creates one; Python 3.14 raises RuntimeError",
                "outcome_fr": "Python 3.13 avertit et en crée une ; Python 3.14 lève RuntimeError",
            }))

    def error(self, exc: BaseException) -> None:
        """An exception the program did not handle (or a task's exception nobody retrieved)."""
        for err in _exceptions(exc):
            line = main_line(err.__traceback__)
            text = str(err)
            if isinstance(err, TypeError) and text.startswith("Passing coroutines is forbidden"):
                self._quiet(err, "fs")
                self.add(Hint("wait-coroutines", line))
            elif isinstance(err, RuntimeError) and text.startswith("There is no current event loop"):
                self.add(Hint("no-event-loop", line, {
                    "outcome_en": "Python 3.14 raises RuntimeError", "outcome_fr": "Python 3.14 lève RuntimeError"}))
            elif isinstance(err, RuntimeError) and (
                "cannot be called from a running event loop" in text or text == "This event loop is already running"
            ):
                self._quiet(err, "main", "future")
                call = "asyncio.run()" if "asyncio.run" in text else (
                    "loop.run_until_complete()" if "already running" in text else "Runner.run()")
                self.add(Hint("nested-run", line, {"call": call}))
            elif isinstance(err, ModuleNotFoundError) and err.name == "requests":
                self.add(Hint("requests", line))
            elif (call := refused_call(err)) is not None:
                self.add(Hint("no-threads", line, {"call": call}))
            elif (found := beginner_hint(err, line)) is not None:
                self.add(Hint(*found))
                return  # the first error of the chain that a beginner made is the one to explain

    def _quiet(self, err: BaseException, *names: str) -> None:
        """The coroutines given to the failing call: their "never awaited" warning is explained."""
        tb = err.__traceback__
        while tb is not None:
            f_locals = tb.tb_frame.f_locals if tb.tb_frame.f_code.co_filename != FILENAME else {}
            for name in names:
                value = f_locals.get(name)
                for item in value if isinstance(value, (list, tuple, set)) else [value]:
                    if hasattr(item, "cr_code"):
                        self._quiet_coros.add(id(item))
            tb = tb.tb_next

    def stuck(self, waits: list[dict]) -> None:
        """Every task waits (`waits`: loopstate.stuck_tasks) and nothing can wake them."""
        line = next((w["line"] for w in waits if w["what"] not in ("task", "gather")), 0) or \
            next((w["line"] for w in waits), 0)
        self.add(Hint("stuck", line, {"tasks": waits}))

    def task_lost(self, task) -> None:
        """"Task was destroyed but it is pending!": nothing kept a reference to it."""
        coro, def_line = coro_info(task)
        self.add(Hint("task-lost", def_line, {"task": task.get_name(), "coro": coro}))

    def unfinished(self, task) -> None:
        """`task` was still pending when the program (or asyncio.run) ended."""
        if task.done() or (getattr(task, "cancelling", None) and task.cancelling()):
            return
        coro, def_line = coro_info(task)
        if not def_line:
            return  # not the program's own coroutine (e.g. an async generator's aclose())
        line = suspension(task)[1]
        self._unfinished.append(Hint("task-unfinished", line or def_line,
                                     {"task": task.get_name(), "coro": coro, "line": line}))

    def finish(self, *, failed: bool, stopped: bool) -> None:
        """The program ended: tasks left behind count only if it ended normally."""
        if not failed and not stopped:
            for hint in self._unfinished:
                self.add(hint)
        self._unfinished = []


def _this_run(coro) -> bool:
    """The coroutine belongs to this run's program (not garbage left by an earlier run)."""
    frame = getattr(coro, "cr_frame", None)
    main = sys.modules.get("__main__")
    return frame is None or main is None or frame.f_globals is vars(main) or frame.f_code.co_filename != FILENAME


def coro_info_from_coro(coro) -> int:
    code = getattr(coro, "cr_code", None)
    return code.co_firstlineno if code is not None and code.co_filename == FILENAME else 0

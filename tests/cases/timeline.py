"""Helpers for the timeline tests: run a program with the timeline on, read its events as a story.

A story is the timeline normalised for a golden list: one line per event, lanes named
by their coroutine, times replaced by durations rounded to the half second (so that a
slow machine does not change it), a task's run spans cut by live flushes merged back.
"""

from __future__ import annotations

import json
import textwrap
import threading
from dataclasses import dataclass

from asyncio_playground.run import run_program as run
from support import ThreadHost
from asyncio_playground.insights.timeline import record


@dataclass(frozen=True)
class Outcome:
    events: list
    hints: list
    stdout: str
    stderr: str


def run_timeline(code: str, *, timeline: bool = True, stop_after: float | None = None) -> Outcome:
    host = ThreadHost()
    timer = threading.Timer(stop_after, host.interrupt) if stop_after else None
    if timer:
        timer.start()
    try:
        run(textwrap.dedent(code), 1, host, {"timeline": timeline})
    finally:
        if timer:
            timer.cancel()
    events, hints, out = [], [], {"stdout": "", "stderr": "", "system": ""}
    for message in map(json.loads, host.messages):
        if message["type"] == "timeline":
            events.extend(message["events"])
        elif message["type"] == "hint":
            hints.append(message["hint"])
        elif message["type"] == "output":
            for stream, text in message["chunks"]:
                out[stream] += text
    return Outcome(events, hints, out["stdout"], out["stderr"])


def seconds(us: int) -> str:
    """A duration rounded to the half second: 0s, 0.5s, 1s…"""
    return f"{round(us / 500_000) / 2:g}s"


def story(events: list) -> list[str]:
    names, merged = {}, []
    for event in events:  # merge the run spans a live flush cut in two
        previous = merged[-1] if merged else None
        if event[0] == "run" and previous and previous[0] == "run" and previous[1] == event[1] and previous[4]:
            merged[-1] = ["run", event[1], previous[2], event[3], event[4]]
        else:
            merged.append(list(event))
    lines = []
    for index, event in enumerate(merged):
        rec = record(event)
        kind = event[0]
        if kind == "start":
            names[rec.task] = rec.coro
            lines.append(f"start {rec.coro}")
        elif kind == "run":
            lines.append(f"run {names[rec.task]} {seconds(rec.end - rec.start)}")
        elif kind == "wait":
            end = next((e[2] for e in merged[index + 1:] if e[0] in ("run", "end") and e[1] == rec.task), None)
            took = seconds(end - rec.start) if end is not None else "…"
            lines.append(f"wait {names[rec.task]} {rec.what}@{rec.line} {took}")
        elif kind == "block":
            lines.append(f"block {names[rec.task]} @{rec.line} {seconds(rec.end - rec.start)}")
        elif kind == "end":
            lines.append(f"end {names[rec.task]} {rec.state}")
        elif kind == "more":
            lines.append("more")
        elif kind == "stop":
            lines.append("stop")
    return lines

"""The one way out of the runtime: every event of a run reaches the page through `Channel.emit`.

An event is `{type, runId, ...fields}`, posted as JSON through the host; its type is one
of EVENTS, the list web/protocol.js names PYTHON_EVENTS (tests/py/test_channel.py keeps the
two equal). Output still pending is posted before any other event, so the page sees
events in the order they happened. System lines (the playground's own words in the
console) travel as an i18n key and its values, which the page renders in its language.

The run's result is no event: the engine returns it (run.RunResult) and the worker posts
it as `done`, the one message a program that reaches the host can never send.
"""

from __future__ import annotations

import json

EVENTS = (
    "output",  # chunks: [[stream, text], ...], stream stdout | stderr (output.py)
    "system",  # key, vars: a line of the playground's own (SYSTEM_LINES)
    "timeline",  # events: [[kind, ...fields], ...] (insights/timeline.py)
    "hint",  # hint: {id, line, en, fr} (insights/hints.py)
    "server-started",  # port, host, kind: the program's server listens (vnet/network.py)
    "server-stopped",  # port
    "http-response",  # port, requestId, done, head?, raw?, body?, error?, truncated?
    "finishing",  # after a Stop, the program is over and Python tidies up
    "stdin-request",  # the program waits for a line of input (stdin.py): the page shows its input line
    "inspect",  # state: the paused loop (insights/loopstate.py), or None: it runs again (stepper.py)
)
SYSTEM_LINES = ("sysTruncated", "sysSurvivors", "sysNoKeyboard", "sysNoInputLine", "sysStuck")  # the keys Python sends (the page's strings)


class Channel:
    """The events of one run, to the page; `before_event` flushes the run's pending output."""

    __slots__ = ("host", "run_id", "before_event")

    def __init__(self, host, run_id: int) -> None:
        self.host = host
        self.run_id = run_id
        self.before_event = None

    def emit(self, type: str, **fields) -> None:  # noqa: A002 - the protocol's word
        if type not in EVENTS:
            raise ValueError(f"not an event of web/protocol.js PYTHON_EVENTS: {type!r}")
        if type != "output" and self.before_event is not None:
            self.before_event()
        self.host.post(json.dumps({"type": type, "runId": self.run_id, **fields}))

    def system(self, key: str, **values) -> None:
        """A line of the playground's own, e.g. system("sysSurvivors", what="Task-2")."""
        if key not in SYSTEM_LINES:
            raise ValueError(f"not a system line: {key!r}")
        self.emit("system", key=key, vars=values)

"""Run a program through the runtime under plain CPython, and gather what the page would show."""

from __future__ import annotations

import json
from dataclasses import dataclass

from asyncio_playground.run import RunResult, run_program

from .host import ThreadHost


@dataclass(frozen=True, slots=True)
class Captured:
    stdout: str
    stderr: str
    system: str  # the system lines, one `key {vars as JSON}` a line (the page words them)
    result: RunResult
    posts: int


def system_line(event: dict) -> str:
    """A system event as a test reads it: its i18n key and values (the page writes the words)."""
    return f"{event['key']} {json.dumps(event['vars'], ensure_ascii=False)}\n"


def run_captured(code: str, host: ThreadHost | None = None, run_id: int = 1, options: dict | None = None) -> Captured:
    """Run `code` with a ThreadHost (and run `options`) and gather what the page would have shown."""
    host = host or ThreadHost()
    result = run_program(code, run_id, host, options)
    streams = {"stdout": [], "stderr": [], "system": []}
    for message in host.messages:
        event = json.loads(message)
        assert event["runId"] == run_id
        if event["type"] == "system":
            streams["system"].append(system_line(event))
        elif event["type"] == "output":
            for stream, text in event["chunks"]:
                streams[stream].append(text)
    return Captured(
        "".join(streams["stdout"]), "".join(streams["stderr"]), "".join(streams["system"]),
        result, len(host.messages),
    )

"""Run a program through the runtime under plain CPython, as tests and tools do."""

from __future__ import annotations

import json
from dataclasses import dataclass

from asyncio_playground.process import RunResult, run
from .host import ThreadHost


@dataclass(frozen=True, slots=True)
class Captured:
    stdout: str
    stderr: str
    system: str
    result: RunResult
    posts: int


def run_captured(code: str, host: ThreadHost | None = None, run_id: int = 1) -> Captured:
    """Run `code` with a ThreadHost and gather what the page would have shown."""
    host = host or ThreadHost()
    result = run(code, run_id, host)
    streams = {"stdout": [], "stderr": [], "system": []}
    for message in host.messages:
        event = json.loads(message)
        assert event["runId"] == run_id
        if event["type"] != "output":
            continue  # the server panel's messages (vnet)
        for stream, text in event["chunks"]:
            streams[stream].append(text)
    return Captured(
        "".join(streams["stdout"]), "".join(streams["stderr"]), "".join(streams["system"]),
        result, len(host.messages),
    )

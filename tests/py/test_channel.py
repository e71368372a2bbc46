"""The one channel out of the runtime, and the protocol it shares with the page: the event
types, the system lines, the run's result and the engines are the lists web/protocol.js names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from asyncio_playground import channel, engines
from asyncio_playground.channel import Channel
from asyncio_playground.output import OutputSink
from asyncio_playground.run import RunResult, run_program
from support import ThreadHost

WEB = Path(__file__).resolve().parents[2] / "web"
PROTOCOL = (WEB / "protocol.js").read_text(encoding="utf-8")


def frozen(name: str) -> str:
    """The body of `export const NAME = Object.freeze(...)` in protocol.js."""
    found = re.search(rf"export const {name} = Object\.freeze\(([\[{{].*?[\]}}])\);", PROTOCOL, re.S)
    assert found, f"protocol.js has no {name}"
    return re.sub(r"//[^\n]*", "", found.group(1))


def js_object(name: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+): '([^']*)'", frozen(name)))


def js_list(name: str) -> list[str]:
    """A frozen list of strings or of FROM_WORKER.NAME entries, as their values."""
    from_worker = js_object("FROM_WORKER")
    items = re.findall(r"FROM_WORKER\.(\w+)|'([^']*)'", frozen(name))
    return [from_worker[ref] if ref else text for ref, text in items]


def test_the_channel_posts_the_events_protocol_js_lets_python_post():
    assert list(channel.EVENTS) == js_list("PYTHON_EVENTS")
    assert set(channel.EVENTS) <= set(js_object("FROM_WORKER").values())
    assert "done" not in channel.EVENTS  # the worker posts the result the runtime returns


def test_system_lines_are_keys_the_page_knows_in_both_languages():
    assert set(channel.SYSTEM_LINES) <= set(js_list("SYSTEM_LINES"))
    strings = "\n".join(path.read_text(encoding="utf-8") for path in WEB.rglob("*.js"))
    for key in js_list("SYSTEM_LINES"):
        assert len(re.findall(rf"\b{key}: '", strings)) >= 2, f"{key}: one string for each language"


def test_the_result_has_the_fields_protocol_js_documents():
    result = run_program("print('hi')\n", 7, ThreadHost())
    fields = json.loads(result.to_json())
    optional = ("exercise", "clock", "virtualMs")  # with an exercise, on virtual time
    assert list(fields) == [name for name in js_list("RUN_RESULT") if name not in optional]
    assert fields["runId"] == 7 and fields["durationMs"] > 0
    with_all = RunResult(7, True, 0, False, False, exercise={"exercise": "x", "passed": True}, virtual_ms=1.0)
    assert list(json.loads(with_all.to_json())) == js_list("RUN_RESULT")


def test_engines_are_the_pages():
    assert list(engines.ENGINES) == js_list("ENGINES")
    assert re.search(rf"DEFAULT_ENGINE = '{engines.DEFAULT_ENGINE}'", PROTOCOL)


def test_every_event_carries_the_run_id_and_output_goes_first():
    host = ThreadHost()
    events = Channel(host, 3)
    sink = OutputSink(events)
    events.before_event = sink.flush
    sink.write("stdout", "a")  # pending: its line is not over
    events.emit("finishing")
    events.system("sysSurvivors", what="Task-2")
    assert [json.loads(m) for m in host.messages] == [
        {"type": "output", "runId": 3, "chunks": [["stdout", "a"]]},
        {"type": "finishing", "runId": 3},
        {"type": "system", "runId": 3, "key": "sysSurvivors", "vars": {"what": "Task-2"}},
    ]


def test_the_channel_refuses_what_the_page_would_not_take():
    events = Channel(ThreadHost(), 1)
    with pytest.raises(ValueError):
        events.emit("done")
    with pytest.raises(ValueError):
        events.system("Python restarted: your session expired")

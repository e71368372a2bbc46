"""Pause and step (run option inspect): the loop state at each pause, against golden snapshots of
the seed examples (tests/cases/inspector/*.json; INSPECTOR_GOLDEN=write rewrites them), and the
commands: Step, Step callback, Continue, Continue to line, Stop while paused."""

import json
import os
import signal
import threading
from pathlib import Path

import pytest

from asyncio_playground.insights.stepper import CONTINUE, CONTINUE_TO_LINE, STEP, STEP_CALLBACK
from cases.examples import seed_examples
from support import ThreadHost, run_captured

GOLDEN = Path(__file__).resolve().parents[1] / "cases" / "inspector"


def pauses(host):
    return [e["state"] for m in host.messages for e in [json.loads(m)] if e["type"] == "inspect" and e["state"]]


def inspect(code, commands, **options):
    host = ThreadHost()
    host.commands = list(commands)
    captured = run_captured(code, host, options={"inspect": True, "clock": "virtual", **options})
    return captured, pauses(host)


@pytest.mark.parametrize("example", ["gather", "ex1-async-correct-modern", "ex1-async-incorrect-modern"])
def test_stepping_a_seed_example_matches_its_golden_snapshots(example):
    captured, states = inspect(seed_examples()[example], [STEP] * 200)
    assert captured.result.ok
    path = GOLDEN / f"{example}.json"
    if os.environ.get("INSPECTOR_GOLDEN") == "write":
        path.write_text(json.dumps(states, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert states == json.loads(path.read_text(encoding="utf-8"))


def test_the_gather_example_at_its_first_steps():
    _, states = inspect(seed_examples()["gather"], [STEP] * 200)
    first, second, third = states[:3]
    assert first["ready"] == [{"kind": "step", "task": "Task-1", "coro": "main", "line": 11, "starts": True}]
    assert [r["task"] for r in second["ready"]] == ["Task-2", "Task-3", "Task-4"]
    assert second["tasks"][0]["awaits"] == ["Task-2", "Task-3", "Task-4"]
    assert third["ready"] == [] and third["selector"] == {"kind": "timer", "seconds": 1.0}
    assert [(t["in"], t["task"], t["call"]) for t in third["timers"]] == [
        (1.0, "Task-3", "sleep(1)"), (2.0, "Task-2", "sleep(2)"), (3.0, "Task-4", "sleep(3)")]
    assert {t["name"]: (t["state"], t["line"]) for t in third["tasks"]} == {
        "Task-1": ("waiting", 12), "Task-2": ("waiting", 7), "Task-3": ("waiting", 7), "Task-4": ("waiting", 7)}
    last = states[-1]
    assert {t["name"]: t["state"] for t in last["tasks"]}["Task-3"] == "done"  # done tasks stay listed


def test_step_callback_pauses_before_each_callback():
    _, states = inspect(seed_examples()["gather"], [STEP, STEP_CALLBACK, STEP_CALLBACK, CONTINUE])
    assert [s["where"] for s in states] == ["iteration", "iteration", "callback", "callback"]
    assert [s["ready"][0]["task"] for s in states[2:]] == ["Task-2", "Task-3"]
    assert [len(s["ready"]) for s in states[2:]] == [3, 2]  # the next one first, still queued


def test_continue_to_line_pauses_where_a_task_resumes_at_that_line():
    code = seed_examples()["ex1-async-correct-modern"]
    _, states = inspect(code, [CONTINUE_TO_LINE | (6 << 4), CONTINUE])
    assert len(states) == 2 and states[1]["where"] == "line"
    assert states[1]["ready"][0]["line"] == 6 and states[1]["nextLine"] == 6
    assert states[1]["time"] == 1.0


def test_continue_ends_the_pauses_and_the_program_prints_as_without_the_inspector():
    captured, states = inspect(seed_examples()["gather"], [CONTINUE])
    assert len(states) == 1
    plain = run_captured(seed_examples()["gather"], options={"clock": "virtual"})
    assert captured.stdout == plain.stdout


def test_a_call_soon_callback_reads_as_a_call():
    code = "import asyncio\nasync def main():\n    asyncio.get_running_loop().call_soon(print, 'x')\n" \
           "    await asyncio.sleep(0)\nasyncio.run(main())\n"
    _, states = inspect(code, [STEP] * 10)
    calls = [r for s in states for r in s["ready"] if r["kind"] == "call"]
    assert {"kind": "call", "func": "print", "args": "'x'"} in calls


def test_a_failed_and_a_cancelled_task_show_their_state():
    code = """import asyncio
async def boom():
    raise ValueError("no")
async def forever():
    await asyncio.Event().wait()
async def main():
    a = asyncio.create_task(boom())
    b = asyncio.create_task(forever())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    b.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0.5)
    print(a.exception(), b.cancelled())
asyncio.run(main())
"""
    captured, states = inspect(code, [STEP] * 20)
    assert captured.stdout == "no True\n"
    waiting = next(s for s in states if any(t.get("call") == "Event.wait()" for t in s["tasks"]))
    assert waiting
    final = {t["name"]: t["state"] for t in states[-1]["tasks"]}
    assert final["Task-2"] == "failed" and final["Task-3"] == "cancelled"


class PausedHost(ThreadHost):
    """Never sends a command: the run stays paused until Stop."""

    def __init__(self):
        super().__init__()
        self.paused = threading.Event()

    def post(self, message):
        super().post(message)
        if '"inspect"' in message and '"state": null' not in message:
            self.paused.set()

    def take_command(self):
        return 0


def test_stop_while_paused_ends_the_run():
    host = PausedHost()
    pressed = threading.Thread(target=lambda: host.paused.wait(10) and host.interrupt(signal.SIGINT))
    pressed.start()
    captured = run_captured(seed_examples()["gather"], host, options={"inspect": True})
    pressed.join()
    assert captured.result.stopped and captured.result.exit_code == 130


def test_the_inspector_off_adds_nothing_to_the_loop():
    import asyncio_playground.engines.loop as loop_module

    host = ThreadHost()
    captured = run_captured("import asyncio\nasync def main(): pass\nasyncio.run(main())\n", host)
    assert captured.result.ok
    assert loop_module.LoopParts().inspector is None
    assert not any('"inspect"' in m for m in host.messages)

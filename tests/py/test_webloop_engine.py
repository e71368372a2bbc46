"""The WebLoop engine's run driver under CPython: an ordinary asyncio loop stands in for
Pyodide's WebLoop (the browser tests, tests/browser/test_engines.py, run the real one)."""

from __future__ import annotations

import asyncio
import json
import signal
import sys

import pytest

from asyncio_playground.engines import batching, cpython as engine
from asyncio_playground.engines.loop import PlaygroundEventLoop
from asyncio_playground.run import Run
from support import ThreadHost, system_line


class TimedHost(ThreadHost):
    """Records when each message was posted (loop time)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def post(self, message: str) -> None:
        super().post(message)
        self.times.append(asyncio.get_running_loop().time())


class WebLoopLike(asyncio.SelectorEventLoop):
    """As Pyodide's WebLoop: SystemExit and KeyboardInterrupt from a callback go to handlers."""

    _system_exit_handler = None
    _keyboard_interrupt_handler = None

    def _run_once(self):
        try:
            super()._run_once()
        except (SystemExit, KeyboardInterrupt) as exc:
            batching.to_handler(self, exc)


def streams(host: ThreadHost) -> dict[str, str]:
    out = {"stdout": "", "stderr": "", "system": ""}
    for message in host.messages:
        event = json.loads(message)
        if event["type"] == "system":
            out["system"] += system_line(event)
        for stream, text in event.get("chunks", []):
            out[stream] += text
    return out


async def drive(code: str, host: ThreadHost, *, during=None):
    """The WebLoop engine's run of `code` on the running loop; `during(loop, run)` runs first."""
    run = Run(code, 1, host, {"engine": "webloop"})
    if during is not None:
        during(asyncio.get_running_loop(), run)
    return await run.engine.drive(run)


def run_on_webloop_like(coro):
    """Like asyncio.run, but without waiting for the tasks left at the end (the WebLoop never
    closes; a run that leaves a task it cannot end asks for a new worker instead)."""
    outer = asyncio.events._get_running_loop()  # Playwright's, when browser tests ran first
    asyncio.events._set_running_loop(None)
    loop = WebLoopLike()
    try:
        return loop.run_until_complete(coro)
    finally:
        for task in asyncio.all_tasks(loop):
            task._log_destroy_pending = False
        loop.close()
        asyncio.events._set_running_loop(outer)


def run_webloop(code: str, host: ThreadHost | None = None, *, during=None, after=0.0):
    """Run `code` with the WebLoop driver on a fresh asyncio loop; `during(loop, run)` runs first."""
    host = host or ThreadHost()

    async def main():
        result = await drive(code, host, during=during)
        await asyncio.sleep(after)  # whatever the run left would show now
        return result

    return run_on_webloop_like(main()), streams(host)


def test_top_level_await_prints_and_reports_the_engine():
    result, out = run_webloop("import asyncio\nawait asyncio.sleep(0.01)\nprint('hi')\n")
    assert out["stdout"] == "hi\n"
    assert (result.ok, result.exit_code, result.engine, result.restart) == (True, 0, "webloop", False)


def test_module_body_runs_as_a_task_of_the_loop():
    code = "import asyncio\nprint(asyncio.current_task().get_name())\n"
    _, out = run_webloop(code)
    assert out["stdout"] == "main.py\n"


def test_errors_show_as_python_shows_them():
    code = "import asyncio\n\nasync def boom():\n    1 / 0\n\nawait boom()\n"
    result, out = run_webloop(code)
    assert result.exit_code == 1 and not result.ok
    assert out["stderr"].startswith("Traceback (most recent call last):\n")
    assert 'File "main.py", line 6, in <module>' in out["stderr"]
    assert 'File "main.py", line 4, in boom' in out["stderr"]
    assert "asyncio_playground" not in out["stderr"]
    assert out["stderr"].endswith("ZeroDivisionError: division by zero\n")


def test_syntax_error():
    result, out = run_webloop("print('a'\n")
    assert result.exit_code == 1
    assert "SyntaxError" in out["stderr"] and "main.py" in out["stderr"]


@pytest.mark.parametrize(
    ("code", "exit_code", "stderr"),
    [
        ("import sys\nsys.exit(3)\n", 3, ""),
        ("import sys\nsys.exit('bye')\n", 1, "bye\n"),
        ("import sys, asyncio\nawait asyncio.sleep(0)\nsys.exit()\n", 0, ""),
    ],
)
def test_system_exit(code, exit_code, stderr):
    result, out = run_webloop(code)
    assert (result.exit_code, out["stderr"]) == (exit_code, stderr)


def test_tasks_left_running_are_cancelled_and_awaited():
    code = """\
import asyncio

async def ticker():
    try:
        while True:
            await asyncio.sleep(0.01)
    finally:
        print("ticker cleaned up")

task = asyncio.create_task(ticker())
await asyncio.sleep(0.03)
print("main done")
"""
    result, out = run_webloop(code, after=0.05)
    assert out["stdout"] == "main done\nticker cleaned up\n"
    assert result.ok and not result.restart


def test_callbacks_the_run_scheduled_never_fire_after_it():
    sys._webloop_probe = []
    code = """\
import asyncio, sys
asyncio.get_running_loop().call_later(0.05, sys._webloop_probe.append, "late")
loop = asyncio.get_running_loop()
loop.call_at(loop.time() + 0.05, sys._webloop_probe.append, "at")
"""
    try:
        result, _ = run_webloop(code, after=0.1)
        assert result.ok
        assert sys._webloop_probe == []
    finally:
        del sys._webloop_probe


def test_a_task_that_ignores_cancellation_asks_for_a_restart():
    code = """\
import asyncio

async def stubborn():
    while True:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            pass

asyncio.create_task(stubborn(), name="stubborn")
await asyncio.sleep(0)
"""
    result, out = run_webloop(code)
    assert result.restart
    assert 'sysSurvivors {"what": "stubborn"}' in out["system"]


def test_stop_cancels_the_program():
    code = "import asyncio\nprint('start')\nawait asyncio.sleep(3600)\n"
    result, out = run_webloop(code, during=lambda loop, run: loop.call_later(0.05, run.cancel, 1))
    assert (result.stopped, result.exit_code, result.ok) == (True, 130, False)
    assert out["stdout"] == "start\n"
    assert out["stderr"] == ""  # a stop is not an error
    assert not result.restart


def test_stop_gives_up_on_a_program_that_ignores_it():
    code = """\
import asyncio
while True:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("ignored")
"""
    result, out = run_webloop(code, during=lambda loop, run: loop.call_later(0.05, run.cancel, 1))
    assert (result.stopped, result.exit_code) == (True, 130)
    assert result.restart
    assert "ignored" in out["stdout"]


def test_cancel_of_another_run_does_nothing():
    code = "import asyncio\nawait asyncio.sleep(0.1)\nprint('finished')\n"
    result, out = run_webloop(code, during=lambda loop, run: loop.call_later(0.02, run.cancel, 99))
    assert result.ok and out["stdout"] == "finished\n"


def test_output_is_posted_while_the_program_waits():
    host = TimedHost()
    code = "import asyncio\nprint('a')\nawait asyncio.sleep(0.3)\nprint('b')\n"
    run_webloop(code, host)
    posted = [(t, "".join(text for _, text in json.loads(m).get("chunks", ()))) for m, t in zip(host.messages, host.times)]
    a_at = next(t for t, text in posted if "a" in text)
    b_at = next(t for t, text in posted if "b" in text)
    assert b_at - a_at > 0.2  # "a" was posted while the program slept, not held back until the end


def test_output_cap_applies():
    result, out = run_webloop("for i in range(20_000):\n    print(i)\n")
    assert result.truncated
    assert out["stdout"].count("\n") == 10_000
    assert "sysTruncated" in out["system"]


def test_state_is_put_back():
    before_stdout, before_sigint = sys.stdout, signal.getsignal(signal.SIGINT)
    code = """\
import asyncio, sys
loop = asyncio.get_running_loop()
loop.set_task_factory(lambda loop, coro, **kw: asyncio.Task(coro, loop=loop, **kw))
loop.set_exception_handler(lambda loop, context: None)
loop.set_debug(True)
sys.argv.append("x")
"""
    seen = {}

    async def main():
        loop = asyncio.get_running_loop()
        result = await drive(code, ThreadHost())
        seen.update(
            factory=loop.get_task_factory(), handler=loop.get_exception_handler(),
            debug=loop.get_debug(),
            patched=[name for name in ("call_soon", "call_later", "call_at") if name in vars(type(loop))],
        )
        return result

    assert run_on_webloop_like(main()).ok
    assert seen == {"factory": None, "handler": None, "debug": False, "patched": []}
    assert sys.stdout is before_stdout
    assert signal.getsignal(signal.SIGINT) is before_sigint
    assert "x" not in sys.argv


def test_the_cpython_engine_refuses_js_promises_with_a_clear_message():
    seen = []
    guarded = engine._refuse_js_promises(lambda future: seen.append(future) or ("set", "exc"))
    loop = PlaygroundEventLoop()
    try:
        with pytest.raises(RuntimeError, match="choose the WebLoop engine"):
            guarded(loop.create_future())
    finally:
        loop.close()
    other = asyncio.new_event_loop()
    try:
        future = other.create_future()
        assert guarded(future) == ("set", "exc")  # other loops: Pyodide's own resolvers
        assert seen == [future]
    finally:
        other.close()


def test_sys_exit_in_a_task_ends_the_program_quietly():
    code = """\
import asyncio, sys

async def bg():
    await asyncio.sleep(0.01)
    sys.exit(5)

asyncio.create_task(bg())
await asyncio.sleep(10)
print("not reached")
"""
    result, out = run_webloop(code)
    assert result.exit_code == 5
    assert out == {"stdout": "", "stderr": "", "system": ""}

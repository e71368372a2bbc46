"""The WebLoop engine on Pyodide's real WebLoop, in Pyodide on Node (no JSPI there):
tests/node/run_webloop.mjs runs a program and counts the browser tasks it took."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "node" / "run_webloop.mjs"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "node_modules" / "pyodide").is_dir(),
    reason="needs Node and node_modules/pyodide (python3 build.py build installs it)",
)

PROGRAM = """\
import asyncio, sys
loop = asyncio.get_running_loop()
print(type(loop).__name__)
order = []
loop.call_later(0.02, order.append, "t20")
loop.call_later(0.01, order.append, "t10")
loop.call_soon(order.append, "soon")
loop.call_soon(order.append, "cancelled").cancel()
for _ in range(2_000):
    await asyncio.sleep(0)
await asyncio.gather(*(asyncio.sleep(0) for _ in range(2_000)))
await asyncio.sleep(0.05)
print(order)

async def boom():
    raise ValueError("boom")

asyncio.create_task(boom())
await asyncio.sleep(0)
other = asyncio.new_event_loop()  # a plain WebLoop, made the running loop
other.call_later(0.05, print, "late: the other loop")
loop.call_later(0.05, print, "late: the WebLoop")  # both cancelled when the program ends
"""


def test_a_program_on_the_real_webloop_runs_in_few_browser_tasks(tmp_path):
    program = tmp_path / "program.py"
    program.write_text(PROGRAM)
    run = subprocess.run(["node", str(RUNNER), str(program), "--linger", "200"], capture_output=True,
                         text=True, timeout=150, check=True)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["stdout"] == "WebLoop\n['soon', 't10', 't20']\n"
    assert "ValueError: boom" in result["stderr"]  # the exception handler reported it
    assert (result["exitCode"], result["restart"]) == (0, False)
    assert result["tasks"] < 100  # 4,000 steps, when each took a browser task of its own
    assert "late" not in run.stdout + run.stderr

"""Code written from CPython's docs runs in the page: every loop name is the playground's loop,
threads say what works instead, and Stop ends a blocking call as a second Ctrl+C does."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def run(page, code: str) -> dict:
    return page.evaluate("code => window.playground.run(code)", code)


def test_asyncio_run_with_loop_factory_event_loop(ready_page):
    result = run(ready_page, """\
import asyncio

async def main():
    await asyncio.sleep(0.01)
    print(asyncio.get_running_loop())
    return 42

print(asyncio.run(main(), loop_factory=asyncio.EventLoop))
""")
    assert result["stderr"] == ""
    assert result["stdout"] == "<_UnixSelectorEventLoop running=True closed=False debug=False>\n42\n"
    assert result["exitCode"] == 0


def test_selector_event_loop_run_until_complete(ready_page):
    result = run(ready_page, """\
import asyncio

async def work():
    await asyncio.sleep(0.01)
    return "done"

loop = asyncio.SelectorEventLoop()
print(loop.run_until_complete(work()))
loop.close()
print(isinstance(loop, asyncio.EventLoop), loop.is_closed())
""")
    assert result["stderr"] == ""
    assert result["stdout"] == "done\nTrue True\n"


ORPHAN = """\
import asyncio

async def fail():
    raise ValueError("boom")

async def main():
    {setup}
    asyncio.create_task(fail())
    await asyncio.sleep(0.05)
    print("main goes on")

asyncio.run(main())
"""


@pytest.mark.parametrize("timeline", [False, True], ids=["timeline-off", "timeline-on"])
@pytest.mark.parametrize("setup", ["pass", "asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)"],
                         ids=["plain", "eager"])
def test_a_failed_orphan_task_is_reported_at_once_as_cpython_does(ready_page, setup, timeline):
    result = ready_page.evaluate("([code, timeline]) => window.playground.run(code, {timeline})",
                                 [ORPHAN.format(setup=setup), timeline])
    assert result["stdout"] == "main goes on\n"
    assert "Task exception was never retrieved" in result["stderr"]
    shown = ready_page.locator('[data-testid="console"]').inner_text()
    assert shown.index("Task exception was never retrieved") < shown.index("main goes on"), shown


def test_a_thread_pool_fails_at_once_with_a_short_error_and_a_hint_in_both_languages(ready_page):
    page = ready_page
    result = run(page, """\
from concurrent.futures import ThreadPoolExecutor

def double(n):
    return n * 2

with ThreadPoolExecutor() as pool:
    print(pool.submit(double, 21).result())
""")
    assert result["exitCode"] == 1
    assert result["stderr"] == (
        "Traceback (most recent call last):\n"
        '  File "main.py", line 7, in <module>\n'
        "    print(pool.submit(double, 21).result())\n"
        "          ~~~~~~~~~~~^^^^^^^^^^^^\n"
        "RuntimeError: can't start new thread: Python in the browser has no threads "
        "(asyncio.to_thread() and loop.run_in_executor(None, ...) run the function inline instead)\n"
    )
    card = page.get_by_test_id("hints").locator("[data-hint-id='no-threads']")
    assert card.get_attribute("data-line") == "7"
    assert "No threads in the browser" in card.inner_text()
    assert "asyncio.to_thread" in card.inner_text()
    page.get_by_test_id("lang").select_option("fr")
    try:
        assert "Pas de threads dans le navigateur" in card.inner_text()
        assert "asyncio.to_thread" in card.inner_text()
    finally:
        page.get_by_test_id("lang").select_option("en")


def test_run_coroutine_threadsafe_waited_in_the_loops_thread_raises_instead_of_hanging(ready_page):
    result = run(ready_page, """\
import asyncio

async def add(a, b):
    return a + b

def job(loop):
    return asyncio.run_coroutine_threadsafe(add(1, 2), loop).result()

async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.to_thread(job, loop))

asyncio.run(main())
""")
    assert result["exitCode"] == 1 and not result["stopped"]
    assert result["stderr"].endswith("would wait forever: the coroutine can only run once this thread "
                                     "returns to the loop\n"), result["stderr"]


def start(page, code: str, timeline: bool) -> None:
    page.evaluate("([code, timeline]) => { window.__run = window.playground.run(code, {timeline}); }",
                  [code, timeline])
    page.wait_for_function("() => window.playground.output().stdout.includes('started')")


STOPPABLE = {
    "time.sleep in a coroutine": "async def main():\n    print('started', flush=True)\n    time.sleep(3600)\n",
    "time.sleep in a task": "async def main():\n    print('started', flush=True)\n"
    "    await asyncio.create_task(asyncio.to_thread(time.sleep, 3600))\n",
    "cancellation swallowed": "async def main():\n    print('started', flush=True)\n    while True:\n"
    "        try:\n            await asyncio.sleep(3600)\n        except asyncio.CancelledError:\n"
    "            pass\n",
}


@pytest.mark.parametrize("timeline", [False, True], ids=["timeline-off", "timeline-on"])
@pytest.mark.parametrize("program", STOPPABLE)
def test_stop_ends_the_program_without_a_python_restart(ready_page, program, timeline):
    """Ctrl+C as in a terminal, pressed until the program ends: Python stays, the next run is at once."""
    page = ready_page
    start(page, "import asyncio, time\n\n" + STOPPABLE[program] + "\nasyncio.run(main())\n", timeline)
    page.evaluate("() => window.playground.stop()")
    result = page.evaluate("() => window.__run")
    assert result["stopped"] and result["exitCode"] == 130
    shown = page.get_by_test_id("console").inner_text()
    assert shown.rstrip().endswith("[stopped]"), shown  # not "[stopped — restarting Python…]"
    assert run(page, "print('next')")["stdout"] == "next\n"

"""The two engines: CPython's own event loop (default) and Pyodide's WebLoop, the browser's.

Browser interop on the WebLoop, a clear message on the default engine, the engine
choice (menu, `# engine:` first line, API, share links), Stop and rerun isolation on
the WebLoop, "Run on both", and one test per row of README's table of differences,
each asserting what each engine really does.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

RUN_TIMEOUT_MS = 120_000


def run(page, code: str, engine: str | None = None) -> dict:
    """playground.run(code, {engine}); the result has stdout, stderr, exitCode, engine…"""
    return page.evaluate(
        "([code, engine]) => window.playground.run(code, engine ? {engine} : {})", [code, engine]
    )


def run_both(page, code: str) -> dict[str, dict]:
    return {engine: run(page, code, engine) for engine in ("cpython", "webloop")}


def start(page, code: str, engine: str = "webloop") -> None:
    """Starts a run without waiting for it (window.__run holds its promise)."""
    page.evaluate(
        "([code, engine]) => { window.__run = window.playground.run(code, {engine}); }", [code, engine]
    )


def wait_stdout(page, text: str) -> None:
    page.wait_for_function(
        "text => window.playground.output().stdout.includes(text)", arg=text, timeout=RUN_TIMEOUT_MS
    )


def stop(page) -> dict:
    page.evaluate("() => window.playground.stop()")
    result = page.evaluate("() => window.__run")
    page.evaluate("() => window.playground.ready")
    return result


# ---- browser interop on the WebLoop; a clear message on the default engine -------------

PYFETCH = """\
import pyodide.http

response = await pyodide.http.pyfetch("data/sample.json")
data = await response.json()
print(response.status, data["title"])
print([task["name"] for task in data["tasks"]])
"""


def test_pyfetch_of_a_shipped_json_file_on_the_webloop(ready_page):
    result = run(ready_page, PYFETCH, "webloop")
    assert result["stderr"] == ""
    assert result["stdout"] == (
        "200 asyncio playground sample data\n['Tâche 1', 'Tâche 2', 'Tâche 3']\n"
    )
    assert result["engine"] == "webloop" and result["ok"]


def test_js_promises_and_set_timeout_on_the_webloop(ready_page):
    code = """\
import asyncio
from js import Promise, setTimeout
from pyodide.ffi import create_once_callable

def later(resolve, reject):
    setTimeout(create_once_callable(lambda: resolve("from setTimeout")), 50)

print(await Promise.new(later))
print(await Promise.resolve(42))

async def main():
    results = await asyncio.gather(Promise.resolve("a"), asyncio.sleep(0.01, "b"))
    print(results)

asyncio.run(main())
"""
    result = run(ready_page, code, "webloop")
    assert result["stderr"] == ""
    assert result["stdout"] == "from setTimeout\n42\n['a', 'b']\n"




def test_an_uncaught_javascript_error_is_reported_in_the_run(ready_page):
    """A JS callback that throws (here JSON.parse with nothing to parse) is the program's
    error: its message goes into the run's output, and Python goes on, not restarted."""
    before = ready_page.evaluate("() => window.playground.ready")
    result = run(ready_page, (
        "import asyncio, js\n"
        "js.setTimeout(js.JSON.parse, 10)\n"
        "await asyncio.sleep(0.3)\n"
        "print('still running')\n"
    ), "webloop")
    assert result["stdout"] == "still running\n", result
    assert "JavaScript error (uncaught): SyntaxError" in result["stderr"], result
    assert not result.get("restarted"), result
    assert ready_page.evaluate("() => window.playground.ready") == before
    assert "crashed" not in ready_page.get_by_test_id("console").text_content()

@pytest.mark.parametrize(
    "code",
    [PYFETCH, "import js\nprint(await js.Promise.resolve(1))\n"],
    ids=["pyfetch", "js-promise"],
)
def test_the_default_engine_names_the_webloop_instead_of_hanging(ready_page, code):
    result = run(ready_page, code)  # the menu's default: CPython's loop
    assert result["engine"] == "cpython"
    assert result["exitCode"] == 1 and result["stdout"] == ""
    last = result["stderr"].strip().splitlines()[-1]
    assert last.startswith("RuntimeError: awaiting a JavaScript promise")
    assert "choose the WebLoop engine (first line `# engine: webloop`" in last
    assert 'File "main.py", line' in result["stderr"]


# ---- choosing the engine -----------------------------------------------------------------

WHICH_LOOP = "import asyncio\nprint(type(asyncio.get_event_loop()).__name__)\n"


def test_first_line_comment_selects_the_webloop(ready_page):
    page = ready_page
    result = run(page, "# engine: webloop\n" + WHICH_LOOP)
    assert (result["engine"], result["stdout"]) == ("webloop", "WebLoop\n")
    used = page.get_by_test_id("engine-used")
    assert used.get_attribute("data-engine") == "webloop"
    assert re.search(r"WebLoop.*first line", used.inner_text())
    # An explicit engine wins over the comment ("Run on both" relies on it).
    result = run(page, "# engine: webloop\n" + WHICH_LOOP, "cpython")
    assert result["engine"] == "cpython" and "RuntimeError" in result["stderr"]
    assert used.get_attribute("data-engine") == "cpython"


def test_an_unknown_engine_is_refused(ready_page):
    message = ready_page.evaluate(
        "() => window.playground.run('print(1)', {engine: 'pypy'}).then(() => 'ran', (e) => e.message)"
    )
    assert message == "Unknown engine \"pypy\": use 'cpython' or 'webloop'."


def test_engine_menu_is_remembered_across_reloads(page, server, open_playground):
    open_playground(page, server.url)
    menu = page.get_by_test_id("engine")
    assert menu.input_value() == "cpython"
    assert "CPython event loop" in page.get_by_test_id("mode").inner_text()
    menu.select_option("webloop")
    assert "browser event loop (WebLoop)" in page.get_by_test_id("mode").inner_text()
    page.reload()
    page.wait_for_function("() => window.playground && window.playground.getCode")
    page.evaluate("() => window.playground.ready")
    assert page.get_by_test_id("engine").input_value() == "webloop"
    page.evaluate("code => window.playground.setCode(code)", WHICH_LOOP)
    page.get_by_test_id("run").click()
    page.wait_for_function("() => window.playground.output().stdout === 'WebLoop\\n'", timeout=RUN_TIMEOUT_MS)
    assert page.get_by_test_id("engine-used").get_attribute("data-engine") == "webloop"


def test_a_share_link_keeps_the_engine_comment(browser, server, open_playground):
    from playwright.sync_api import expect

    code = "# engine: webloop\n" + WHICH_LOOP
    sharing = browser.new_context()
    try:
        page = sharing.new_page()
        page.goto(server.url)
        page.wait_for_function("() => window.playground && window.playground.getCode")
        page.evaluate("code => window.playground.setCode(code)", code)
        page.get_by_test_id("share").click()
        expect(page.get_by_test_id("share-message")).to_be_visible()
        link = page.url
    finally:
        sharing.close()
    assert "#code=" in link
    opening = browser.new_context()  # another visitor: the menu is at its default
    try:
        page = opening.new_page()
        open_playground(page, link)
        assert page.get_by_test_id("engine").input_value() == "cpython"
        assert page.evaluate("() => window.playground.getCode()") == code
        page.get_by_test_id("run").click()
        page.wait_for_function("() => window.playground.output().stdout === 'WebLoop\\n'", timeout=RUN_TIMEOUT_MS)
        assert page.get_by_test_id("engine-used").get_attribute("data-engine") == "webloop"
    finally:
        opening.close()


# ---- Stop, and nothing of a run in the next one ----------------------------------------

TICKER = """\
import asyncio

async def tick():
    while True:
        print("tick", flush=True)
        await asyncio.sleep(0.05)

asyncio.create_task(tick())
print("started", flush=True)
"""

QUIET_SECOND_RUN = "import asyncio\nprint('second run')\nawait asyncio.sleep(0.5)\nprint('second end')\n"


def test_stop_cancels_the_tasks_and_the_next_run_hears_nothing_of_them(ready_page):
    page = ready_page
    start(page, TICKER + "await asyncio.sleep(3600)\n")
    wait_stdout(page, "tick")
    result = stop(page)
    assert (result["stopped"], result["exitCode"], result["stderr"]) == (True, 130, "")
    assert "[stopped]" in page.get_by_test_id("console").inner_text()
    second = run(page, QUIET_SECOND_RUN, "webloop")
    assert second["stdout"] == "second run\nsecond end\n"  # no "tick" from run 1


def test_tasks_left_at_the_end_are_cancelled_and_awaited(ready_page):
    page = ready_page
    code = TICKER.replace(
        "    while True:", "    try:\n        while True:"
    ).replace(
        '        print("tick", flush=True)\n        await asyncio.sleep(0.05)\n',
        '            print("tick", flush=True)\n            await asyncio.sleep(0.05)\n'
        '    finally:\n        print("ticker cancelled")\n',
    ) + "await asyncio.sleep(0.12)\n"
    first = run(page, code, "webloop")
    assert first["ok"] and first["stdout"].endswith("ticker cancelled\n")
    second = run(page, QUIET_SECOND_RUN, "webloop")
    assert second["stdout"] == "second run\nsecond end\n"


def test_stop_interrupts_a_step_that_never_yields(ready_page):
    page = ready_page
    start(page, "print('spinning', flush=True)\nwhile True:\n    pass\n")
    wait_stdout(page, "spinning")
    result = stop(page)
    assert (result["stopped"], result["exitCode"], result["stderr"]) == (True, 130, "")
    assert run(page, "print('next')", "webloop")["stdout"] == "next\n"


def test_a_task_that_ignores_cancellation_costs_a_fresh_python(ready_page):
    page = ready_page
    code = """\
import asyncio

async def stubborn():
    while True:
        try:
            await asyncio.sleep(0.05)
            print("stubborn", flush=True)
        except asyncio.CancelledError:
            pass

asyncio.create_task(stubborn(), name="stubborn")
await asyncio.sleep(0.2)
"""
    first = run(page, code, "webloop")
    assert first["ok"]
    assert "stubborn: still running after cancellation" in page.get_by_test_id("console").inner_text()
    page.evaluate("() => window.playground.ready")
    second = run(page, QUIET_SECOND_RUN, "webloop")
    assert second["stdout"] == "second run\nsecond end\n"


def test_without_isolation_stop_on_the_webloop_needs_no_restart(page, server_no_isolation, open_playground):
    info = open_playground(page, server_no_isolation.url)
    assert info["isolated"] is False  # no control buffer: the CPython engine must restart
    start(page, TICKER + "await asyncio.sleep(3600)\n")
    wait_stdout(page, "tick")
    result = stop(page)
    assert (result["stopped"], result["exitCode"]) == (True, 130)
    text = page.get_by_test_id("console").inner_text()
    assert "[stopped]" in text and "restarting" not in text
    assert run(page, QUIET_SECOND_RUN, "webloop")["stdout"] == "second run\nsecond end\n"


def test_errors_and_exit_codes_on_the_webloop(ready_page):
    page = ready_page
    result = run(page, "import asyncio\n\nasync def boom():\n    1 / 0\n\nawait boom()\n", "webloop")
    assert result["exitCode"] == 1
    assert result["stderr"] == (
        "Traceback (most recent call last):\n"
        '  File "main.py", line 6, in <module>\n    await boom()\n'
        '  File "main.py", line 4, in boom\n    1 / 0\n    ~~^~~\n'
        "ZeroDivisionError: division by zero\n"
    )
    result = run(page, "import sys\nprint('bye')\nsys.exit(3)\n", "webloop")
    assert (result["exitCode"], result["stdout"], result["stderr"]) == (3, "bye\n", "")


# ---- Run on both --------------------------------------------------------------------------


def test_run_on_both_shows_example_1_blocking_differently(ready_page):
    from playwright.sync_api import expect

    page = ready_page
    assert page.evaluate("() => window.playground.ready.then((info) => info.jspi)"), "needs JSPI"
    page.evaluate("() => window.playground.loadExample('ex1-async-incorrect-modern')")
    page.get_by_test_id("compare").click()
    view = page.get_by_test_id("compare-view")
    expect(view).to_be_visible()
    expect(page.get_by_test_id("compare-summary")).to_contain_text("differ", timeout=RUN_TIMEOUT_MS)

    def column(engine):
        box = page.get_by_test_id(f"compare-{engine}")
        lines = box.locator(".compare-line").all_inner_texts()
        return box, [line.rstrip("\n") for line in lines]

    cpython_box, cpython = column("cpython")
    webloop_box, webloop = column("webloop")
    computing = [line[:6] for line in cpython if "Computing" in line]
    assert computing == ["Task A"] * 2 + ["Task B"] * 3  # time.sleep blocks: sequential
    order = [line[:6] for line in webloop if "Computing" in line]
    assert order[:3] == ["Task A", "Task B", "Task A"]  # JSPI: time.sleep lets B run
    assert cpython_box.locator(".compare-line.differs").count() > 0
    assert webloop_box.locator(".compare-line.differs").count() > 0
    seconds = {}
    for engine, box in (("cpython", cpython_box), ("webloop", webloop_box)):
        meta = box.locator(".compare-meta").inner_text()
        seconds[engine] = float(re.search(r"(\d+[.,]\d+) s", meta).group(1).replace(",", "."))
    assert seconds["cpython"] > 1.3 * seconds["webloop"]  # ~5 s against ~3 s
    assert "CPython loop took" in page.get_by_test_id("compare-summary").inner_text()
    explain = page.get_by_test_id("compare-explain")
    expect(explain).to_contain_text("setTimeout")
    expect(page.get_by_test_id("compare-why-jspi")).to_have_class(re.compile(r"\bapplies\b"))
    expect(page.get_by_test_id("compare-why-nojspi")).to_contain_text("raise an error")
    expect(page.get_by_test_id("compare-this-browser")).to_have_text("This browser: JSPI yes.")


def test_run_on_both_reports_identical_output(ready_page):
    result = ready_page.evaluate("() => window.playground.compare('print(sum(range(10)))')")
    assert result["differingLines"] == 0
    assert result["cpython"]["stdout"] == result["webloop"]["stdout"] == "45\n"
    assert "Same output" in ready_page.get_by_test_id("compare-summary").inner_text()


def test_run_on_both_speaks_french_too(ready_page):
    page = ready_page
    page.evaluate("() => window.playground.compare('print(1)')")
    page.get_by_test_id("lang").select_option("fr")
    try:
        # A sentence on durations follows when one loop was much slower (timing-dependent).
        assert page.get_by_test_id("compare-summary").inner_text().startswith("Même sortie sur les deux boucles.")
        assert page.get_by_test_id("compare-webloop").locator(".compare-engine").inner_text() == (
            "Boucle du navigateur (WebLoop)"
        )
        explain = page.get_by_test_id("compare-explain").inner_text()
        assert "Pourquoi la boucle du navigateur se comporte autrement" in explain
        assert "Sans JSPI, asyncio.run() et run_until_complete()" in explain
        assert page.get_by_test_id("compare-this-browser").inner_text() == "Ce navigateur : JSPI oui."
        assert page.get_by_test_id("engine").locator("option").all_inner_texts() == [
            "Boucle CPython", "Boucle du navigateur (WebLoop)",
        ]
    finally:
        page.get_by_test_id("lang").select_option("en")


# ---- README's table of differences, one test per row ---------------------------------------


def test_difference_close_and_stop_do_nothing_on_the_webloop(ready_page):
    code = """\
import asyncio
loop = asyncio.new_event_loop()
print("running:", loop.is_running())
loop.stop()
loop.close()
print("closed:", loop.is_closed())
"""
    results = run_both(ready_page, code)
    assert results["cpython"]["stdout"] == "running: False\nclosed: True\n"
    assert results["webloop"]["stdout"] == "running: True\nclosed: False\n"


def test_difference_get_event_loop_never_raises_on_the_webloop(ready_page):
    results = run_both(ready_page, WHICH_LOOP)
    assert results["cpython"]["stderr"].endswith(
        "RuntimeError: There is no current event loop in thread 'MainThread'.\n"
    )
    assert results["webloop"]["stdout"] == "WebLoop\n"


def test_difference_tasks_outlive_asyncio_run_on_the_webloop(ready_page):
    code = """\
import asyncio

async def forever():
    await asyncio.sleep(3600)

async def main():
    global task
    task = asyncio.create_task(forever())
    await asyncio.sleep(0)

asyncio.run(main())
print("cancelled" if task.cancelled() else "still pending" if not task.done() else "done")
"""
    results = run_both(ready_page, code)
    assert results["cpython"]["stdout"] == "cancelled\n"
    assert results["webloop"]["stdout"] == "still pending\n"
    assert results["webloop"]["ok"]  # …and the run's cleanup still ended it


TWO_SLEEPERS = """\
import asyncio, time

async def sleeper(name):
    print(name, "sleeps")
    time.sleep(0.3)
    print(name, "wakes")

async def main():
    await asyncio.gather(sleeper("A"), sleeper("B"))

asyncio.run(main())
"""


def test_difference_time_sleep_yields_under_jspi_on_the_webloop(ready_page):
    results = run_both(ready_page, TWO_SLEEPERS)
    assert results["cpython"]["stdout"] == "A sleeps\nA wakes\nB sleeps\nB wakes\n"
    assert results["webloop"]["stdout"] == "A sleeps\nB sleeps\nA wakes\nB wakes\n"


def test_difference_without_jspi_asyncio_run_raises_and_time_sleep_blocks(page, server, open_playground):
    try:
        info = open_playground(page, server.url, jspi=False)
        assert info["jspi"] is False
        result = run(page, TWO_SLEEPERS, "webloop")
        assert "RuntimeError: WebAssembly stack switching not supported" in result["stderr"]
        assert "write `await main()` at the top level" in result["stderr"]
        assert "never awaited" not in result["stderr"]
        code = TWO_SLEEPERS.replace("asyncio.run(main())", "await main()")
        result = run(page, code, "webloop")
        assert result["stdout"] == "A sleeps\nA wakes\nB sleeps\nB wakes\n"
    finally:  # the script rewriting may still be fetching (a spare worker, the service worker)
        page.context.unroute_all(behavior="ignoreErrors")


def test_difference_set_task_factory_breaks_task_names_on_the_webloop(ready_page):
    code = """\
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(lambda loop, coro, **kwargs: asyncio.Task(coro, loop=loop, **kwargs))
    try:
        task = asyncio.create_task(asyncio.sleep(0), name="worker")
        print(task.get_name())
        await task
    except AttributeError as exc:
        print("AttributeError:", exc)

await main()
"""
    results = run_both(ready_page, code)
    assert results["cpython"]["stdout"] == "worker\n"
    assert results["webloop"]["stdout"] == (
        "AttributeError: module 'asyncio.tasks' has no attribute '_set_task_name'\n"
    )


def test_difference_many_tiny_steps_cost_about_the_same_on_both_engines(ready_page):
    code = """\
import asyncio, time
start = time.perf_counter()
await asyncio.gather(*(asyncio.sleep(0) for _ in range(3000)))
print(time.perf_counter() - start)
"""
    results = run_both(ready_page, code)
    cpython, webloop = (float(results[e]["stdout"]) for e in ("cpython", "webloop"))
    # The WebLoop runs its ready callbacks in batches (webloop_batching.py): measured 0.6× to
    # 2.7× on a loaded 2-CPU machine; when each step was a browser task of its own, 3× to 19×.
    assert webloop < 5 * cpython, (cpython, webloop)

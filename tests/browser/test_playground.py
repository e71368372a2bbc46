"""A student's walk through the page: load, pick each seed example, run, edit, rerun."""

import re

import pytest

pytestmark = pytest.mark.browser


def run_example(page, example_id):
    page.evaluate("id => window.playground.loadExample(id)", example_id)
    return page.evaluate("() => window.playground.run()")


def test_page_loads_to_a_ready_state(ready_page):
    page = ready_page
    assert page.get_by_test_id("run").is_enabled()
    assert re.search(r"Python 3\.14", page.get_by_test_id("status").inner_text())
    assert "CPython event loop" in page.get_by_test_id("mode").inner_text()


def test_run_button_and_console(ready_page):
    page = ready_page
    page.evaluate("() => window.playground.setCode('print(\"from the button\")')")
    page.get_by_test_id("run").click()
    page.wait_for_function("() => !window.playground.isRunning() && window.playground.output().stdout")
    assert page.get_by_test_id("console").inner_text().strip() == "from the button"
    assert re.search(r"\d", page.get_by_test_id("elapsed").inner_text())


def test_ctrl_enter_runs_the_editor_code(ready_page):
    page = ready_page
    page.evaluate("() => window.playground.setCode('print(6 * 7)')")
    page.locator("[data-testid=editor] .cm-content").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => window.playground.output().stdout === '42\\n'")
    assert page.evaluate("() => window.playground.getCode()") == "print(6 * 7)"


def test_typing_in_the_editor_then_running(ready_page):
    page = ready_page
    page.evaluate("() => window.playground.setCode('')")
    page.locator("[data-testid=editor] .cm-content").click()
    page.keyboard.type("for i in range(3):\nprint(i)")  # the editor indents the body
    result = page.evaluate("() => window.playground.run()")
    assert result["stdout"] == "0\n1\n2\n", result["stderr"]


def test_stderr_is_styled_apart_from_stdout(ready_page):
    page = ready_page
    page.evaluate("() => window.playground.run('import sys\\nprint(\"out\")\\nprint(\"err\", file=sys.stderr)')")
    console = page.get_by_test_id("console")
    page.wait_for_function("""() => document.querySelector('[data-testid=console]').textContent === 'out\\nerr\\n'""")
    assert console.locator(".out-stdout").text_content() == "out\n"
    assert console.locator(".out-stderr").text_content() == "err\n"


def test_clear_empties_the_console(ready_page):
    page = ready_page
    page.evaluate("() => window.playground.run('print(1)')")
    page.get_by_test_id("clear").click()
    assert page.get_by_test_id("console").inner_text().strip() == ""


def test_output_streams_while_the_program_runs(ready_page):
    page = ready_page
    page.evaluate("""() => { window.__run = window.playground.run(
        'import asyncio\\nasync def main():\\n    for i in range(4):\\n'
        + '        print("tick", i)\\n        await asyncio.sleep(0.5)\\nasyncio.run(main())'); }""")
    page.wait_for_function("() => window.playground.output().stdout.includes('tick 0')")
    assert page.evaluate("() => window.playground.isRunning()"), "first line must show before the end"
    assert "tick 3" not in page.evaluate("() => window.playground.output().stdout")
    page.evaluate("() => window.__run")
    assert page.evaluate("() => window.playground.output().stdout").count("tick") == 4


def test_print_without_newline_shows_at_once(ready_page):
    page = ready_page
    page.evaluate("""() => { window.__run = window.playground.run(
        'import time\\nprint("waiting", end="")\\ntime.sleep(1.5)\\nprint(" done", flush=True)'); }""")
    page.wait_for_function("() => window.playground.output().stdout === 'waiting'")
    assert page.evaluate("() => window.playground.isRunning()")
    page.evaluate("() => window.__run")


def test_example_menu_loads_code_and_description(ready_page):
    page = ready_page
    page.get_by_test_id("examples").select_option("ex2")
    assert "asyncio.wait(tasks)" in page.evaluate("() => window.playground.getCode()")
    assert "TypeError" in page.get_by_test_id("example-description").inner_text()
    ids = page.evaluate("() => window.playground.examples()")
    for required in ["coroutine", "tasks", "gather", "ex1-sync", "ex1-async-incorrect",
                     "ex1-async-correct", "ex2", "ex2-fixed", "ex3-aiohttp"]:
        assert required in ids


def test_seed_examples_that_fail_on_314_show_the_real_error(ready_page):
    for example_id in ["tasks", "ex1-async-incorrect", "ex1-async-correct", "ex2"]:
        result = run_example(ready_page, example_id)
        assert result["stderr"].endswith(
            "RuntimeError: There is no current event loop in thread 'MainThread'.\n"
        ), example_id
        assert result["exitCode"] == 1


def test_seed_concurrency_example_output_and_timing(ready_page):
    result = run_example(ready_page, "gather")
    lines = result["stdout"].splitlines()
    assert lines[:3] == ["[Tâche 1] Début de la tâche...", "[Tâche 2] Début de la tâche...",
                         "[Tâche 3] Début de la tâche..."]
    assert [l.split("]")[0] for l in lines[3:]] == ["[Tâche 2", "[Tâche 1", "[Tâche 3"]
    assert 2.9 < result["durationMs"] / 1000 < 4.5  # max(2, 1, 3) s, not the sum 6 s


def test_seed_example1_timing_shape(ready_page):
    sync = run_example(ready_page, "ex1-sync")
    blocking = run_example(ready_page, "ex1-async-incorrect-modern")
    concurrent = run_example(ready_page, "ex1-async-correct-modern")
    for result in (sync, blocking, concurrent):
        assert result["ok"], result["stderr"]
    # 5 one-second sleeps in all: sequential when blocking, overlapped (≈3 s) when awaited.
    assert 1.4 < sync["durationMs"] / concurrent["durationMs"] < 2.0
    assert 1.4 < blocking["durationMs"] / concurrent["durationMs"] < 2.0
    assert sync["stdout"].splitlines()[0] == "Task A: Computing 0+1"
    first_four = [l for l in blocking["stdout"].splitlines() if l.startswith("Task")][:4]
    assert first_four == ["Task A: Computing 0+1", "Task A: Computing 1+2",
                          "Task A: Sum = 3", "Task B: Computing 0+1"]
    interleaved = [l for l in concurrent["stdout"].splitlines() if l.startswith("Task")][:2]
    assert interleaved == ["Task A: Computing 0+1", "Task B: Computing 0+1"]


def test_seed_example2_fixed_prints_the_intended_result(ready_page):
    result = run_example(ready_page, "ex2-fixed")
    assert result["ok"], result["stderr"]
    assert result["stdout"].splitlines()[-1] == "8"


def test_no_request_leaves_the_local_server(browser, server, open_playground):
    context = browser.new_context()
    page = context.new_page()
    urls = []
    page.on("request", lambda r: urls.append(r.url))
    open_playground(page, server.url)
    page.evaluate("() => window.playground.run('import aiohttp\\nprint(aiohttp.__version__)')")
    context.close()
    assert urls
    off = [u for u in urls if not (u.startswith(server.url) or u.startswith(("data:", "blob:")))]
    assert off == []

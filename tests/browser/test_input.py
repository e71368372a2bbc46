"""input() and sys.stdin read what the user types in the console (issue 18).

A program that waits for a line gets an input line after its prompt; Enter sends it,
echoed in the input style; Ctrl+D or EOF ends the input; Stop while waiting is Ctrl+C.
`asyncio.to_thread(input)` lets the other tasks run while it waits. The Input box and
share links give prepared input, read first; a page without SharedArrayBuffer reads only
that, then end-of-file, and the console says why.
"""

from __future__ import annotations

import base64
import zlib

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RUN_TIMEOUT_MS = 60_000

START_RUN = """code => {
    window.__run = window.playground.run(code);
    window.__run.catch(() => {});
}"""


def start(page, code: str) -> None:
    """Starts `code` as the Run button does, without waiting for its end."""
    page.evaluate(START_RUN, code)


def finished(page) -> dict:
    return page.evaluate("() => window.__run")


def wait_for_input(page) -> None:
    page.wait_for_function("() => window.playground.waitingForInput()", timeout=RUN_TIMEOUT_MS)


def token(text: str) -> str:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = compressor.compress(text.encode()) + compressor.flush()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


TWO_QUESTIONS = """\
name = input('name? ')
age = int(input('age? '))
print(f'{name} is {age}')
"""


def test_a_program_asks_two_questions_and_the_user_answers_in_the_console(ready_page):
    page = ready_page
    start(page, TWO_QUESTIONS)
    line = page.get_by_test_id("stdin-input")
    expect(line).to_be_focused(timeout=RUN_TIMEOUT_MS)  # focus moves to the input line
    expect(line).to_have_attribute("aria-label", "Input for the program: type a line, then Enter")
    expect(page.get_by_test_id("announcer")).to_have_text("The program waits for input: name?")
    expect(page.get_by_test_id("console")).to_have_text("name? ")
    line.press_sequentially("Ada")
    line.press("Enter")
    expect(page.get_by_test_id("announcer")).to_have_text("The program waits for input: age?")
    line.press_sequentially("36")
    line.press("Enter")
    result = finished(page)
    assert result["ok"] and result["stdout"] == "name? age? Ada is 36\n"
    console = page.get_by_test_id("console")
    expect(console).to_have_text("name? Ada\nage? 36\nAda is 36\n")
    echoes = page.locator("[data-testid=console] .out-stdin")
    expect(echoes).to_have_text(["Ada\n", "36\n"])  # the input style, not the program's output
    expect(page.get_by_test_id("stdin-line")).to_have_count(0)
    expect(page.locator("[data-testid=editor] .cm-content")).to_be_focused()  # back to the code


def test_up_and_down_recall_the_lines_of_this_run(ready_page):
    page = ready_page
    start(page, "for _ in range(3):\n    print('got', input('> '))\n")
    line = page.get_by_test_id("stdin-input")
    expect(line).to_be_focused(timeout=RUN_TIMEOUT_MS)
    line.fill("one")
    line.press("Enter")
    line.fill("two")
    line.press("Enter")
    wait_for_input(page)
    line.press("ArrowUp")
    expect(line).to_have_value("two")
    line.press("ArrowUp")
    expect(line).to_have_value("one")
    line.press("ArrowDown")
    expect(line).to_have_value("two")
    line.press("Enter")
    assert finished(page)["stdout"] == "> got one\n> got two\n> got two\n"


TICKER = """\
import asyncio

async def ticker():
    for i in range(1000):
        print('tick', i)
        await asyncio.sleep(0.05)

async def main():
    task = asyncio.create_task(ticker())
    name = await asyncio.to_thread(input, 'name? ')
    task.cancel()
    print('hello', name)

asyncio.run(main())
"""


def test_to_thread_input_lets_a_ticker_go_on_while_it_waits(ready_page):
    page = ready_page
    start(page, TICKER)
    wait_for_input(page)
    # The ticks go on while the program waits for the line: the loop is not blocked.
    page.wait_for_function("() => window.playground.output().stdout.includes('tick 8')", timeout=RUN_TIMEOUT_MS)
    assert page.evaluate("() => window.playground.waitingForInput()")
    line = page.get_by_test_id("stdin-input")
    line.fill("Ada")
    line.press("Enter")
    result = finished(page)
    assert result["ok"], result
    assert result["stdout"].startswith("name? tick 0\ntick 1\n") and result["stdout"].endswith("hello Ada\n")


def test_ctrl_d_and_the_eof_button_end_the_input(ready_page):
    page = ready_page
    start(page, "import sys\nfor line in sys.stdin:\n    print(line.upper(), end='')\nprint('done')\n")
    line = page.get_by_test_id("stdin-input")
    expect(line).to_be_focused(timeout=RUN_TIMEOUT_MS)
    line.fill("first")
    line.press("Enter")
    line.fill("second")
    line.press("Enter")
    line.press("Control+d")
    result = finished(page)
    assert result["stdout"] == "FIRST\nSECOND\ndone\n"

    start(page, "input('name? ')")
    wait_for_input(page)
    page.get_by_test_id("stdin-eof").click()
    result = finished(page)
    assert result["exitCode"] == 1
    assert result["stderr"].endswith("EOFError: EOF when reading a line\n")


def test_stop_while_waiting_for_input_is_ctrl_c(ready_page):
    page = ready_page
    start(page, "try:\n    input('name? ')\nexcept KeyboardInterrupt:\n    print('interrupted')\n    raise\n")
    wait_for_input(page)
    page.get_by_test_id("stop").click()
    result = finished(page)
    assert result["stopped"] and result["exitCode"] == 130
    assert result["stdout"] == "name? interrupted\n"
    assert not result.get("restarted")  # Ctrl+C reached the waiting program: no fresh Python
    expect(page.get_by_test_id("stdin-line")).to_have_count(0)
    again = page.evaluate("() => window.playground.run('print(\"alive\")')")
    assert again["stdout"] == "alive\n"


def test_prepared_input_from_a_share_link_is_read_first(page, server, open_playground):
    code = "print(input('a? '), input('b? '))\nprint('typed:', input('c? '))\n"
    open_playground(page, f"{server.url}index.html#code={token(code)}&stdin={token('one\ntwo\n')}")
    box = page.get_by_test_id("stdin-box")
    expect(box).to_have_attribute("open", "")  # a link's input is shown, not hidden
    expect(page.get_by_test_id("stdin-text")).to_have_value("one\ntwo\n")
    expect(page.get_by_test_id("console")).to_have_text("")  # a link never runs
    page.get_by_test_id("run").click()
    line = page.get_by_test_id("stdin-input")
    expect(line).to_be_focused(timeout=RUN_TIMEOUT_MS)
    line.fill("three")
    line.press("Enter")
    page.wait_for_function("() => !window.playground.isRunning()")
    assert page.evaluate("() => window.playground.output().stdout") == "a? b? one two\nc? typed: three\n"
    # playground.run(code, {stdin}) gives this run's input instead of the box's.
    result = page.evaluate("() => window.playground.run('import sys; print(input().split(), sys.stdin.readline())', {stdin: 'x y\\nz'})")
    assert result["stdout"] == "['x', 'y'] z\n\n"


def test_an_embed_on_a_page_without_isolation_reads_its_prepared_line(page, server_no_isolation, open_playground):
    code = "print('hello', input('name? '))\ninput('more? ')\n"
    url = f"{server_no_isolation.url}index.html?embed=1#code={token(code)}&stdin={token('Ada')}"
    open_playground(page, url)
    assert page.evaluate("() => window.crossOriginIsolated") is False
    page.get_by_test_id("run").click()
    page.wait_for_function("() => !window.playground.isRunning() && window.playground.output().stderr",
                           timeout=RUN_TIMEOUT_MS)
    out = page.evaluate("() => window.playground.output()")
    assert out["stdout"] == "name? hello Ada\nmore? "
    assert out["stderr"].endswith("EOFError: EOF when reading a line\n")
    expect(page.locator("[data-testid=console] .out-system")).to_contain_text(
        "this page cannot send what you type to a running program")
    expect(page.get_by_test_id("stdin-line")).to_have_count(0)


def test_input_on_the_webloop_engine(ready_page):
    page = ready_page
    page.evaluate("code => { window.__run = window.playground.run(code, {engine: 'webloop'}); }",
                  "import asyncio\nawait asyncio.sleep(0)\nprint('hi', input('name? '))\n")
    line = page.get_by_test_id("stdin-input")
    expect(line).to_be_focused(timeout=RUN_TIMEOUT_MS)
    line.fill("Ada")
    line.press("Enter")
    result = finished(page)
    assert result["engine"] == "webloop" and result["stdout"] == "name? hi Ada\n", result


SCREENSHOT_CODE = """\
import asyncio

async def ticker():
    for i in range(1000):
        print('tick', i)
        await asyncio.sleep(0.5)

async def main():
    name = input('Your name? ')
    print(f'Hello {name}!')
    task = asyncio.create_task(ticker())
    city = await asyncio.to_thread(input, 'Your city? ')
    task.cancel()
    print(f'{name} from {city}')

asyncio.run(main())
"""


def test_screenshot(browser, server, tmp_path, open_playground):
    """docs/input.png: a program waiting for its second line while a ticker prints, drawn into
    docs/ when ASYNCIO_PLAYGROUND_SCREENSHOTS=1, else into pytest's temporary directory."""
    import os
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "docs" if os.environ.get("ASYNCIO_PLAYGROUND_SCREENSHOTS") else tmp_path
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        open_playground(page, f"{server.url}index.html?lang=en")
        page.evaluate("code => window.playground.setCode(code)", SCREENSHOT_CODE)
        page.get_by_test_id("run").click()
        line = page.get_by_test_id("stdin-input")
        expect(line).to_be_focused(timeout=RUN_TIMEOUT_MS)
        line.fill("Ada")
        line.press("Enter")
        page.wait_for_function("() => window.playground.output().stdout.includes('tick 2')", timeout=RUN_TIMEOUT_MS)
        line.fill("Par")  # being typed
        page.screenshot(path=str(folder / "input.png"))
        page.evaluate("() => window.playground.stop()")
    finally:
        context.close()
    assert (folder / "input.png").stat().st_size > 10_000


def test_stop_while_waiting_for_input_on_the_webloop_engine(ready_page):
    page = ready_page
    page.evaluate("code => { window.__run = window.playground.run(code, {engine: 'webloop'}); }",
                  "print('hi', input('name? '))\n")
    wait_for_input(page)
    page.get_by_test_id("stop").click()
    result = finished(page)
    assert result["stopped"] and result["engine"] == "webloop", result
    expect(page.get_by_test_id("stdin-line")).to_have_count(0)
    again = page.evaluate("() => window.playground.run('print(\"alive\")')")
    assert again["stdout"] == "alive\n"


def test_the_timeline_shows_the_wait_for_input_as_its_own_kind(ready_page):
    page = ready_page
    page.evaluate("code => { window.__run = window.playground.run(code, {timeline: true}); }", TICKER)
    wait_for_input(page)
    page.wait_for_function("() => window.playground.output().stdout.includes('tick 3')", timeout=RUN_TIMEOUT_MS)
    page.get_by_test_id("stdin-input").fill("Ada")
    page.get_by_test_id("stdin-input").press("Enter")
    assert finished(page)["ok"]
    expect(page.locator("[data-testid=timeline] rect.tl-wait-input").first).to_be_attached()
    expect(page.locator("[data-testid=timeline] .tl-swatch-wait-input")).to_have_count(1)  # in the legend


def test_share_puts_the_input_box_in_the_link(browser, server, open_playground):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        open_playground(page, server.url)
        page.evaluate("() => { window.playground.setCode('print(input())'); window.playground.setInput('é 1\\n2\\n'); }")
        page.get_by_test_id("share").click()
        page.wait_for_function("() => location.hash.includes('&stdin=')")
        link = page.evaluate("() => location.href")
        opened = context.new_page()
        open_playground(opened, link)
        expect(opened.get_by_test_id("stdin-text")).to_have_value("é 1\n2\n")
        assert opened.evaluate("() => window.playground.getCode()") == "print(input())"
    finally:
        context.close()


def test_without_isolation_the_webloop_engine_reads_typed_lines_under_jspi(page, server_no_isolation, open_playground):
    info = open_playground(page, f"{server_no_isolation.url}index.html")
    assert info["sab"] is False and info["jspi"] is True
    page.evaluate("code => { window.__run = window.playground.run(code, {engine: 'webloop'}); }",
                  "import asyncio\n\nasync def tick():\n    for i in range(3):\n        print('tick', i)\n"
                  "        await asyncio.sleep(0.05)\n\nt = asyncio.create_task(tick())\n"
                  "print('hi', input('name? '))\nawait t\n")
    line = page.get_by_test_id("stdin-input")
    expect(line).to_be_focused(timeout=RUN_TIMEOUT_MS)
    # Under JSPI input() suspends its step: the other tasks finish while it waits.
    page.wait_for_function("() => window.playground.output().stdout.includes('tick 2')", timeout=RUN_TIMEOUT_MS)
    line.fill("Ada")
    line.press("Enter")
    result = finished(page)
    assert result["ok"] and result["engine"] == "webloop", result
    # Under JSPI input() suspends the step, so the WebLoop's other tasks go on (as time.sleep there).
    assert result["stdout"] == "name? tick 0\ntick 1\ntick 2\nhi Ada\n", result
    # Stop while it waits: the worker is free, so it gets Stop at once (no restart).
    page.evaluate("code => { window.__run = window.playground.run(code, {engine: 'webloop'}); }", "input('> ')\n")
    wait_for_input(page)
    page.get_by_test_id("stop").click()
    result = finished(page)
    assert result["stopped"] and not result.get("restarted"), result

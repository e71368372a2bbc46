"""A student's first ten minutes (issue 19), in English and French: readable tracebacks
linked to the editor, beginner hints, "Done — no output", focus and announcements, the
editor's wrapping and font size, the examples menu, the console's terminal habits, the
server panel after Stop, the mode line in plain words, and no page error on any page.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 90_000

ZERO = """import asyncio

async def fetch(n):
    await asyncio.sleep(0.01)
    return 10 / n

async def main():
    print(await asyncio.gather(fetch(2), fetch(0)))

asyncio.run(main())
"""
WORDS = {
    "en": {"internal": "3 internal frames (asyncio)", "done": "Done — no output", "hint": "Division by zero",
           "stop": "Stop works instantly here", "announce": "Ended with an error", "hints": "1 hint(s) below",
           "truncated": "the rest of this run’s output is not shown"},
    "fr": {"internal": "3 cadres internes (asyncio)", "done": "Terminé — aucune sortie", "hint": "Division par zéro",
           "stop": "Arrêter agit instantanément ici", "announce": "Terminé par une erreur",
           "hints": "1 conseil(s) sous", "truncated": "la suite de la sortie n’est pas affichée"},
}


@pytest.fixture(scope="module", params=["en", "fr"])
def lang_page(request, browser, server, open_playground):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    open_playground(page, f"{server.url}index.html?lang={request.param}")
    page.lang = request.param
    yield page
    assert page.errors == []
    context.close()


@pytest.fixture
def page_in(lang_page):
    lang_page.evaluate("async () => { if (window.playground.isRunning()) await window.playground.stop(); }")
    return lang_page


def run(page, code):
    return page.evaluate("(code) => window.playground.run(code)", code)


def test_traceback_frames_link_to_the_editor_and_internal_frames_fold(page_in):
    page, words = page_in, WORDS[page_in.lang]
    result = run(page, ZERO)
    assert result["stderr"].endswith("ZeroDivisionError: division by zero\n")
    console = page.get_by_test_id("console")
    # The console's text is still exactly what CPython printed (labels come from CSS).
    assert console.evaluate("(el) => el.textContent") == result["stderr"]
    assert console.get_by_test_id("traceback-exception").inner_text().strip() == "ZeroDivisionError: division by zero"
    links = console.get_by_test_id("traceback-line")
    assert [links.nth(i).get_attribute("data-line") for i in range(links.count())] == ["10", "8", "5"]

    fold = console.get_by_test_id("traceback-fold")
    assert fold.count() == 1
    assert fold.evaluate("(el) => getComputedStyle(el, '::before').content").strip('"').endswith(words["internal"])
    internal = console.get_by_test_id("traceback-internal")
    assert internal.is_hidden() and "asyncio/runners.py" in internal.evaluate("(el) => el.textContent")
    fold.click()
    assert internal.is_visible() and fold.get_attribute("aria-expanded") == "true"

    links.nth(2).click()  # line 5: return 10 / n
    marked = page.get_by_test_id("editor-marked-line")
    assert marked.inner_text() == "    return 10 / n"
    assert page.evaluate("() => document.activeElement.classList.contains('cm-content')")
    page.keyboard.type("#")  # the next edit clears the mark
    assert marked.count() == 0

    hint = page.get_by_test_id("hints").locator("[data-hint-id='zero-division']")
    assert hint.get_attribute("data-line") == "5" and words["hint"] in hint.inner_text()
    announced = page.get_by_test_id("announcer").inner_text()
    assert words["announce"] in announced and "ZeroDivisionError" in announced and words["hints"] in announced


def test_truncation_notice_stays_true_after_the_run(page_in):
    result = run(page_in, "for i in range(10_500):\n    print(i)\n")
    assert result["ok"]
    system = page_in.evaluate("() => [...document.querySelectorAll('[data-testid=console] .out-system')].map((e) => e.textContent).join('')")
    assert WORDS[page_in.lang]["truncated"] in system and "keeps running" not in system


def test_run_on_both_leaves_the_editor_its_height(page_in):
    editor = page_in.get_by_test_id("editor")
    before = editor.bounding_box()["height"]
    page_in.evaluate("() => window.playground.compare('print(1)')")
    assert page_in.get_by_test_id("compare-view").is_visible()
    assert editor.bounding_box()["height"] >= min(before, 400)
    page_in.get_by_test_id("compare-close").click()


def test_a_chained_traceback_shows_the_final_exception_most(page_in):
    result = run(page_in, "try:\n    1 / 0\nexcept ZeroDivisionError as error:\n    raise ValueError('bad') from error\n")
    console = page_in.get_by_test_id("console")
    assert console.evaluate("(el) => el.textContent") == result["stderr"]
    assert console.get_by_test_id("traceback-exception").inner_text().strip() == "ValueError: bad"
    assert console.get_by_test_id("traceback-cause").inner_text().strip() == "ZeroDivisionError: division by zero"
    assert [link.get_attribute("data-line") for link in console.get_by_test_id("traceback-line").all()] == ["2", "4"]


@pytest.mark.parametrize(("code", "hint_id", "line"), [
    ('print("hello"\n', "syntax", "1"),
    ("def f():\nprint(1)\n", "indentation", "2"),
    ("message = 1\nprint(mesage)\n", "name", "2"),
    ("import urllib.request\nurllib.request.urlopen('https://example.com')\n", "network", "2"),
])
def test_beginner_errors_get_a_hint(page_in, code, hint_id, line):
    run(page_in, code)
    cards = page_in.get_by_test_id("hints").locator("[data-hint-id]")
    assert [(c.get_attribute("data-hint-id"), c.get_attribute("data-line")) for c in cards.all()] == [(hint_id, line)]


def test_a_run_that_printed_nothing_says_so(page_in):
    page, words = page_in, WORDS[page_in.lang]
    page.evaluate("() => window.playground.loadExample(window.playground.examples()[0])")  # "Coroutines"
    result = page.evaluate("() => window.playground.run()")
    assert result["ok"] and result["stdout"] == "" and result["stderr"] == ""
    console = page.get_by_test_id("console")
    assert console.get_attribute("data-done").startswith(words["done"])
    assert console.evaluate("(el) => getComputedStyle(el, '::before').content").strip('"').startswith(words["done"])
    run(page, "print('something')")
    assert console.get_attribute("data-done") is None


def test_focus_goes_to_stop_while_running_and_back_to_run(page_in):
    page = page_in
    page.evaluate("() => window.playground.setCode('import time\\ntime.sleep(0.3)\\nprint(\"ok\")')")
    page.get_by_test_id("run").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.dataset.testid === 'stop'")
    page.wait_for_function("() => !window.playground.isRunning()")
    page.wait_for_function("() => document.activeElement?.dataset.testid === 'run'")
    # The clock is not a live region; the console does not read every line.
    assert page.get_by_test_id("elapsed").get_attribute("aria-live") is None
    assert page.get_by_test_id("console").get_attribute("aria-live") == "off"
    assert page.get_by_test_id("announcer").get_attribute("role") == "status"


def test_mode_line_in_plain_words(page_in):
    mode = page_in.get_by_test_id("mode")
    assert WORDS[page_in.lang]["stop"] in mode.inner_text()
    assert "JSPI" not in mode.inner_text() and "JSPI" in mode.get_attribute("title")


def test_console_handles_carriage_returns_escapes_and_os_write(page_in):
    result = run(page_in, (
        "import os, sys\n"
        "print('\\x1b]0;a title\\x07start')\n"
        "print('10%', end='\\r'); print('done')\n"
        "os.write(1, b'raw bytes\\n')\n"
    ))
    assert result["stdout"] == "\x1b]0;a title\x07start\n10%\rdone\nraw bytes\n"  # what the program wrote
    assert page_in.evaluate("() => window.playground.output().stdout") == "start\n10%\rdone\nraw bytes\n"
    shown = page_in.get_by_test_id("console").evaluate("(el) => el.textContent")
    assert shown == "start\ndone\nraw bytes\n"


def test_arrow_keys_browse_the_examples_menu_and_enter_chooses(page_in):
    page = page_in
    page.evaluate("() => window.playground.loadExample(window.playground.examples()[0])")
    before = page.evaluate("() => window.playground.getCode()")
    menu = page.get_by_test_id("examples")
    menu.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => window.playground.getCode()") == before
    page.keyboard.press("Escape")
    assert menu.input_value() == page.evaluate("() => window.playground.examples()[0]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    second = page.evaluate("() => window.playground.examples()[1]")
    assert menu.input_value() == second
    assert page.evaluate("() => window.playground.getCode()") != before


def test_stop_keeps_the_server_panel_and_its_requests(page_in):
    page = page_in
    page.evaluate("""() => { window.__run = window.playground.run(`import asyncio
async def handle(reader, writer):
    writer.write(await reader.read(100))
    writer.close()
async def main():
    server = await asyncio.start_server(handle, "0.0.0.0", 8080)
    async with server:
        await server.serve_forever()
asyncio.run(main())`); }""")
    answer = page.evaluate("() => window.playground.request({mode: 'raw', text: 'echo', eof: true})")
    assert answer["body"] == "echo"
    page.evaluate("() => window.playground.stop()")
    panel = page.get_by_test_id("server-panel")
    assert panel.is_visible()
    assert page.get_by_test_id("server-log").locator("li").count() == 1
    assert page.get_by_test_id("server-notice").is_visible()
    run(page, "print('next run')")
    assert panel.is_hidden()


def test_wrap_and_font_size_are_remembered(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.url + "index.html?lang=en")
        toggle = page.get_by_test_id("wrap-toggle")
        assert toggle.get_attribute("aria-pressed") == "false"  # off on a wide screen
        toggle.click()
        page.get_by_test_id("font-larger").click()
        page.get_by_test_id("font-larger").click()
        assert page.locator(".cm-content.cm-lineWrapping").count() == 1
        size = "() => getComputedStyle(document.querySelector('.cm-scroller')).fontSize"
        assert page.evaluate(size) == "18px"
        page.reload()
        assert page.get_by_test_id("wrap-toggle").get_attribute("aria-pressed") == "true"
        assert page.locator(".cm-content.cm-lineWrapping").count() == 1
        assert page.evaluate(size) == "18px"
        page.get_by_test_id("font-smaller").click()
        assert page.evaluate(size) == "16px"
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        try:  # wrapping is on by default on a narrow screen
            small = phone.new_page()
            small.goto(server.url + "index.html?lang=en")
            assert small.get_by_test_id("wrap-toggle").get_attribute("aria-pressed") == "true"
            small.get_by_test_id("tab-output").click()
            box = small.get_by_test_id("console").bounding_box()
            assert 0 <= box["y"] < 844  # the console, one tap away
            small.evaluate("() => { document.querySelector('[data-testid=server-panel]').hidden = false; }")
            assert small.get_by_test_id("server-path").bounding_box()["width"] >= 150  # was 43 px
        finally:
            phone.close()
    finally:
        context.close()


def test_lesson_blocks_move_focus_to_stop_and_back(browser, server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server.url + "lesson.html?lang=fr")
        block = page.get_by_test_id("lesson-block").first
        block.get_by_test_id("snippet-run").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement?.dataset.testid === 'snippet-stop'", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(
            "() => ['done', 'failed'].includes(document.querySelector('[data-testid=lesson-block]').dataset.state)",
            timeout=LOAD_TIMEOUT_MS,
        )
        assert page.evaluate("() => document.activeElement?.dataset.testid") == "snippet-run"
    finally:
        context.close()


def test_no_page_error_on_any_page(browser, server):
    """Every page the site has, with its first run: an exercise's Check on the lesson page."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    try:
        page.goto(server.url + "lesson.html?lang=en")
        exercise = page.get_by_test_id("exercise").first
        exercise.get_by_test_id("exercise-check").click()
        exercise.get_by_test_id("exercise-verdict").wait_for(timeout=LOAD_TIMEOUT_MS)
        for url in ["index.html", "index.html?embed=1#example=hello", "course-demo.html", "lesson.html?lang=fr"]:
            page.goto(server.url + url)
            page.wait_for_load_state("load")
            if url.startswith("index"):
                page.evaluate("() => window.playground.ready")
                page.evaluate("() => window.playground.run('print(1)')")
        assert errors == []
    finally:
        context.close()


def test_screenshots(browser, server, tmp_path, open_playground):
    """docs/traceback-folded.png (EN, light), docs/traceback-folded-fr-dark.png and
    docs/phone-console.png (FR: the tab bar took the phone to the output), drawn into docs/
    when ASYNCIO_PLAYGROUND_SCREENSHOTS=1, else into pytest's temporary directory."""
    import os
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "docs" if os.environ.get("ASYNCIO_PLAYGROUND_SCREENSHOTS") else tmp_path
    shots = [
        ("traceback-folded.png", "en", "light", {"width": 1440, "height": 900}, {}),
        ("traceback-folded-fr-dark.png", "fr", "dark", {"width": 1440, "height": 900}, {}),
        ("phone-console.png", "fr", "light", {"width": 390, "height": 844},
         {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}),
    ]
    for name, lang, scheme, viewport, extra in shots:
        context = browser.new_context(viewport=viewport, color_scheme=scheme, **extra)
        try:
            page = context.new_page()
            open_playground(page, f"{server.url}index.html?lang={lang}")
            run(page, ZERO)
            page.get_by_test_id("traceback-line").nth(2).click()  # the line marked in the editor
            if viewport["width"] < 600:
                page.get_by_test_id("tab-output").click()
                page.wait_for_function("() => document.querySelector('[data-testid=console]').getBoundingClientRect().top < 844")
            page.screenshot(path=str(folder / name))
        finally:
            context.close()
        assert (folder / name).stat().st_size > 10_000

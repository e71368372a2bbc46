"""The core user story in every engine: Chromium, Firefox ESR, WebKitGTK (SAB off and on).

Each engine loads the page once (module-scoped `playground`), then: ready state and
support line, every seed example, the asyncio conformance suite, streaming, Stop of
a busy loop and of time.sleep, and a share link. Chromium's full suite lives in the
other test files. When the module ends for an engine, a line with its figures
(time to ready, conformance N/N, total time) is written to the test report.
"""

from __future__ import annotations

import json
import time

import pytest
from conformance.normalize import load_cases, normalize
from drivers.fixture import any_browser, report_line  # noqa: F401 - any_browser: the fixture

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

CASES = load_cases("3.14")
READY_TIMEOUT_S = 180.0   # WebKitGTK on a loaded CI machine: tens of seconds
RUN_TIMEOUT_S = 180.0     # a run after a Stop that restarted Python includes the reload
NO_LOOP = "RuntimeError: There is no current event loop in thread 'MainThread'.\n"

# What each engine gives the page: (JSPI, SharedArrayBuffer). Asserted, so a change of
# engine version or of a test switch (JSC_useSharedArrayBuffer) shows up here.
CAPABILITIES = {
    "chromium": (True, True),
    "firefox": (True, True),
    "webkit": (False, False),
    "webkit-sab": (False, True),
}

WAIT_READY = """async () => {
  const started = performance.now();
  while (!(window.playground && window.playground.ready)) {
    await new Promise((resolve) => setTimeout(resolve, 50)); // main.js not evaluated yet
  }
  const info = await window.playground.ready;
  return { info, ms: performance.now() - started };
}"""
IDLE = """async () => {
  if (window.playground.isRunning()) await window.playground.stop();
  await window.playground.ready;
}"""
# True once the first visit's memory snapshot is in the page's Cache Storage (false after 60 s).
SNAPSHOT_STORED = """async () => {
  if (typeof caches !== 'object') return false;
  for (const until = performance.now() + 60000; performance.now() < until;) {
    const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground-snapshot:'));
    if (name && (await (await caches.open(name)).keys()).length > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""
START_RUN = "(code) => { window.__run = window.playground.run(code); }"
RUN = "(code) => window.playground.run(code)"
RUN_EXAMPLE = "(id) => { window.playground.loadExample(id); return window.playground.run(); }"
CONSOLE_TEXT = "() => document.querySelector('[data-testid=console]').textContent"


def text_of(testid: str) -> str:
    return f"() => document.querySelector('[data-testid={testid}]').textContent"


def console_shows(tab, text: str) -> None:
    """Waits until the console on screen contains `text` (it draws once per frame)."""
    tab.wait_for(
        "() => document.querySelector('[data-testid=console]').textContent.includes(%s)" % json.dumps(text),
        timeout=10,
    )


@pytest.fixture(scope="module")
def playground(any_browser, server, request):
    """The engine's driver with the playground loaded and ready (once per engine)."""
    driver = any_browser
    figures = {"started": time.monotonic(), "conformance": 0, "covered": 0}
    driver.figures = figures
    opened = time.monotonic()
    driver.open(server.url)
    ready = driver.evaluate_async(WAIT_READY, timeout=READY_TIMEOUT_S)
    figures["ready_s"] = time.monotonic() - opened
    driver.info = ready["info"]
    yield driver
    total = time.monotonic() - figures["started"]
    stops = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in figures.get("stops", {}).items())
    second, warm = figures.get("second_visit", (None, None))
    report_line(
        request.config,
        f"{driver.spec.id}: {driver.label}: launch {driver.launch_seconds:.1f} s, "
        f"ready {figures['ready_s']:.1f} s, "
        + (f"second visit {second:.1f} s ({'from the snapshot' if warm else 'no snapshot'}), " if second else "")
        + f"conformance {figures['conformance']}/{len(CASES)}"
        + (f" ({figures['covered']} covered by another run)" if figures["covered"] else "") + ", "
        f"stop to next run: {stops or 'n/a'}, {total:.0f} s in all",
    )


@pytest.fixture
def tab(playground):
    """The engine's playground, idle and ready for the next test."""
    try:
        playground.evaluate_async(IDLE, timeout=RUN_TIMEOUT_S)
    except Exception as error:  # noqa: BLE001 - WebKitWebDriver, now and then, after an iframe left
        if "Could not parse script result" not in str(error):
            raise
        playground.evaluate_async(IDLE, timeout=RUN_TIMEOUT_S)  # idempotent: ask again
    return playground


def engine_id(tab) -> str:
    return tab.spec.id


# ---- loading --------------------------------------------------------------------------


def test_page_loads_to_ready_and_says_what_the_browser_lacks(tab):
    assert "Python 3.14" in tab.evaluate_async(text_of("status-text"))
    assert tab.evaluate_async("() => !document.querySelector('[data-testid=run]').disabled")
    assert "CPython event loop" in tab.evaluate_async(text_of("mode"))
    jspi, sab = CAPABILITIES[engine_id(tab)]
    assert (tab.info["jspi"], tab.info["sab"], tab.info["isolated"]) == (jspi, sab, True)

    support = tab.evaluate_async("""() => {
        const line = document.querySelector('[data-testid=support]');
        return { hidden: line.hidden, missing: line.dataset.missing, text: line.textContent };
    }""")
    expected_missing = [name for name, present in (("sab", sab), ("jspi", jspi)) if not present]
    assert support["missing"].split() == expected_missing
    assert support["hidden"] == (not expected_missing)
    if not sab:
        assert "does not provide SharedArrayBuffer" in support["text"]
        assert "Stop restarts Python" in support["text"]
        assert "busy-waits" in support["text"]
    if not jspi:
        assert "No JSPI" in support["text"]


def test_a_second_visit_starts_from_the_snapshot_and_runs(tab, server):
    """The second visit: Python's files from the service worker's cache (read by the page
    itself), the wasm compiled by the runner frame, the snapshot restored once checked.
    The module's later tests run on this page."""
    stored = tab.evaluate_async(SNAPSHOT_STORED, timeout=90)
    opened = time.monotonic()
    tab.open(server.url)
    ready = tab.evaluate_async(WAIT_READY, timeout=READY_TIMEOUT_S)
    tab.figures["second_visit"] = (time.monotonic() - opened, ready["info"]["warmStart"])
    tab.info = ready["info"]
    assert ready["info"]["warmStart"] is stored, "a stored snapshot must be restored"
    result = tab.evaluate_async(RUN, "import asyncio\nasyncio.run(asyncio.sleep(0))\nprint('second visit', 6 * 7)\n",
                                timeout=RUN_TIMEOUT_S)
    assert result["stdout"] == "second visit 42\n", result


# ---- the seed examples --------------------------------------------------------------

def _lines(result):
    return result["stdout"].splitlines()


def _check_hello(result):
    assert result["stdout"] == "Hello, World!\nHello again!\n"


def _check_prints_nothing(result):
    assert result["stdout"] == "" and result["stderr"] == ""  # defines a coroutine, never runs it


def _check_no_current_loop(result):
    assert result["stderr"].endswith(NO_LOOP)
    assert result["exitCode"] == 1


def _check_gather(result):
    lines = _lines(result)
    assert lines[:3] == [f"[Tâche {n}] Début de la tâche..." for n in (1, 2, 3)]
    assert [line.split("]")[0] for line in lines[3:]] == ["[Tâche 2", "[Tâche 1", "[Tâche 3"]


def _check_sync(result):
    lines = _lines(result)
    assert lines[0] == "Task A: Computing 0+1"
    assert "Task A: Sum = 3" in lines and "Task B: Sum = 6" in lines
    assert lines[-1].startswith("Time: ") and lines[-1].endswith(" sec")


def _check_blocking(result):
    tasks = [line for line in _lines(result) if line.startswith("Task")]
    assert tasks[:4] == ["Task A: Computing 0+1", "Task A: Computing 1+2", "Task A: Sum = 3",
                         "Task B: Computing 0+1"]


def _check_concurrent(result):
    tasks = [line for line in _lines(result) if line.startswith("Task")]
    assert tasks[:2] == ["Task A: Computing 0+1", "Task B: Computing 0+1"]
    assert "Task B: Sum = 6" in tasks


def _check_ex2_fixed(result):
    lines = _lines(result)
    assert "1 + 2 = 3" in lines and "I've got a lovely bunch of coconuts" in lines
    assert lines[-1] == "8"


SEED_CHECKS = {
    "coroutine": _check_prints_nothing,
    "coroutine-run": _check_hello,
    "tasks": _check_no_current_loop,
    "tasks-modern": _check_hello,
    "gather": _check_gather,
    "ex1-sync": _check_sync,
    "ex1-async-incorrect": _check_no_current_loop,
    "ex1-async-incorrect-modern": _check_blocking,
    "ex1-async-correct": _check_no_current_loop,
    "ex1-async-correct-modern": _check_concurrent,
    "ex2": _check_no_current_loop,
    "ex2-fixed": _check_ex2_fixed,
}


# What another run of the suite already covers, skipped here to keep CI short: Chromium
# runs every seed example (test_playground.py) and the conformance suite with and without
# JSPI (test_conformance.py); WebKitGTK runs the whole suite without SharedArrayBuffer, and
# with it only the cases whose waits SharedArrayBuffer changes (blocking sleeps, threads,
# timeouts: Atomics.wait instead of a busy wait).
SAB_SENSITIVE = ("time.sleep", "run_in_executor", "to_thread", "timeout", "wait_for")


def skip_if_covered_elsewhere(tab, code: str | None = None) -> None:
    if code is not None:
        tab.figures["covered"] += 1  # taken back below if the case runs here
    if engine_id(tab) == "chromium":
        pytest.skip("Chromium runs this in test_playground.py / test_conformance.py")
    if engine_id(tab) == "webkit-sab" and code is not None and not any(word in code for word in SAB_SENSITIVE):
        pytest.skip("WebKitGTK without SharedArrayBuffer runs this case; SharedArrayBuffer does not change it")
    if code is not None:
        tab.figures["covered"] -= 1


@pytest.mark.parametrize("example_id", list(SEED_CHECKS))
def test_seed_example(tab, example_id):
    skip_if_covered_elsewhere(tab)
    result = tab.evaluate_async(RUN_EXAMPLE, example_id, timeout=RUN_TIMEOUT_S)
    if SEED_CHECKS[example_id] is not _check_no_current_loop:
        assert result["ok"], result["stderr"]
    SEED_CHECKS[example_id](result)
    # What the user sees: the console shows the same output (drawn at the next frame).
    for line in (result["stdout"] + result["stderr"]).splitlines()[-3:]:
        console_shows(tab, line)


def test_every_seed_example_is_checked(tab):
    ids = tab.evaluate_async("() => window.playground.examples()")
    assert set(SEED_CHECKS) | {"ex3-aiohttp"} <= set(ids)


# ---- conformance ----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_conformance(tab, case):
    skip_if_covered_elsewhere(tab, case.code)
    result = tab.evaluate_async(RUN, case.code, timeout=RUN_TIMEOUT_S)
    assert normalize(result["stdout"]) == normalize(case.stdout)
    assert normalize(result["stderr"]) == normalize(case.stderr)
    assert result["exitCode"] == case.exit_code
    tab.figures["conformance"] += 1


# ---- code the user runs cannot reach the site (web/run/sandbox.js) ----------------------

ESCAPES = """import js
for name in ("indexedDB", "localStorage"):
    try:
        value = getattr(js, name)
        if name == "indexedDB":
            value.open("stolen")
        print(name, "reachable")
    except Exception as error:
        print(name, "refused")
try:
    request = js.XMLHttpRequest.new()
    request.open("GET", "http://127.0.0.1:%d/steal", False)
    request.send()
    print("xhr sent")
except Exception:
    print("xhr refused")
js.postMessage(js.JSON.parse('{"type": "done", "runId": 1, "ok": true}'))
print("origin", js.origin)
"""


def test_a_program_reaches_no_storage_and_no_other_origin(tab):
    from test_security import Listener

    listener = Listener()
    try:
        result = tab.evaluate_async(RUN, ESCAPES % listener.port, timeout=RUN_TIMEOUT_S)
    finally:
        listener.close()
    assert "reachable" not in result["stdout"] and "xhr sent" not in result["stdout"], result
    assert result["stdout"].count("refused") == 3 and result["stdout"].endswith("origin null\n"), result
    assert listener.hits == []
    # Cache Storage: none on an opaque origin (Chromium, Firefox), or one of its own, empty
    # and apart from the site's (WebKitGTK).
    caches = tab.evaluate_async(RUN, CACHE_PROBE, timeout=RUN_TIMEOUT_S)
    assert caches["stdout"] in ("no caches\n", "own caches [] written\n"), caches
    page_caches = tab.evaluate_async("async () => await caches.keys()")
    assert "evil" not in page_caches and page_caches, page_caches


CACHE_PROBE = """# engine: webloop
import js
try:
    names = list(await js.caches.keys())
    cache = await js.caches.open("evil")
    await cache.put("main.js", js.Response.new("alert(1)"))
    print("own caches", names, "written")
except Exception:
    print("no caches")
"""


# ---- streaming and Stop -----------------------------------------------------------------

def test_output_streams_while_the_program_runs(tab):
    tab.evaluate_async(START_RUN, (
        "import asyncio\n"
        "async def main():\n"
        "    for i in range(4):\n"
        "        print('tick', i)\n"
        "        await asyncio.sleep(0.75)\n"
        "asyncio.run(main())\n"
    ))
    tab.wait_for("() => document.querySelector('[data-testid=console]').textContent.includes('tick 0')")
    assert tab.evaluate_async("() => window.playground.isRunning()"), "the first line must show before the end"
    assert "tick 3" not in tab.evaluate_async(CONSOLE_TEXT)
    result = tab.evaluate_async("() => window.__run", timeout=RUN_TIMEOUT_S)
    assert result["stdout"].count("tick") == 4


STOPPABLE = {
    "busy-loop": "print('started', flush=True)\nwhile True:\n    pass\n",
    "time-sleep": "import time\nprint('started', flush=True)\ntime.sleep(3600)\n",
    # Inside asyncio.run: the first Ctrl+C cancels main(), the second ends the sleep (no restart
    # where the engine has SharedArrayBuffer).
    "coroutine-sleep": "import asyncio, time\nasync def main():\n    print('started', flush=True)\n"
    "    time.sleep(3600)\nasyncio.run(main())\n",
}


@pytest.mark.parametrize("program", list(STOPPABLE))
def test_stop_ends_the_run_and_the_next_run_works(tab, program):
    tab.evaluate_async(START_RUN, STOPPABLE[program])
    tab.wait_for("() => window.playground.output().stdout.includes('started')", timeout=RUN_TIMEOUT_S)
    assert tab.evaluate_async("() => window.playground.isRunning()")

    stopped_at = time.monotonic()
    tab.evaluate_async("() => window.playground.stop()", timeout=RUN_TIMEOUT_S)
    result = tab.evaluate_async("() => window.__run", timeout=RUN_TIMEOUT_S)
    assert result["stopped"] and not result["ok"], result
    console_shows(tab, "[stopped")
    assert tab.evaluate_async(text_of("elapsed")).startswith("Stopped after")

    after = tab.evaluate_async(RUN, "print('next run')", timeout=RUN_TIMEOUT_S)
    tab.figures.setdefault("stops", {})[program] = time.monotonic() - stopped_at
    assert after["stdout"] == "next run\n" and after["ok"], after


# ---- input (issue 18) ---------------------------------------------------------------------

TYPE_LINE = """async (text) => {
  while (!window.playground.waitingForInput()) await new Promise((resolve) => setTimeout(resolve, 20));
  const line = document.querySelector('[data-testid=stdin-input]');
  line.value = text;  // as typed, then Enter on the input line
  line.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  return document.activeElement === line;
}"""
TWO_QUESTIONS = "name = input('name? ')\nage = int(input('age? '))\nprint(f'{name} is {age}')\n"


def test_input_reads_what_the_user_types(tab):
    if not tab.info["sab"]:  # no way to reach a busy worker: the prepared input, then EOF
        result = tab.evaluate_async("(code) => window.playground.run(code, {stdin: 'Ada\\n36'})",
                                    TWO_QUESTIONS + "input()\n", timeout=RUN_TIMEOUT_S)
        assert result["stdout"] == "name? age? Ada is 36\n", result
        assert result["stderr"].endswith("EOFError: EOF when reading a line\n")
        console_shows(tab, "this page cannot send what you type")
        return
    tab.evaluate_async(START_RUN, TWO_QUESTIONS)
    assert tab.evaluate_async(TYPE_LINE, "Ada", timeout=RUN_TIMEOUT_S), "focus is on the input line"
    tab.evaluate_async(TYPE_LINE, "36", timeout=RUN_TIMEOUT_S)
    result = tab.evaluate_async("() => window.__run", timeout=RUN_TIMEOUT_S)
    assert result["ok"] and result["stdout"] == "name? age? Ada is 36\n", result
    console_shows(tab, "name? Ada\nage? 36\nAda is 36")


# ---- share links ------------------------------------------------------------------------

SHARE_AND_OPEN = """async (code) => {
  const button = document.querySelector('[data-testid=share]');
  if (!button) return null;
  window.playground.setCode(code);
  button.click();
  while (!location.hash.startsWith('#code=')) await new Promise((r) => setTimeout(r, 50));
  const link = location.href;
  history.replaceState(history.state, '', location.pathname + location.search);
  // Open the link as a new page would (an iframe loads it from scratch).
  const frame = Object.assign(document.createElement('iframe'), { src: link });
  frame.style.cssText = 'width: 800px; height: 600px';
  document.body.append(frame);
  try {
    for (;;) {
      const api = frame.contentWindow && frame.contentWindow.playground;
      const banner = frame.contentDocument && frame.contentDocument.querySelector('[data-testid=share-banner]');
      if (api && api.getCode() === code) return { link, code: api.getCode(), banner: banner && !banner.hidden };
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    frame.remove(); // also ends its Python worker
  }
}"""


def test_share_link_opens_with_the_code(tab):
    if engine_id(tab) == "webkit-sab":
        # SharedArrayBuffer does not touch share links, which `webkit` covers; and with it
        # on, WebKitGTK's web process sometimes crashes while the link's page (a second
        # Python) loads in the iframe, taking the module's later tests with it.
        pytest.skip("WebKitGTK without SharedArrayBuffer runs this; SharedArrayBuffer does not change it")
    code = f"# shared from {engine_id(tab)}\nprint('é', 6 * 7)\n"
    opened = tab.evaluate_async(SHARE_AND_OPEN, code, timeout=60)
    if opened is None:
        pytest.skip("share links not built yet")
    assert "#code=" in opened["link"]
    assert opened["code"] == code
    assert opened["banner"], "the page must say the code comes from a link"


# ---- last: a Stop that may restart Python -----------------------------------------------


def test_seed_aiohttp_server_runs_until_stopped(tab):
    """Example 3 starts aiohttp's web.run_app in the page; it serves until Stop.

    Last in the module: without SharedArrayBuffer its Stop restarts Python, and no
    test after it has to wait for that reload (tens of seconds in WebKitGTK).
    """
    tab.evaluate_async("() => { window.playground.loadExample('ex3-aiohttp'); window.__run = window.playground.run(); }")
    tab.wait_for(
        "() => window.playground.output().stdout.includes('Running on') || !window.playground.isRunning()",
        timeout=RUN_TIMEOUT_S,
    )
    output = tab.evaluate_async("() => window.playground.output()")
    assert "Running on" in output["stdout"], output
    tab.evaluate_async("() => window.playground.stop()", timeout=RUN_TIMEOUT_S)
    result = tab.evaluate_async("() => window.__run", timeout=RUN_TIMEOUT_S)
    assert result["stopped"], result


# ---- virtual time and the inspector (issue 17) ------------------------------------------


def test_virtual_time_everywhere_and_the_inspector_where_memory_is_shared(tab):
    code = ("# clock: virtual\nimport asyncio, time\nasync def main():\n    t0 = time.monotonic()\n"
            "    await asyncio.gather(*(asyncio.sleep(60) for _ in range(3)))\n"
            "    time.sleep(1)\n    print(f'{time.monotonic() - t0:.2f}')\nasyncio.run(main())\n")
    started = time.perf_counter()
    result = tab.evaluate_async(RUN, code, timeout=RUN_TIMEOUT_S)
    print(f"{engine_id(tab)}: 61 virtual seconds in {time.perf_counter() - started:.2f} s of wall time")
    assert result["stdout"] == "61.00\n" and result["clock"] == "virtual"
    _, sab = CAPABILITIES[engine_id(tab)]
    disabled = tab.evaluate_async("() => document.querySelector('[data-testid=inspect-toggle]').disabled")
    assert disabled == (not sab)  # pausing waits for the page's command in shared memory


def test_step_and_continue_where_memory_is_shared(tab):
    if not CAPABILITIES[engine_id(tab)][1]:
        pytest.skip("no SharedArrayBuffer: the Inspect toggle is disabled (previous test)")
    tab.evaluate_async("(id) => { window.playground.loadExample(id); "
                       "window.__run = window.playground.run(undefined, {inspect: true, clock: 'virtual'}); }",
                       "gather")
    tab.wait_for("() => window.playground.inspectorState()?.iteration === 1", timeout=RUN_TIMEOUT_S)
    tab.evaluate_async("() => document.querySelector('[data-testid=inspector-step]').click()")
    tab.wait_for("() => window.playground.inspectorState()?.iteration === 2", timeout=RUN_TIMEOUT_S)
    ready = tab.evaluate_async("() => window.playground.inspectorState().ready.map((r) => r.task)")
    assert ready == ["Task-2", "Task-3", "Task-4"]
    tab.evaluate_async("() => document.querySelector('[data-testid=inspector-continue]').click()")
    result = tab.evaluate_async("() => window.__run", timeout=RUN_TIMEOUT_S)
    assert result["ok"] and "après 3.00 secondes" in result["stdout"]

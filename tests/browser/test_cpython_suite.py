"""CPython's own asyncio test suite in the page: each module of the fixed subset runs there with
unittest, and every test that passes under native CPython passes in the page (platform skips
listed with their reasons in tests/cpython_suite/skips.py).

`CPYTHON_SUITE=all python3 build.py test tests/browser/test_cpython_suite.py` runs every module
of suite.MODULES, with JSPI and with JSPI removed, and for information on the WebLoop engine, and
writes the README's table (the JSPI run) to bench-results/cpython-suite.md.
"""

from __future__ import annotations

import os

import pytest

from cpython_suite import suite

pytestmark = pytest.mark.browser

SOURCE = suite.find_source()
ALL = os.environ.get("CPYTHON_SUITE") == "all"
MODULES = suite.MODULES if ALL else suite.SUBSET
MODULE_TIMEOUT_MS = 120_000  # test_tasks takes ~25 s here
RESULTS: dict[str, tuple[suite.ModuleResult, suite.ModuleResult, suite.ModuleResult | None]] = {}

if SOURCE is None:
    pytestmark = [pytestmark, pytest.mark.skip(
        reason="CPython's test files are not on this machine: set CPYTHON_TESTS to a CPython "
        f"tree's Lib/ (tag v{suite.pyodide_python()}, as Pyodide's Python) or fill {suite.SOURCES[0]}")]


@pytest.fixture(scope="module")
def no_jspi_page(browser, server, open_playground):
    """The module's second playground, with JSPI removed (CPYTHON_SUITE=all only)."""
    context = browser.new_context()
    page = context.new_page()
    open_playground(page, server.url, jspi=False)
    yield page
    context.close()


@pytest.fixture(scope="module")
def tests_zip():
    server = suite.ZipServer(suite.make_zip(SOURCE))
    yield server
    server.close()


def run_in_page(page, module: str, tests_zip, engine: str = "cpython") -> suite.ModuleResult:
    # The zip goes inside the program: programs run on an opaque origin whose policy lets
    # them fetch nothing from other origins (README "Security model"), this loopback server too.
    page.evaluate("([code, engine]) => { window.__run = window.playground.run(code, {engine}); }",
                  [suite.page_program(module, tests_zip, SOURCE, inline=True), engine])
    try:
        page.wait_for_function("() => !window.playground.isRunning()", timeout=MODULE_TIMEOUT_MS, polling=500)
    except Exception:  # noqa: BLE001 - a hanging test: keep what was done
        page.evaluate("() => window.playground.stop()")
    result = page.evaluate("() => window.__run")
    return suite.parse(module, result["stdout"], stopped=result["stopped"], stderr=result["stderr"])


NATIVE: dict[str, suite.ModuleResult] = {}


@pytest.mark.timeout(MODULE_TIMEOUT_MS // 1000 + 150)  # the page's time, then the native run's (100 s)
@pytest.mark.parametrize("jspi", [True, False] if ALL else [True], ids=lambda on: "jspi" if on else "no-jspi")
@pytest.mark.parametrize("module", MODULES)
def test_cpython_test_module_passes_in_the_page_as_natively(request, tests_zip, module, jspi):
    if not suite.has_module(SOURCE, module):
        pytest.skip(f"{module} is not among CPython {SOURCE.version}'s test files")
    page = request.getfixturevalue("ready_page" if jspi else "no_jspi_page")
    page_result = run_in_page(page, module, tests_zip)
    native = NATIVE.get(module) or NATIVE.setdefault(module, suite.run_native(SOURCE, module))
    if jspi:
        webloop = run_in_page(page, module, tests_zip, engine="webloop") if ALL else None  # for information
        RESULTS[module] = (page_result, native, webloop)
    assert page_result.summary is not None, (
        f"{module} did not end in the page (stopped: {page_result.stopped}) after "
        f"{list(page_result.outcomes)[-3:]}:\n{page_result.stderr[-3000:]}")
    lost = {t: page_result.summary["problems"].get(t, "")
            for t, outcome in page_result.outcomes.items()
            if outcome in ("fail", "error") and native.outcomes.get(t) == "pass"}
    assert not lost, "\n\n".join(f"{t}\n{detail}" for t, detail in lost.items())


def teardown_module():
    if RESULTS and SOURCE is not None:
        text = suite.table({m: r[0] for m, r in RESULTS.items()}, {m: r[1] for m, r in RESULTS.items()}, SOURCE,
                           webloop={m: r[2] for m, r in RESULTS.items() if r[2] is not None})
        out = suite.ROOT / "bench-results"
        out.mkdir(exist_ok=True)
        (out / ("cpython-suite.md" if ALL else "cpython-suite-subset.md")).write_text(text)

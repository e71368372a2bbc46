"""What the page says when the browser lacks something, or when Python cannot load.

Chromium stands in for the browsers we cannot run here: the page is served without
COOP/COEP, or its worker / wasm is made to fail the way an old or locked-down
browser fails. (WebKitGTK's real no-SharedArrayBuffer path: test_any_browser.py.)
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LOAD_FAILURE_TIMEOUT_MS = 90_000

STATUS = """() => {
  const status = document.querySelector('[data-testid=status]');
  return {
    kind: status.dataset.kind,
    role: status.getAttribute('role'),
    text: document.querySelector('[data-testid=status-text]').textContent,
    progressHidden: document.querySelector('[data-testid=load-progress]').hidden,
    runDisabled: document.querySelector('[data-testid=run]').disabled,
  };
}"""


def wait_for_status(page, kind: str) -> dict:
    page.wait_for_function(
        "kind => document.querySelector('[data-testid=status]').dataset.kind === kind",
        arg=kind, timeout=LOAD_FAILURE_TIMEOUT_MS,
    )
    return page.evaluate(STATUS)


def test_support_line_without_cross_origin_isolation(page, server_no_isolation):
    page.goto(server_no_isolation.url)
    line = page.get_by_test_id("support")
    line.wait_for(state="visible")
    text = line.inner_text()
    assert "not cross-origin isolated" in text and "COOP/COEP" in text
    assert "Stop restarts Python" in text and "busy-waits" in text
    assert "JSPI" not in text  # Chromium has JSPI
    assert line.get_attribute("data-missing") == "isolation sab"


def test_support_line_is_hidden_when_nothing_is_missing(page, server, open_playground):
    open_playground(page, server.url)
    line = page.get_by_test_id("support")
    assert line.is_hidden()
    assert line.get_attribute("data-missing") == ""


def test_wasm_that_cannot_load_shows_the_error_and_a_suggestion(page, server):
    page.context.route("**/pyodide/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(server.url)
    status = wait_for_status(page, "error")
    assert status["text"].startswith("Python could not start: ")
    reason = status["text"].removeprefix("Python could not start: ").split(" — ")[0]
    assert "Error" in reason, status  # the browser's own error, not a generic line
    assert status["text"].endswith(
        "Reload the page to try again. If it keeps failing, try a recent Chrome, Edge, Firefox or Safari."
    )
    assert status["role"] == "alert" and status["progressHidden"] and status["runDisabled"]


def test_worker_script_that_cannot_load_shows_the_error(page, server):
    page.context.route("**/worker.js", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(server.url)
    status = wait_for_status(page, "error")
    assert "the Python worker did not start (its script could not load)" in status["text"]
    assert "Reload the page to try again." in status["text"]


# A browser without module workers (Firefox < 114) ignores {type: 'module'}. Python's
# worker is a classic script (it starts from a blob: URL in the sandboxed frame), so
# such a browser runs the playground all the same.
NO_MODULE_WORKERS = """
(() => {
  const NativeWorker = window.Worker;
  window.Worker = function Worker(url, options) {
    return new NativeWorker(url, { name: options && options.name });
  };
  window.Worker.prototype = NativeWorker.prototype;
})();
"""


def test_browser_without_module_workers_still_runs_python(page, server, open_playground):
    page.add_init_script(NO_MODULE_WORKERS)
    open_playground(page, server.url)
    result = page.evaluate("() => window.playground.run('print(6 * 7)')")
    assert result["stdout"] == "42\n", result


def test_loading_that_goes_quiet_for_a_minute_says_so(page, server):
    # A worker that never answers; the page's clock is moved on instead of waiting 60 s.
    def silent_worker(route):
        response = route.fetch()
        route.fulfill(response=response, body="// never answers\n")

    page.clock.install()
    page.context.route("**/worker.js", silent_worker)
    page.goto(server.url)
    page.wait_for_function("() => window.playground")
    assert page.evaluate(STATUS)["kind"] == "loading"
    page.clock.run_for(59_000)
    assert page.evaluate(STATUS)["kind"] == "loading"
    page.clock.run_for(2_000)
    status = wait_for_status(page, "warning")
    assert status["text"] == (
        "Python has sent nothing for 60 s. A slow connection or computer can take this long; "
        "if nothing changes, reload the page."
    )
    assert status["role"] == "status"

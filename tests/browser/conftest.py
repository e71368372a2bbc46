"""Fixtures for browser tests: the built site served on 127.0.0.1, and headless Chromium.

dist/ is NOT built here: `python3 build.py test` builds it before running pytest.

    server               session: "http://127.0.0.1:PORT/" serving dist/ with COOP/COEP
                         (a str; also .url, .origin and .httpd, the server object)
    server_no_isolation  session: the same without COOP/COEP (degraded mode)
    second_origin_server session: dist/ again, without COOP/COEP, on another port: another
                         origin, like a course site embedding the playground
    browser              session: Playwright Chromium (Debian's, $PLAYWRIGHT_CHROMIUM)
    page                 function: a fresh context + page; page.requests lists every
                         request URL (page and workers), page.console_errors the
                         console errors and uncaught exceptions
    open_playground      the helper below, as a fixture (test modules cannot import
                         conftest.py reliably)

open_playground(page, url, *, jspi=True) opens the page and waits for
window.playground.ready; it returns what `ready` resolved to.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.devserver import make_server

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"

# Loading Pyodide takes a few seconds; give slow CI machines room.
LOAD_TIMEOUT_MS = 90_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Makes Pyodide believe the browser has no JSPI (JavaScript Promise Integration).
NO_JSPI_SCRIPT = "delete WebAssembly.Suspending; delete WebAssembly.promising;\n"


class ServedSite(str):
    """The site's base URL, "http://127.0.0.1:PORT/" (with the trailing slash)."""

    httpd = None  # tools.devserver.PlaygroundServer

    @property
    def url(self) -> str:
        return str(self)

    @property
    def origin(self) -> str:
        return str(self).rstrip("/")


def _serve_dist(isolation: bool):
    if not (DIST / "index.html").is_file():
        pytest.fail(
            f"{DIST}/index.html does not exist: build the site first "
            "(`python3 build.py test` builds it, then runs pytest)",
            pytrace=False,
        )
    server = make_server("127.0.0.1", 0, isolation=isolation, directory=DIST)
    thread = threading.Thread(target=server.serve_forever, name="dist-server", daemon=True)
    thread.start()
    site = ServedSite(server.url)
    site.httpd = server
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server():
    """Base URL ("http://127.0.0.1:PORT/") of dist/, cross-origin isolated (COOP/COEP)."""
    yield from _serve_dist(isolation=True)


@pytest.fixture(scope="session")
def server_no_isolation():
    """Base URL of dist/ served without COOP/COEP: the page runs degraded."""
    yield from _serve_dist(isolation=False)


@pytest.fixture(scope="session")
def second_origin_server():
    """Base URL of dist/ on a second port (another origin), without COOP/COEP."""
    yield from _serve_dist(isolation=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("PLAYWRIGHT_CHROMIUM") or "/usr/bin/chromium",
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own context, recording requests and console errors."""
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.console_errors = []
    # Context-level events also see what the page's web workers request and log.
    context.on("request", lambda request: page.requests.append(request.url))
    context.on(
        "console",
        lambda message: page.console_errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
    try:
        yield page
    finally:
        context.close()


_READY_STATE = """
() => {
  const api = window.playground;
  if (!api || !api.ready) return false;
  if (!window.__testReady) {
    window.__testReady = { state: 'pending' };
    Promise.resolve(api.ready).then(
      (value) => { window.__testReady = { state: 'ok', value: value ?? null }; },
      (error) => { window.__testReady = { state: 'error', error: String((error && error.stack) || error) }; },
    );
  }
  return window.__testReady.state !== 'pending' && window.__testReady;
}
"""


def _without_jspi(page) -> None:
    """Hide JSPI from the page and from its workers.

    An init script runs in the page's frames only, so same-origin JavaScript files
    (the worker and the modules it imports) get the same lines prepended as well.
    """
    page.add_init_script(NO_JSPI_SCRIPT)

    def is_script(url: str) -> bool:
        return urlsplit(url).path.endswith((".js", ".mjs"))

    def prepend(route, request):
        from playwright.sync_api import Error as PlaywrightError

        try:
            response = route.fetch()
            content_type = response.headers.get("content-type", "")
            if response.status != 200 or "javascript" not in content_type:
                route.fulfill(response=response)
                return
            route.fulfill(response=response, body=NO_JSPI_SCRIPT + response.text())
        except PlaywrightError:
            # The test ended and closed its context while this request was in flight
            # (a spare worker still loading). Raised here, Playwright would report it
            # at the next test's first call instead.
            pass

    page.context.route(is_script, prepend)


def open_playground(page, url: str, *, jspi: bool = True, timeout: float = LOAD_TIMEOUT_MS):
    """Open the playground at `url` and wait until window.playground.ready resolves.

    With jspi=False, WebAssembly.Suspending and WebAssembly.promising are deleted
    before any of the page's scripts run, so Pyodide runs without JSPI.
    Returns the value `ready` resolved with; fails the test if it rejected or timed out.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    if not jspi:
        _without_jspi(page)
    page.goto(str(url))
    try:
        handle = page.wait_for_function(_READY_STATE, timeout=timeout, polling=100)
    except PlaywrightTimeoutError:
        pytest.fail(
            f"window.playground.ready did not settle within {timeout / 1000:.0f}s at {url}\n"
            + _diagnostics(page),
            pytrace=False,
        )
    result = handle.json_value()
    if result["state"] != "ok":
        pytest.fail(f"window.playground.ready rejected: {result.get('error')}\n" + _diagnostics(page), pytrace=False)
    return result.get("value")


def _diagnostics(page) -> str:
    errors = getattr(page, "console_errors", [])
    lines = [f"console errors ({len(errors)}):"] + [f"  {e}" for e in errors[-20:]]
    return "\n".join(lines)


@pytest.fixture(name="open_playground", scope="session")
def open_playground_fixture():
    """The open_playground(page, url, *, jspi=True) helper."""
    return open_playground


@pytest.fixture(scope="module")
def shared_page(browser, server):
    """One loaded playground per test module (loading Python takes seconds)."""
    context = browser.new_context()
    page = context.new_page()
    open_playground(page, server.url)
    yield page
    context.close()


@pytest.fixture
def ready_page(shared_page):
    """The module's playground, idle and ready for the next test."""
    shared_page.evaluate(
        """async () => {
            if (window.playground.isRunning()) await window.playground.stop();
            await window.playground.ready;
        }"""
    )
    return shared_page

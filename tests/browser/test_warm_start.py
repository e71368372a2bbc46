"""Warm start and smaller downloads: the service worker (web/sw.js), the memory snapshot
(web/run/files.js) and the precompressed files the dev server (tools/devserver.py) sends.

The service-worker tests serve their own copy of dist/ on their own port, so they can
stop the server (offline) and fake a new build without touching other tests' server.
"""

from __future__ import annotations

import gzip
import json
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tools.common import sha256_file
from tools.devserver import make_server

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
LOAD_TIMEOUT_MS = 120_000

READY = """async () => {
  while (!window.playground) await new Promise((r) => setTimeout(r, 20));
  return await window.playground.ready;
}"""
# Resolves true once the service worker controls the page and the worker has stored
# its snapshot (false after `timeout` ms).
WARM_START_STORED = """async (timeout) => {
  const stored = async () => {
    if (!navigator.serviceWorker.controller) return false;
    const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground-snapshot:'));
    return !!name && (await (await caches.open(name)).keys()).length > 0;
  };
  for (const until = performance.now() + timeout; performance.now() < until;) {
    if (await stored()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}"""
CACHE_NAMES = "async () => (await caches.keys()).filter((name) => name.startsWith('asyncio-playground:'))"


class Site:
    """A copy of dist/ served on a fixed port that can be stopped and started again."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0
        self._server = None
        self.start()
        self.url = self._server.url

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, directory=self.root)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not (DIST / "sw.js").is_file():
        pytest.fail("dist/sw.js is missing: build first (`python3 build.py test`)", pytrace=False)
    root = tmp_path_factory.mktemp("warm") / "dist"
    shutil.copytree(DIST, root)
    site = Site(root)
    yield site
    site.stop()


@pytest.fixture(scope="module")
def visited(browser, site):
    """A page of a browser context that has visited the playground once, online."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url)
    info = page.evaluate(READY)
    assert info["warmStart"] is False, "a first visit cannot start from a snapshot"
    assert page.evaluate(WARM_START_STORED, LOAD_TIMEOUT_MS), "no service worker or no snapshot"
    yield page
    context.close()


def reload_and_wait(page) -> dict:
    page.goto(page.url)
    return page.evaluate(READY)


def run(page, code: str) -> dict:
    return page.evaluate("(code) => window.playground.run(code)", code)


def test_second_visit_works_offline_and_stays_isolated(visited, site):
    site.stop()  # offline for real: nothing listens on the site's port any more
    visited.context.set_offline(True)
    try:
        info = reload_and_wait(visited)
        assert info["warmStart"] is True, info
        assert visited.evaluate("self.crossOriginIsolated") is True
        assert visited.evaluate("navigator.serviceWorker.controller !== null") is True
        status = visited.evaluate("async () => (await fetch('pyodide/pyodide-lock.json')).status")
        assert status == 200
        result = run(visited, "import asyncio\nasync def main():\n    await asyncio.sleep(0.01)\n    print('offline ok')\nasyncio.run(main())\n")
        assert result["stdout"] == "offline ok\n", result
        # A snapshot freezes the heap: each warm start must still draw its own numbers.
        draws = {run(visited, "import random\nprint(random.random())")["stdout"]}
        reload_and_wait(visited)
        draws.add(run(visited, "import random\nprint(random.random())")["stdout"])
        assert len(draws) == 2, draws
    finally:
        visited.context.set_offline(False)
        site.start()


def test_a_share_link_run_at_once_still_gives_the_next_visit_a_warm_start(browser, site):
    # The first Python ran the link's program before it could offer its snapshot: a spare
    # Python, which runs nothing, offers one instead.
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site.url + "#example=hello")
        info = page.evaluate(READY)
        assert info["warmStart"] is False
        result = page.evaluate("() => window.playground.run('print(\"at once\")')")
        assert result["stdout"] == "at once\n", result
        assert page.evaluate(WARM_START_STORED, LOAD_TIMEOUT_MS), "no snapshot after a program ran at once"
        page.reload()  # (a goto of the same URL with a fragment would not load the page again)
        info = page.evaluate(READY)
        assert info["warmStart"] is True, info
        assert run(page, "print('warm')")["stdout"] == "warm\n"
    finally:
        context.close()


def test_error_responses_are_never_cached(visited, site):
    missing = site.root / "build-info.json"  # listed in precache.json, fetched on demand
    missing.rename(missing.with_suffix(".bak"))
    try:
        status = visited.evaluate("async () => (await fetch('build-info.json')).status")
        assert status == 404
        cached = visited.evaluate(
            """async () => { for (const name of await caches.keys()) {
                 if (await (await caches.open(name)).match(new URL('build-info.json', location.href).href)) return name;
               } return null; }"""
        )
        assert cached is None
    finally:
        missing.with_suffix(".bak").rename(missing)


def test_a_new_build_replaces_the_cache(visited, site):
    (old_cache,) = visited.evaluate(CACHE_NAMES)
    manifest = json.loads((site.root / "precache.json").read_text())
    new_hash = "f" * 64
    for name in ("precache.json", "sw.js"):
        path = site.root / name
        path.write_text(path.read_text().replace(manifest["hash"], new_hash))
        for sibling in (path.with_name(name + ".gz"), path.with_name(name + ".br")):
            sibling.unlink(missing_ok=True)
    reload_and_wait(visited)
    replaced = visited.evaluate(
        """async ([newHash, timeout]) => {
            for (const until = performance.now() + timeout; performance.now() < until;) {
                const names = (await caches.keys()).filter((n) => n.startsWith('asyncio-playground:'));
                if (names.length === 1 && names[0].endsWith(newHash)) return true;
                await new Promise((r) => setTimeout(r, 100));
            }
            return false;
        }""",
        [new_hash, LOAD_TIMEOUT_MS],
    )
    assert replaced, visited.evaluate(CACHE_NAMES)
    assert old_cache.endswith(manifest["hash"])
    # A deploy drops the memory snapshot too: it holds the previous build's Python.
    snapshots = visited.evaluate(
        """async () => { const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground-snapshot:'));
             return name ? (await (await caches.open(name)).keys()).length : 0; }"""
    )
    assert snapshots == 0


# --------------------------------------------------------------------------
# precompressed files (build.py's server)


def fetch(url: str, accept: str | None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read()


@pytest.mark.parametrize("path", ["", "main.js", "pyodide/pyodide.asm.wasm", "pyodide/pyodide-lock.json"])
def test_precompressed_responses_decode_to_the_file(server, path):
    original = (DIST / (path or "index.html")).read_bytes()
    headers, body = fetch(server + path, "gzip")
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == original
    plain_headers, plain = fetch(server + path, None)
    assert "Content-Encoding" not in plain_headers
    assert plain_headers["Content-Type"] == headers["Content-Type"]
    assert plain == original
    brotli = pytest.importorskip("brotli")
    headers, body = fetch(server + path, "gzip, deflate, br")
    assert headers["Content-Encoding"] == "br"
    assert headers["Content-Type"] == plain_headers["Content-Type"]
    assert brotli.decompress(body) == original


def test_incompressible_files_are_sent_as_they_are(server):
    headers, body = fetch(server + "pyodide/python_stdlib.zip", "br, gzip")
    assert "Content-Encoding" not in headers
    assert body == (DIST / "pyodide" / "python_stdlib.zip").read_bytes()


def test_the_browser_gets_compressed_bytes_and_decodes_them(page, server):
    page.goto(server + "build-info.json")
    sizes = page.evaluate(
        """async () => {
            const text = await (await fetch('main.js', { cache: 'no-store' })).text();
            const [entry] = performance.getEntriesByName(new URL('main.js', location.href).href);
            return { length: new TextEncoder().encode(text).length, encoded: entry.encodedBodySize, decoded: entry.decodedBodySize };
        }"""
    )
    assert sizes["length"] == (DIST / "main.js").stat().st_size
    assert sizes["decoded"] == sizes["length"]
    assert sizes["encoded"] < sizes["decoded"] / 2, sizes


def test_precache_manifest_lists_this_builds_files():
    manifest = json.loads((DIST / "precache.json").read_text())
    build_hash = json.loads((DIST / "build-info.json").read_text())["hash"]
    assert manifest["hash"] == build_hash
    assert build_hash in (DIST / "sw.js").read_text()
    for path in ("index.html", "main.js", "worker.js", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip"):
        assert path in manifest["precache"]
    listed = manifest["precache"] + manifest["onDemand"]
    assert any(path.startswith("pyodide/aiohttp-") for path in manifest["onDemand"])
    assert not [p for p in listed if p.endswith((".map", ".br", ".gz")) or p in ("bare.html", "sw.js")]
    assert all((DIST / path).is_file() for path in listed)
    for path, digest in manifest["sha256"].items():
        assert sha256_file(DIST / path) == digest, path


def test_precompressed_responses_revalidate(server):
    headers, _ = fetch(server + "main.js", "br, gzip")
    request = urllib.request.Request(server + "main.js", headers={
        "Accept-Encoding": "br, gzip", "If-Modified-Since": headers["Last-Modified"]})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=30)
    assert answer.value.code == 304
    assert answer.value.headers["Vary"] == "Accept-Encoding"

"""Smoke test: the built page loads Python, runs a program, and stays on 127.0.0.1.

Plus the HTTP contract of build.py's server (headers, MIME types, 404s), which
needs dist/ but no browser.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest


def off_origin(requests: list[str], origin: str) -> list[str]:
    """The request URLs that went anywhere but `origin` (data: and blob: are local)."""
    return [
        url for url in requests
        if not (url == origin or url.startswith(origin + "/") or url.startswith(("data:", "blob:")))
    ]


@pytest.mark.browser
def test_page_runs_hello_and_stays_local(page, server, open_playground):
    from playwright.sync_api import expect

    open_playground(page, server)

    expect(page.get_by_test_id("run")).to_be_enabled(timeout=30_000)

    result = page.evaluate("code => window.playground.run(code)", 'print("hello")')
    assert result["stdout"] == "hello\n", result
    assert result["ok"] is True, result
    assert result["stderr"] == "", result

    assert page.requests, "no request was recorded"
    assert off_origin(page.requests, server.origin) == [], "requests left 127.0.0.1"


def fetch(url: str, method: str = "GET"):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("", "text/html; charset=utf-8"),
        ("index.html", "text/html; charset=utf-8"),
        ("main.js", "text/javascript; charset=utf-8"),
        ("worker.js", "text/javascript; charset=utf-8"),
        ("pyodide/pyodide.mjs", "text/javascript; charset=utf-8"),
        ("pyodide/pyodide.asm.wasm", "application/wasm"),
        ("pyodide/pyodide-lock.json", "application/json"),
        ("pyodide/python_stdlib.zip", "application/zip"),
        ("build-info.json", "application/json"),
    ],
)
def test_server_headers_and_types(server, path, content_type):
    status, headers, _ = fetch(server + path, method="HEAD")
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Embedder-Policy"] == "require-corp"
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert headers["Cache-Control"] == "no-cache"


def test_server_without_isolation_omits_coop_coep(server_no_isolation):
    status, headers, _ = fetch(server_no_isolation + "pyodide/pyodide.asm.wasm", method="HEAD")
    assert status == 200
    assert headers["Content-Type"] == "application/wasm"
    assert "Cross-Origin-Opener-Policy" not in headers
    assert "Cross-Origin-Embedder-Policy" not in headers
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"


@pytest.mark.parametrize("path", ["missing.js", "pyodide/", "pyodide", "../build.py", "%2e%2e/build.py"])
def test_server_404_without_listing_or_traversal(server, path):
    status, headers, body = fetch(server + path)
    assert status == 404, body[:200]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_lock_lists_exactly_the_hosted_wheels(server):
    status, _, body = fetch(server + "pyodide/pyodide-lock.json")
    assert status == 200
    lock = json.loads(body)
    assert {"asyncio-playground", "micropip", "aiohttp"} <= set(lock["packages"])
    for name, spec in lock["packages"].items():
        assert fetch(server + "pyodide/" + spec["file_name"], method="HEAD")[0] == 200, name

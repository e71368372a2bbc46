"""Screenshots of the seed examples' task timelines for the README (docs/timeline-*.png).

    .venv/bin/python -m tools.timeline_screenshots [EXAMPLE_ID ...]

Serves a private copy of dist/ (build it first), runs each example in headless Chromium
with the timeline on, and saves the output pane (console, hints, timeline).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.devserver import make_server

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = [
    "coroutine-run", "tasks-modern", "gather", "ex1-async-incorrect-modern",
    "ex1-async-correct-modern", "ex2", "ex2-fixed", "ex3-aiohttp",
]


def shoot(page, example: str) -> Path:
    page.evaluate("id => window.playground.loadExample(id)", example)
    if example == "ex3-aiohttp":  # a server runs until Stop: send it requests, then look
        page.evaluate("() => { window.__run = window.playground.run(); }")
        for path in ("/", "/Alice", "/Bob"):
            page.evaluate("path => window.playground.request({method: 'GET', path})", path)
        page.wait_for_timeout(400)
    else:
        page.evaluate("() => window.playground.run()")
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    out = DOCS / f"timeline-{example}.png"
    page.locator(".pane-console").screenshot(path=str(out))
    if example == "ex3-aiohttp":
        page.evaluate("() => window.playground.stop()")
    return out


def main(examples: list[str]) -> None:
    DOCS.mkdir(exist_ok=True)
    site = Path(tempfile.mkdtemp()) / "dist"
    shutil.copytree(ROOT / "dist", site)  # dist/ may be rebuilt meanwhile
    server = make_server("127.0.0.1", 0, directory=site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1500, "height": 980}, locale="en-US")
            page.add_init_script("localStorage.setItem('asyncio-playground:timeline', 'on')")
            page.goto(server.url)
            page.wait_for_function("() => window.playground", timeout=90_000)
            page.evaluate("() => window.playground.ready")
            for example in examples:
                print(shoot(page, example).relative_to(ROOT))
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(site.parent, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:] or EXAMPLES)

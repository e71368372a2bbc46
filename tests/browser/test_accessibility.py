"""axe-core finds no serious or critical violation on any page or state a student sees.

axe-core comes from npm (a dev dependency) and is injected by Playwright; each state is
checked in light and dark mode: the playground ready, after a run with hints and the
timeline, with the server panel, with the compare view; the lesson page; embed mode.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOAD_TIMEOUT_MS = 90_000
SERIOUS = ("serious", "critical")

HINTED = """import asyncio, time

async def worker(n):
    time.sleep(0.05)
    print(n)

async def main():
    await asyncio.gather(worker(1), worker(2))
    print(1 / 0)

asyncio.run(main())
"""
SERVER = """import asyncio

async def handle(reader, writer):
    writer.write(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok")
    await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(handle, "0.0.0.0", 8080)
    async with server:
        await server.serve_forever()

asyncio.run(main())
"""


def violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # The pages' CSP allows no inline script: axe is evaluated through DevTools instead.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact,
            nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\\n').slice(0, 2).join(' ')}`),
          }));
        }"""
    )
    return [v for v in found if v["impact"] in SERIOUS]


def assert_clean(page, state: str) -> None:
    found = violations(page)
    assert found == [], f"{state}: " + json.dumps(found, indent=1, ensure_ascii=False)


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    return request.param


@pytest.fixture
def themed_page(browser, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def test_the_playground_has_no_serious_violation(themed_page, server, scheme, open_playground):
    page = themed_page
    open_playground(page, server.url + "index.html?lang=en")
    assert_clean(page, f"ready ({scheme})")

    page.get_by_test_id("timeline-toggle").click()
    page.evaluate("(code) => window.playground.run(code)", HINTED)
    page.get_by_test_id("hint-card").first.wait_for()
    page.get_by_test_id("traceback-fold").first.click()  # folded frames shown too
    assert_clean(page, f"after a run with hints and the timeline ({scheme})")

    page.evaluate("(code) => { window.__run = window.playground.run(code); }", SERVER)
    page.get_by_test_id("server-panel").wait_for()
    page.evaluate("() => window.playground.request({mode: 'raw', text: 'hi', eof: true})")
    assert_clean(page, f"server panel ({scheme})")
    page.evaluate("() => window.playground.stop()")

    page.evaluate("() => window.playground.compare('print(\"same\")')")
    page.get_by_test_id("compare-view").wait_for()
    assert_clean(page, f"compare view ({scheme})")

    page.get_by_test_id("stdin-box").locator("summary").click()  # the Input box, opened
    page.evaluate("() => { window.__run = window.playground.run('print(input(\\'name? \\'))'); }")
    page.get_by_test_id("stdin-input").wait_for()  # a program waits for input: the input line
    assert_clean(page, f"waiting for input ({scheme})")
    page.evaluate("() => window.playground.stop()")
    assert page.errors == []


def test_french_and_embed_mode_have_no_serious_violation(themed_page, server, scheme, open_playground):
    page = themed_page
    open_playground(page, server.url + "index.html?lang=fr")
    page.evaluate("() => window.playground.run('print(\"bonjour\")')")
    assert_clean(page, f"French, after a run ({scheme})")
    open_playground(page, server.url + "index.html?embed=1&lang=en#example=hello")
    assert_clean(page, f"embed mode ({scheme})")
    page.evaluate("() => window.playground.run()")
    assert_clean(page, f"embed mode after a run ({scheme})")
    assert page.errors == []


def test_the_lesson_has_no_serious_violation(themed_page, server, scheme):
    page = themed_page
    page.goto(server.url + "lesson.html?lang=en")
    page.get_by_test_id("lesson-block").first.wait_for()
    assert_clean(page, f"lesson ({scheme})")
    block = page.get_by_test_id("lesson-block").first
    block.get_by_test_id("snippet-run").click()
    page.wait_for_function(
        "() => ['done', 'failed'].includes(document.querySelector('[data-testid=lesson-block]').dataset.state)",
        timeout=LOAD_TIMEOUT_MS,
    )
    assert_clean(page, f"lesson after a run ({scheme})")
    assert page.errors == []


def test_the_phone_layout_has_no_serious_violation(browser, server, scheme, open_playground):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_playground(page, server.url + "index.html?lang=fr")
        page.evaluate("() => window.playground.run('print(1 / 0)')")
        page.get_by_test_id("tab-output").click()
        assert_clean(page, f"phone, French, after a failed run ({scheme})")
    finally:
        context.close()

""""It will never finish" in the page: the console says the run is stuck, a hint says on what, Stop ends it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STUCK = """import asyncio

async def waiter(ready):
    await ready.wait()
    print("never")

async def main():
    ready = asyncio.Event()
    await asyncio.create_task(waiter(ready))

asyncio.run(main())
"""


def test_a_stuck_program_says_so_and_stops(ready_page):
    page = ready_page
    page.evaluate("code => { window.__run = window.playground.run(code); }", STUCK)
    console = page.get_by_test_id("console")
    expect(console).to_contain_text("[stuck: every task (2) waits")
    card = page.locator('[data-testid="hint-card"][data-hint-id="stuck"]')
    expect(card).to_contain_text("waits for Event.wait() at line 4; nobody calls set()")
    assert page.evaluate("() => window.playground.isRunning()")  # CPython hangs too: it is still running
    page.evaluate("() => window.playground.stop()")
    result = page.evaluate("() => window.__run")
    assert result["stopped"] and not result["restarted"]

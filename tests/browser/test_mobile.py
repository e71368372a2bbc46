"""The page on a phone: Chromium with a 390×844 touch viewport (an iPhone 12–15's size).

Nothing may overflow sideways, Run and Stop must be reachable and big enough to tap,
the editor must take typing and the console must show the output. The last test
draws docs/mobile.png (two phone screens: the code, then its output) when
ASYNCIO_PLAYGROUND_SCREENSHOTS=1; otherwise into pytest's temporary directory.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PHONE_WIDTH = 390
PHONE = {
    "viewport": {"width": PHONE_WIDTH, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-US",
}
MIN_TAP_PX = 44  # Apple's guideline (WCAG 2.5.8 asks for 24 px); styles.css gives touch screens 44
CONTROLS = ["examples", "run", "stop", "clear", "editor", "console"]

# A phone widens its layout viewport (and zooms out) to fit content wider than the
# screen, so innerWidth alone would grow with the overflow: compare with PHONE_WIDTH too.
OVERFLOW = """() => ({
  scrollWidth: document.scrollingElement.scrollWidth,
  innerWidth: window.innerWidth,
  outside: [...document.querySelectorAll('body *')]
    .filter((el) => el.getClientRects().length && getComputedStyle(el).position !== 'fixed')
    .filter((el) => !el.closest('.cm-scroller, .console, [hidden]'))  // these scroll inside
    .filter((el) => { const r = el.getBoundingClientRect(); return r.left < -0.5 || r.right > innerWidth + 0.5; })
    .map((el) => el.dataset.testid || el.className || el.tagName),
})"""


@pytest.fixture(scope="module")
def phone(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_function("() => window.playground && window.playground.ready", timeout=30_000)
    page.evaluate("() => window.playground.ready")
    yield page
    context.close()


@pytest.fixture
def idle_phone(phone):
    phone.evaluate("async () => { if (window.playground.isRunning()) await window.playground.stop(); }")
    phone.evaluate("() => window.scrollTo(0, 0)")
    return phone


def test_nothing_overflows_sideways(idle_phone):
    layout = idle_phone.evaluate(OVERFLOW)
    assert layout["scrollWidth"] <= layout["innerWidth"] == PHONE_WIDTH, layout
    assert layout["outside"] == [], layout
    for testid in CONTROLS:
        box = idle_phone.get_by_test_id(testid).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, (testid, box)


def test_run_and_stop_are_big_enough_to_tap(idle_phone):
    for testid in ["run", "stop"]:
        box = idle_phone.get_by_test_id(testid).bounding_box()
        assert box["height"] >= MIN_TAP_PX and box["width"] >= MIN_TAP_PX, (testid, box)


def test_editor_takes_typing(idle_phone):
    page = idle_phone
    page.evaluate("() => window.playground.setCode('')")
    page.locator("[data-testid=editor] .cm-content").tap()
    page.keyboard.type("print('typed on a phone')")
    assert page.evaluate("() => window.playground.getCode()") == "print('typed on a phone')"


def test_tapping_run_brings_the_output_into_view(idle_phone):
    page = idle_phone
    page.evaluate("() => window.playground.setCode('for i in range(3):\\n    print(\"line\", i)')")
    page.get_by_test_id("run").tap()
    page.wait_for_function("() => document.querySelector('[data-testid=console]').textContent.includes('line 2')")
    box = page.get_by_test_id("console").bounding_box()  # relative to the viewport
    assert box["y"] < PHONE["viewport"]["height"] and box["y"] + box["height"] > 0, box
    layout = page.evaluate(OVERFLOW)
    assert layout["scrollWidth"] <= layout["innerWidth"] == PHONE_WIDTH, layout  # output does not widen the page


def test_stop_is_reachable_while_a_program_runs(idle_phone):
    page = idle_phone
    page.evaluate("() => window.playground.setCode('print(\"spinning\", flush=True)\\nwhile True:\\n    pass')")
    page.get_by_test_id("run").tap()
    page.wait_for_function("() => window.playground.output().stdout.includes('spinning')")
    stop = page.get_by_test_id("stop")
    stop.scroll_into_view_if_needed()
    stop.tap()
    page.wait_for_function("() => !window.playground.isRunning()", timeout=30_000)
    assert page.get_by_test_id("elapsed").inner_text().startswith("Stopped after")


def test_phone_screenshot(idle_phone, tmp_path):
    """Two phone screens side by side: the example's code, then its output after Run."""
    page = idle_phone
    page.evaluate("() => window.playground.loadExample('gather')")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    code_shot = page.screenshot()
    page.get_by_test_id("run").tap()
    page.wait_for_function("() => !window.playground.isRunning() && window.playground.output().stdout")
    page.wait_for_function("() => document.querySelector('[data-testid=console]').textContent.includes('Tâche 3] Tâche')")
    page.get_by_test_id("console").evaluate("el => el.scrollIntoView({block: 'end'})")
    output_shot = page.screenshot()

    target = (
        ROOT / "docs" / "mobile.png" if os.environ.get("ASYNCIO_PLAYGROUND_SCREENSHOTS") == "1"
        else tmp_path / "mobile.png"
    )
    compose_side_by_side(page.context.browser, [code_shot, output_shot], target)
    assert target.stat().st_size > 20_000


def compose_side_by_side(browser, shots: list[bytes], target: Path) -> None:
    """Lays PNG screenshots out in a row, each framed like a phone, into `target`."""
    images = "".join(
        f'<img src="data:image/png;base64,{base64.b64encode(shot).decode()}">' for shot in shots
    )
    html = (
        "<!doctype html><style>"
        "body{margin:0;display:inline-flex;gap:36px;padding:36px;background:#dfe3ea}"
        "img{width:390px;height:844px;border:10px solid #1d2129;border-radius:44px;"
        "box-shadow:0 14px 36px rgba(20,30,50,.28);background:#fff}"
        f"</style>{images}"
    )
    context = browser.new_context(viewport={"width": 100, "height": 100}, device_scale_factor=2)
    try:
        sheet = context.new_page()
        sheet.set_content(html)
        target.parent.mkdir(parents=True, exist_ok=True)
        sheet.locator("body").screenshot(path=str(target))
    finally:
        context.close()

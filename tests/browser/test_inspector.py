"""Pause and step in the page (Inspect): step through seed Example 1 and the gather example,
Step callback, Continue to line, Stop while paused, then a rerun; the screenshot of the README."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

START = "(options) => { window.__run = window.playground.run(undefined, options); return true; }"
PAUSED = "(n) => window.playground.inspectorState() && window.playground.inspectorState().iteration >= n"


def start(page, example, **options):
    page.evaluate("id => window.playground.loadExample(id)", example)
    page.evaluate(START, {"inspect": True, **options})


def wait_paused(page, iteration=1):
    page.wait_for_function(PAUSED, arg=iteration)
    return page.evaluate("() => window.playground.inspectorState()")


def texts(page, testid):
    return [t.strip() for t in page.get_by_test_id(testid).all_inner_texts()]


def finish(page):
    return page.evaluate("() => window.__run")


@pytest.fixture
def inspect_page(ready_page):
    page = ready_page
    toggle = page.get_by_test_id("inspect-toggle")
    if toggle.get_attribute("aria-pressed") != "true":
        toggle.click()
    yield page
    if page.evaluate("() => window.playground.isRunning()"):
        page.evaluate("() => window.playground.stop()")
    if toggle.get_attribute("aria-pressed") == "true":
        toggle.click()
    page.get_by_test_id("lang").select_option("en")


def test_stepping_the_gather_example(inspect_page):
    page = inspect_page
    start(page, "gather", clock="virtual")
    wait_paused(page, 1)
    expect(page.get_by_test_id("inspector-status")).to_contain_text("Paused before iteration 1")
    assert texts(page, "inspector-ready-item") == ["Task-1 · main() starts at line 11"]
    assert page.evaluate("() => document.querySelector('.cm-line[data-next-line]') !== null")
    page.get_by_test_id("inspector-step").click()
    wait_paused(page, 2)
    assert texts(page, "inspector-ready-item") == [
        "Task-2 · task() starts at line 4", "Task-3 · task() starts at line 4", "Task-4 · task() starts at line 4"]
    main = page.locator('[data-testid="inspector-task"][data-task="Task-1"]')
    expect(main).to_contain_text("awaits gather of Task-2, Task-3, Task-4 at line 12")
    page.keyboard.press("F10")  # Step, from the keyboard
    wait_paused(page, 3)
    expect(page.get_by_test_id("inspector-selector")).to_have_text(
        "Nothing is ready: the selector will wait 1.000 s for the next timer.")
    assert texts(page, "inspector-timer") == [
        "+1.000 s Task-3 wakes from sleep(1)", "+2.000 s Task-2 wakes from sleep(2)",
        "+3.000 s Task-4 wakes from sleep(3)"]
    task3 = page.locator('[data-testid="inspector-task"][data-task="Task-3"]')
    expect(task3).to_have_attribute("data-state", "waiting")
    expect(task3).to_contain_text("awaits sleep(1) at line 7")
    expect(task3.get_by_test_id("inspector-task-chain")).to_contain_text("task() line 7 (awaited by Task-1)")
    page.get_by_test_id("inspector-step").click()
    wait_paused(page, 4)
    assert texts(page, "inspector-ready-item") == ["Task-3 · task() resumes at line 7"]
    expect(page.get_by_test_id("inspector-status")).to_contain_text("1.000 s")
    task3.get_by_test_id("inspector-task-name").click()  # shows its line in the editor
    assert page.evaluate("() => document.querySelector('[data-testid=editor-marked-line]') !== null")
    page.get_by_test_id("inspector-continue").click()
    result = finish(page)
    assert result["ok"] and "Tâche terminée après 3.00 secondes" in result["stdout"]
    expect(page.get_by_test_id("inspector-status")).to_have_text("The run has ended.")


def test_example_1_step_callback_and_continue_to_line(inspect_page):
    page = inspect_page
    start(page, "ex1-async-correct-modern", clock="virtual")
    wait_paused(page, 1)
    page.get_by_test_id("inspector-step").click()
    wait_paused(page, 2)
    assert texts(page, "inspector-ready-item") == ["Task-2 · sum() starts at line 8", "Task-3 · sum() starts at line 8"]
    page.get_by_test_id("inspector-step-callback").click()
    page.wait_for_function("() => window.playground.inspectorState()?.where === 'callback'")
    expect(page.get_by_test_id("inspector-status")).to_contain_text("Paused before a callback of iteration 2")
    page.get_by_test_id("inspector-line").fill("6")
    page.get_by_test_id("inspector-continue-to-line").click()
    page.wait_for_function("() => window.playground.inspectorState()?.where === 'line'")
    state = page.evaluate("() => window.playground.inspectorState()")
    assert state["nextLine"] == 6 and state["time"] == 1.0
    assert texts(page, "inspector-ready-item")[0].endswith("resumes at line 6")
    page.get_by_test_id("inspector-continue").click()
    assert finish(page)["stdout"].rstrip().endswith("Time: 3.00 sec")


def test_example_1_incorrect_shows_no_overlap(inspect_page):
    page = inspect_page
    start(page, "ex1-async-incorrect-modern", clock="virtual")
    wait_paused(page, 1)
    page.get_by_test_id("inspector-step").click()
    wait_paused(page, 2)
    page.get_by_test_id("inspector-step-callback").click()
    page.wait_for_function("() => window.playground.inspectorState()?.where === 'callback'")
    assert texts(page, "inspector-ready-item")[0] == "Task-2 · sum() starts at line 8"
    page.get_by_test_id("inspector-step-callback").click()
    page.wait_for_function("() => window.playground.inspectorState()?.ready[0]?.task === 'Task-3'")
    # time.sleep blocked the loop inside Task-2's one step: its whole sum, 2 virtual seconds
    assert page.evaluate("() => window.playground.inspectorState().time") == 2.0
    assert texts(page, "inspector-ready-item") == [  # Task-2 is done: gather hears of it after Task-3
        "Task-3 · sum() starts at line 8", "gather._done_callback(<future>) · for Task-1"]
    page.get_by_test_id("inspector-continue").click()
    assert finish(page)["stdout"].rstrip().endswith("Time: 5.00 sec")


def test_stop_while_paused_then_run_again(inspect_page):
    page = inspect_page
    start(page, "gather")
    wait_paused(page, 1)
    page.get_by_test_id("inspector-stop").click()
    result = finish(page)
    assert result["stopped"] and not result["restarted"]
    page.evaluate("id => window.playground.loadExample(id)", "gather")
    page.get_by_test_id("reset").click()
    again = page.evaluate("() => window.playground.run(undefined, {inspect: false, clock: 'virtual'})")
    assert again["ok"] and "après 3.00 secondes" in again["stdout"]


def test_screenshots_of_the_paused_gather_example(inspect_page):
    page = inspect_page
    page.set_viewport_size({"width": 1280, "height": 860})
    start(page, "gather", clock="virtual")
    wait_paused(page, 1)
    for n in (2, 3, 4):
        page.get_by_test_id("inspector-step").click()
        wait_paused(page, n)
    page.get_by_test_id("inspector-line").fill("")
    page.screenshot(path="docs/inspector.png")
    page.get_by_test_id("lang").select_option("fr")
    expect(page.get_by_test_id("inspector-status")).to_contain_text("En pause avant l’itération 4")
    expect(page.get_by_test_id("inspector-ready-item").first).to_have_text("Task-3 · task() reprend à la ligne 7")
    page.screenshot(path="docs/inspector-fr.png")
    page.get_by_test_id("inspector-continue").click()
    assert finish(page)["ok"]
    page.set_viewport_size({"width": 1280, "height": 720})


def test_the_paused_inspector_has_no_serious_accessibility_violation(inspect_page):
    from test_accessibility import violations

    page = inspect_page
    start(page, "gather", clock="virtual")
    wait_paused(page, 1)
    page.get_by_test_id("inspector-step").click()
    wait_paused(page, 2)
    assert violations(page) == []
    page.get_by_test_id("inspector-step").focus()  # the controls are reachable by Tab
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "inspector-step-callback"
    page.get_by_test_id("inspector-continue").click()
    assert finish(page)["ok"]

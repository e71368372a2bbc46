"""Seeing the event loop: the task timeline, the pitfall hints and the FR/EN switch, in the page."""

import textwrap

import pytest

from cases.hints import CASES  # the same snippets and correct twins as under CPython

pytestmark = pytest.mark.browser


LANES = """() => [...document.querySelectorAll('[data-testid="timeline"] g.tl-lane')].map((g) => ({
  lane: g.dataset.lane, label: g.querySelector('.tl-label').textContent, state: g.dataset.state ?? null,
  spans: [...g.querySelectorAll('rect[data-kind]')].map((r) => ({
    kind: r.dataset.kind, what: r.dataset.what ?? null, start: +r.dataset.start, end: +r.dataset.end })),
}))"""


def timeline_on(page, on=True):
    toggle = page.get_by_test_id("timeline-toggle")
    if (toggle.get_attribute("aria-pressed") == "true") != on:
        toggle.click()
    assert toggle.get_attribute("aria-pressed") == ("true" if on else "false")


def run_example(page, example_id):
    page.evaluate("id => window.playground.loadExample(id)", example_id)
    return page.evaluate("() => window.playground.run()")


def sum_lanes(page):
    lanes = page.evaluate(LANES)
    return [lane for lane in lanes if lane["label"].endswith("· sum")]


def test_example_1_correct_shows_waits_side_by_side(ready_page):
    page = ready_page
    timeline_on(page)
    run_example(page, "ex1-async-correct-modern")
    a, b = sum_lanes(page)
    sleeps = [[s for s in lane["spans"] if s["kind"] == "wait" and s["what"] == "sleep"] for lane in (a, b)]
    assert [len(s) for s in sleeps] == [2, 3]  # A sleeps twice, B three times
    for span in sleeps[0] + sleeps[1]:
        assert 700 <= span["end"] - span["start"] <= 1600  # ≈1 s each
    for first_a, first_b in zip(sleeps[0], sleeps[1]):  # A and B wait at the same time
        assert abs(first_a["start"] - first_b["start"]) < 200
        assert first_a["start"] < first_b["end"] and first_b["start"] < first_a["end"]
    assert not any(s["kind"] == "block" for lane in (a, b) for s in lane["spans"])
    assert a["state"] == b["state"] == "done"
    summary = page.get_by_test_id("timeline-summary").inner_text()
    assert summary.startswith("3 tasks")


def test_example_1_incorrect_shows_blocks_one_after_the_other(ready_page):
    page = ready_page
    timeline_on(page)
    run_example(page, "ex1-async-incorrect-modern")
    a, b = sum_lanes(page)
    blocks = [[s for s in lane["spans"] if s["kind"] == "block"] for lane in (a, b)]
    assert [len(x) for x in blocks] == [2, 3]
    for span in blocks[0] + blocks[1]:
        assert 700 <= span["end"] - span["start"] <= 1600
    assert max(s["end"] for s in blocks[0]) <= min(s["start"] for s in blocks[1])  # sequential
    assert not any(s["kind"] == "wait" and s["what"] == "sleep" for lane in (a, b) for s in lane["spans"])
    hint = page.get_by_test_id("hints").locator("[data-hint-id]")
    assert hint.get_attribute("data-hint-id") == "blocking-sleep" and hint.get_attribute("data-line") == "6"


def test_hovering_a_span_says_what_it_was(ready_page):
    page = ready_page
    timeline_on(page)
    run_example(page, "ex1-async-correct-modern")
    page.locator('[data-testid="timeline"] rect[data-kind="wait"][data-what="sleep"]').first.hover()
    tip = page.get_by_test_id("timeline-tooltip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "await asyncio.sleep(1) — line 6" in text
    assert "Waiting on a sleep" in text
    run_example(page, "ex1-async-incorrect-modern")
    page.locator('[data-testid="timeline"] rect[data-kind="block"]').first.hover()
    assert "time.sleep(1) — line 6" in tip.inner_text()
    assert "Blocking call" in tip.inner_text()


def test_the_timeline_fills_in_while_the_program_runs(ready_page):
    page = ready_page
    timeline_on(page)
    page.evaluate("id => window.playground.loadExample(id)", "gather")
    page.evaluate("() => { window.__run = window.playground.run(); }")
    page.wait_for_function("""() => document.querySelectorAll(
        '[data-testid="timeline"] rect[data-what="sleep"]').length >= 3""")
    assert page.evaluate("() => window.playground.isRunning()")  # seen before the end of the run
    assert page.get_by_test_id("timeline").get_attribute("data-state") == "live"
    page.evaluate("() => window.__run")
    assert page.get_by_test_id("timeline").get_attribute("data-state") == "done"


def test_toggle_off_hides_the_timeline(ready_page):
    page = ready_page
    timeline_on(page, False)
    page.evaluate("() => window.playground.run('print(1)')")
    assert page.get_by_test_id("timeline").is_hidden()
    assert page.get_by_test_id("console").is_visible()
    timeline_on(page)
    assert page.get_by_test_id("timeline").is_visible()


def test_a_thousand_tasks_stay_readable(ready_page):
    page = ready_page
    timeline_on(page)
    page.evaluate("""() => window.playground.run(
        'import asyncio\\nasync def w(n):\\n    await asyncio.sleep(0.01 * (n % 5))\\n'
        + 'async def main():\\n    await asyncio.gather(*(w(n) for n in range(1200)))\\nasyncio.run(main())\\n')""")
    lanes = page.evaluate(LANES)
    assert len(lanes) == 501  # main + 499 tasks, then one lane for the rest
    assert lanes[-1]["lane"] == "more" and lanes[-1]["label"] == "+701 more tasks"
    assert page.get_by_test_id("timeline-summary").inner_text().startswith("1201 tasks")


@pytest.mark.parametrize("hint_id", sorted(CASES))
def test_hint_fires_on_its_snippet_and_not_on_the_twin(ready_page, hint_id):
    page = ready_page
    timeline_on(page, False)
    code, line, twin = (textwrap.dedent(text) if isinstance(text, str) else text for text in CASES[hint_id])
    page.evaluate("code => window.playground.run(code)", code)
    cards = page.get_by_test_id("hints").locator("[data-hint-id]")
    assert [(c.get_attribute("data-hint-id"), c.get_attribute("data-line")) for c in cards.all()] == [
        (hint_id, str(line))
    ]
    assert page.get_by_test_id("hints").is_visible()
    page.evaluate("code => window.playground.run(code)", twin)
    assert cards.count() == 0
    assert page.get_by_test_id("hints").is_hidden()


def test_clicking_a_hint_moves_the_editor_cursor(ready_page):
    page = ready_page
    code, line, _ = CASES["never-awaited"]
    page.evaluate("code => window.playground.run(code)", textwrap.dedent(code))
    card = page.get_by_test_id("hints").locator("[data-hint-id='never-awaited']")
    assert "never awaited" in card.inner_text()
    card.get_by_test_id("hint-line").click()
    assert page.locator("[data-testid=editor] .cm-lineNumbers .cm-activeLineGutter").inner_text() == str(line)


def test_language_switch_changes_the_ui_and_is_remembered(page, server, open_playground):
    open_playground(page, server.url)
    run_label = page.get_by_test_id("run").locator("[data-i18n=run]")
    assert run_label.inner_text() == "Run"
    code, _, _ = CASES["blocking-sleep"]
    page.evaluate("code => window.playground.run(code)", textwrap.dedent(code))
    timeline_on(page)
    page.get_by_test_id("lang").select_option("fr")
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    assert run_label.inner_text() == "Exécuter"
    assert page.get_by_test_id("timeline-toggle").inner_text() == "Chronologie"
    assert page.get_by_test_id("hints").locator(".hint-title").inner_text() == "time.sleep() bloque la boucle d’événements"
    assert "Ligne 4" in page.get_by_test_id("hint-line").inner_text()
    page.evaluate("id => window.playground.loadExample(id)", "gather")
    assert page.get_by_test_id("example-description").inner_text().startswith("Trois tâches attendent")
    page.reload()
    page.wait_for_function("() => window.playground && document.documentElement.lang === 'fr'")
    assert page.get_by_test_id("lang").input_value() == "fr"
    assert page.get_by_test_id("timeline-toggle").get_attribute("aria-pressed") == "true"
    page.get_by_test_id("lang").select_option("en")
    assert run_label.inner_text() == "Run"
    assert page.get_by_test_id("example-description").inner_text().startswith("Three tasks wait")

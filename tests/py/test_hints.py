"""Pitfall hints under CPython: each fires on its mistake, at its line, and never on the fix."""

import sys

import pytest

from cases.examples import seed_examples
from cases.hints import CASES
from cases.timeline import run_timeline

PY314 = sys.version_info >= (3, 14)

@pytest.fixture(autouse=True)
def no_requests(monkeypatch):
    """As in the browser: the requests package is not there."""
    monkeypatch.setitem(sys.modules, "requests", None)


def hint_ids(outcome) -> list[tuple[str, int]]:
    return [(hint["id"], hint["line"]) for hint in outcome.hints]


@pytest.mark.parametrize("hint_id", sorted(CASES))
def test_hint_fires_on_the_mistake(hint_id):
    code, line, _ = CASES[hint_id]
    assert hint_ids(run_timeline(code, timeline=False)) == [(hint_id, line)]


@pytest.mark.parametrize("hint_id", sorted(CASES))
def test_no_hint_on_the_correct_twin(hint_id):
    outcome = run_timeline(CASES[hint_id][2], timeline=False)
    assert outcome.hints == [], outcome.stderr


@pytest.mark.parametrize("hint_id", ["blocking-sleep", "blocking-step", "task-unfinished"])
def test_same_hints_with_the_timeline_on(hint_id):
    code, line, twin = CASES[hint_id]
    assert hint_ids(run_timeline(code)) == [(hint_id, line)]
    assert run_timeline(twin).hints == []


def test_each_hint_says_what_why_and_fix_in_english_and_french():
    for hint_id, (code, _, _) in CASES.items():
        (hint,) = run_timeline(code, timeline=False).hints
        for lang in ("en", "fr"):
            assert set(hint[lang]) == {"title", "what", "why", "fix"}, (hint_id, lang)
            assert all(text.strip() for text in hint[lang].values()), (hint_id, lang)
        assert hint["en"]["what"] != hint["fr"]["what"]


def test_blocking_sleep_hint_in_words():
    (hint,) = run_timeline(CASES["blocking-sleep"][0], timeline=False).hints
    assert hint["en"]["what"].startswith("Line 4: `time.sleep(0.2)` stopped the whole program for 0.2 s")
    assert hint["fr"]["what"].startswith("Ligne 4 : `time.sleep(0.2)` a arrêté tout le programme")
    assert "`await asyncio.sleep(0.2)`" in hint["en"]["fix"]


def test_a_hint_is_given_once_per_line():
    code = """
        import asyncio, time
        async def main():
            for _ in range(5):
                time.sleep(0.01)
        asyncio.run(main())
    """
    assert hint_ids(run_timeline(code, timeline=False)) == [("blocking-sleep", 5)]


def test_a_long_computation_alone_is_not_a_pitfall():
    code = """
        import asyncio
        async def main():
            print(sum(i * i for i in range(2_000_000)) > 0)
        asyncio.run(main())
    """
    assert run_timeline(code, timeline=False).hints == []


def test_synchronous_code_gets_no_hint():
    assert run_timeline(seed_examples()["ex1-sync"], timeline=False).hints == []


SEED_HINTS = {
    "coroutine-run": [], "tasks-modern": [], "gather": [], "ex1-async-correct-modern": [],
    "ex2-fixed": [], "ex1-async-incorrect-modern": [("blocking-sleep", 6)],
    "tasks": [("no-event-loop", 8)],
    "ex2": [("no-event-loop", 18)] + ([] if PY314 else [("wait-coroutines", 20)]),
}


@pytest.mark.parametrize("name", sorted(SEED_HINTS))
def test_seed_examples(name):
    assert hint_ids(run_timeline(seed_examples()[name], timeline=False)) == SEED_HINTS[name]

"""The lesson's exercises under CPython: every starter fails its check, every reference
solution passes, and the verdicts say why in both languages.

The starters are read from the lesson's Markdown (web/lesson/*.md), as the page shows
them; the reference solutions are tests/cases/lesson_solutions.py (test_lesson.py uses them too).
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from asyncio_playground.exercises.checks import BLOCKED_LIMIT
from asyncio_playground.exercises import judge
from asyncio_playground.exercises.facts import CHECKS, Line, RunFacts
from asyncio_playground.run import RunOptions, run_program as run
from support import ThreadHost
from cases.lesson_solutions import SOLUTIONS
from tools.lesson_render import exercise_starters

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "web" / "lesson"


def starters(lang: str) -> dict[str, str]:
    return exercise_starters((LESSON / f"{lang}.md").read_text(encoding="utf-8"))


def verdict_of(code: str, exercise: str) -> dict:
    """Runs `code` as the page does with {exercise: ...}; returns the verdict its `done` carries."""
    host = ThreadHost()
    clock = "virtual" if code.startswith("# clock: virtual\n") else "real"  # as the page reads line 1
    result = run(code, 1, host, {"exercise": exercise, "clock": clock})
    done = json.loads(result.to_json())
    assert "exercise" in done, host.messages
    assert done["runId"] == 1 and done["exercise"]["exercise"] == exercise
    assert not result.stopped
    return done["exercise"]


def without_comments(code: str) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return [(tok.type, tok.string) for tok in tokens if tok.type not in (tokenize.COMMENT, tokenize.NL)]


def test_every_exercise_of_the_lesson_has_a_check_a_solution_and_both_languages():
    assert list(starters("fr")) == list(starters("en")) == list(SOLUTIONS)
    assert set(CHECKS) >= set(SOLUTIONS)
    judge("first-pause", RunFacts(0, 0.0, (), "", 0.0))  # registers the checks
    assert set(CHECKS) == set(SOLUTIONS)


@pytest.mark.parametrize("exercise", list(SOLUTIONS))
def test_french_and_english_starters_differ_only_in_comments(exercise):
    assert without_comments(starters("fr")[exercise]) == without_comments(starters("en")[exercise])


@pytest.mark.parametrize("exercise", list(SOLUTIONS))
def test_the_starter_code_does_not_meet_the_goal(exercise):
    verdict = verdict_of(starters("en")[exercise], exercise)
    assert verdict["passed"] is False, verdict
    assert verdict["message_fr"] and verdict["message_en"]


@pytest.mark.parametrize("exercise", list(SOLUTIONS))
def test_the_reference_solution_meets_the_goal(exercise):
    verdict = verdict_of(SOLUTIONS[exercise], exercise)
    assert verdict["passed"] is True, verdict
    assert verdict["message_en"].startswith("Well done") and verdict["message_fr"].startswith("Bravo")


def test_a_blocking_pause_is_named_as_such():
    code = SOLUTIONS["first-pause"].replace("await asyncio.sleep(1)", "time.sleep(1)").replace(
        "import asyncio", "import asyncio\nimport time")
    verdict = verdict_of(code, "first-pause")
    assert not verdict["passed"]
    assert "time.sleep() blocked the event loop for 1.0" in verdict["message_en"]
    assert "time.sleep() a bloqué la boucle d'événements pendant 1,0" in verdict["message_fr"]


def test_removing_the_wait_is_not_a_solution():
    code = SOLUTIONS["concurrent-downloads"].replace("await asyncio.sleep(1)", "pass")
    verdict = verdict_of(code, "concurrent-downloads")
    assert not verdict["passed"]
    assert "keep the await asyncio.sleep(1)" in verdict["message_en"]


def test_a_crash_is_reported_with_its_error():
    verdict = verdict_of(starters("en")["modern-entry-point"], "modern-entry-point")
    assert "get_event_loop() still raises RuntimeError" in verdict["message_en"]
    verdict = verdict_of("raise ValueError('nope')\n", "timeouts")
    assert verdict["message_en"] == "The program ended with an error (ValueError: nope): fix it first."


def test_an_unknown_exercise_fails_plainly():
    verdict = verdict_of("print('hi')\n", "no-such-exercise")
    assert verdict == {**verdict, "passed": False, "message_en": "Unknown exercise: 'no-such-exercise'."}


def test_a_plain_run_posts_no_verdict_and_options_parse():
    host = ThreadHost()
    result = run("print('hi')\n", 1, host)
    assert result.exercise is None and "exercise" not in json.loads(result.to_json())
    assert RunOptions.parse('{"exercise": "timeouts", "debug": true}') == RunOptions(False, True, "timeouts")
    assert RunOptions.parse({}) == RunOptions()


def test_facts_split_output_into_timed_lines():
    facts = RunFacts(0, 1.0, (Line(0.0, "start a"), Line(1.0, "done a")), "", BLOCKED_LIMIT / 2)
    assert facts.find("done a").t == 1.0 and facts.index("start a") == 0 and facts.find("x") is None


DEBUG_SNIPPET = '''import asyncio
import time

async def forgotten():
    pass

async def main():
    forgotten()
    time.sleep(0.3)
    print("done")

asyncio.run(main())
'''


def test_debug_mode_reports_slow_callbacks_and_where_coroutines_were_created():
    from support import run_captured  # noqa: F401 - same host as run_captured

    def stderr_of(options):
        host = ThreadHost()
        run(DEBUG_SNIPPET, 1, host, options)
        return "".join(text for m in map(json.loads, host.messages) if m["type"] == "output"
                       for stream, text in m["chunks"] if stream == "stderr")

    plain, debug = stderr_of({}), stderr_of({"debug": True})
    assert "coroutine 'forgotten' was never awaited" in plain and "Executing" not in plain
    assert "Coroutine created at (most recent call last)" not in plain
    assert "Executing <Task" in debug
    took = re.search(r"took (\d+\.\d+) seconds", debug)  # the snippet blocks 0.3 s (more on a busy machine)
    assert took and float(took.group(1)) >= 0.3, debug
    assert "Coroutine created at (most recent call last)" in debug
    import os

    assert "PYTHONASYNCIODEBUG" not in os.environ  # put back after the run

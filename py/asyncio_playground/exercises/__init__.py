"""Lesson exercises: watch what a student's program does, then say whether its goal is met.

A run with the option `exercise` (run.RunOptions) is watched (watch.py); the exercise's
check (checks.py) reads the facts, never the code, and its verdict goes to the page in
the run's result (`done`: exercise {exercise, passed, message_fr, message_en}).
"""

from __future__ import annotations

from . import checks, virtual_checks  # noqa: F401 - registers the checks
from .facts import CHECKS, RunFacts, Verdict, failed
from .watch import Watch

__all__ = ["Watch", "judge", "verdict"]


def judge(exercise_id: str, facts: RunFacts) -> Verdict:
    """The verdict of exercise `exercise_id` on a run's facts."""
    check = CHECKS.get(exercise_id)
    if check is None:
        return failed(f"Exercice inconnu : {exercise_id!r}.", f"Unknown exercise: {exercise_id!r}.")
    try:
        return check(facts)
    except Exception as exc:  # noqa: BLE001 - a bug in a check must not look like the student's
        return failed(f"La vérification a échoué : {exc!r}.", f"The check itself failed: {exc!r}.")


def verdict(watch: Watch, exit_code: int) -> dict:
    """The verdict on a watched run, as the run's result carries it to the page."""
    found = judge(watch.exercise_id, watch.facts(exit_code))
    return {"exercise": watch.exercise_id, "passed": found.passed, "message_fr": found.fr, "message_en": found.en}

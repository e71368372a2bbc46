"""Lesson exercises: watch what a student's program does, then say whether its goal is met.

A run with the option `exercise` (execute.RunOptions) is watched: every write to
stdout/stderr with the time it was made, how long the program ran, and how long
`time.sleep` held a running event loop. The exercise's check (exercise_checks.py)
reads those facts, never the code, and the verdict goes to the page as
{"type": "exercise-result", "runId", "exercise", "passed", "message_fr", "message_en"}.
"""

from __future__ import annotations

import asyncio.events as events
import json
import time
from dataclasses import dataclass
from typing import Callable

clock = time.perf_counter


@dataclass(frozen=True, slots=True)
class Line:
    """One line the program printed on stdout, `t` seconds after it started."""

    t: float
    text: str


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What a watched run did: the only thing a check looks at."""

    exit_code: int
    elapsed: float  # seconds from the first line of main.py to the program's end
    lines: tuple[Line, ...]  # stdout, line by line, trailing whitespace removed
    stderr: str
    blocked: float  # seconds time.sleep held a running event loop

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    def find(self, text: str) -> Line | None:
        """The first stdout line that reads exactly `text` (spaces around ignored)."""
        return next((line for line in self.lines if line.text.strip() == text), None)

    def starting(self, prefix: str) -> list[Line]:
        return [line for line in self.lines if line.text.strip().startswith(prefix)]

    def index(self, text: str) -> int:
        """Position of the first line reading `text`, or -1."""
        return next((i for i, line in enumerate(self.lines) if line.text.strip() == text), -1)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The check's answer, in both languages of the page."""

    passed: bool
    fr: str
    en: str


def passed(fr: str, en: str) -> Verdict:
    return Verdict(True, fr, en)


def failed(fr: str, en: str) -> Verdict:
    return Verdict(False, fr, en)


Check = Callable[[RunFacts], Verdict]
CHECKS: dict[str, Check] = {}


def exercise(exercise_id: str):
    """Registers a check under the exercise's id (the id the lesson's Markdown uses)."""

    def register(check: Check) -> Check:
        CHECKS[exercise_id] = check
        return check

    return register


def seconds(value: float, lang: str) -> str:
    """1.02 s / 1,02 s."""
    text = f"{value:.2f}"
    return f"{text.replace('.', ',') if lang == 'fr' else text} s"


def crashed(facts: RunFacts) -> Verdict | None:
    """The common first answer: the program ended with an error."""
    if facts.exit_code == 0:
        return None
    last = next((line for line in reversed(facts.stderr.splitlines()) if line.strip()), "")
    where_fr = f" ({last.strip()})" if last else ""
    return failed(
        f"Le programme s'est terminé par une erreur{where_fr} : corrigez-la d'abord.",
        f"The program ended with an error{where_fr}: fix it first.",
    )


def judge(exercise_id: str, facts: RunFacts) -> Verdict:
    """The verdict of exercise `exercise_id` on a run's facts."""
    from . import checks  # noqa: F401 - registers the checks

    check = CHECKS.get(exercise_id)
    if check is None:
        return failed(f"Exercice inconnu : {exercise_id!r}.", f"Unknown exercise: {exercise_id!r}.")
    try:
        return check(facts)
    except Exception as exc:  # noqa: BLE001 - a bug in a check must not look like the student's
        return failed(f"La vérification a échoué : {exc!r}.", f"The check itself failed: {exc!r}.")


class Watch:
    """Watches one run for exercise `exercise_id`: output with times, blocking sleeps."""

    def __init__(self, exercise_id: str) -> None:
        self.exercise_id = exercise_id
        self._writes: list[tuple[float, str, str]] = []
        self._blocked = 0.0
        self._started = 0.0
        self._ended: float | None = None
        self._restore: list[Callable[[], None]] = []

    def start(self, sink) -> None:
        """From now on: `sink`'s writes are timed, `time.sleep` inside a loop is counted."""
        write = sink.write

        def timed_write(stream: str, text: str) -> None:
            self._writes.append((clock() - self._started, stream, text))
            write(stream, text)

        sink.write = timed_write
        self._restore.append(lambda: vars(sink).pop("write", None))
        sleep = time.sleep

        def watched_sleep(secs):
            if events._get_running_loop() is None:
                return sleep(secs)
            began = clock()
            try:
                return sleep(secs)
            finally:
                self._blocked += clock() - began

        time.sleep = watched_sleep
        self._restore.append(lambda: setattr(time, "sleep", sleep))
        self._started = clock()

    def stop(self) -> None:
        """The program is over: stop watching (the writes stay recorded)."""
        if self._ended is None:
            self._ended = clock() - self._started
        while self._restore:
            self._restore.pop()()

    def facts(self, exit_code: int) -> RunFacts:
        stdout: list[Line] = []
        partial, partial_t = "", 0.0
        stderr: list[str] = []
        for t, stream, text in self._writes:
            if stream == "stderr":
                stderr.append(text)
                continue
            if stream != "stdout":
                continue
            for piece in text.splitlines(keepends=True):
                if not partial:
                    partial_t = t
                partial += piece
                if partial.endswith("\n"):
                    stdout.append(Line(partial_t, partial.rstrip()))
                    partial = ""
        if partial:
            stdout.append(Line(partial_t, partial.rstrip()))
        elapsed = self._ended if self._ended is not None else clock() - self._started
        return RunFacts(exit_code, elapsed, tuple(stdout), "".join(stderr), self._blocked)

    def result_json(self, run_id: int, exit_code: int) -> str:
        """The exercise-result message for the page."""
        verdict = judge(self.exercise_id, self.facts(exit_code))
        return json.dumps({
            "type": "exercise-result", "runId": run_id, "exercise": self.exercise_id,
            "passed": verdict.passed, "message_fr": verdict.fr, "message_en": verdict.en,
        })

"""What a check reads and answers: the facts of a watched run (watch.py) and a verdict.

Checks register under their exercise's id (`exercise`, checks.py); `crashed` is the
common first answer, `seconds` writes a time as each language does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


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

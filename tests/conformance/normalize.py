"""Normalize program output so CPython 3.13, 3.14 and the page compare equal.

Also loads the conformance cases: each snippet with the output CPython printed
for it (``expected/``), or a hand-written 3.14 override (``expected-3.14/``). The
snippets are ``snippets/*.py`` and the seed examples the page shows (web/examples/).
"""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from cases.examples import seed_examples

HERE = Path(__file__).resolve().parent
SNIPPETS_DIR = HERE / "snippets"
EXPECTED_DIR = HERE / "expected"
OVERRIDES_DIR = HERE / "expected-3.14"

USER_FILE = "main.py"
VERSIONS = ("3.13", "3.14")
# Cases that run a seed example of the page as it is (web/examples/<id>.py): name -> id.
SEED_SNIPPETS = {
    "52_seed_taches": "tasks",
    "53_seed_concurrence": "gather",
    "54_seed_ex1_sync": "ex1-sync",
    "55_seed_ex1_async_incorrect": "ex1-async-incorrect",
    "56_seed_ex1_async_correct": "ex1-async-correct",
    "57_seed_ex2": "ex2",
}

# An exception-group margin: "  | ", "    | " (or a bare "|" on an empty line).
_MARGIN = re.compile(r"^( *\|(?: |$))")
# A traceback frame header, with or without ", in name" (SyntaxError has none).
_FRAME = re.compile(r'^  File "(?P<file>[^"]*)", line \d+(?:, in .*)?$')
# Elapsed times printed by the seed article's examples.
_TIMES = (
    re.compile(r"(?<=Time: )(\d+\.\d+)"),
    re.compile(r"(?<=après )(\d+\.\d+)(?= secondes)"),
)
_REQUIRES = re.compile(r"^#\s*requires:\s*(\d+)\.(\d+)\s*$")


def normalize(text: str) -> str:
    """Return ``text`` with non-main.py frames dropped, seed timings rounded, end stripped."""
    text = text.replace("\r\n", "\n")
    text = _drop_foreign_frames(text)
    for pattern in _TIMES:
        text = pattern.sub(_round_time, text)
    return text.rstrip()


def _split_margin(line: str) -> tuple[str, str]:
    match = _MARGIN.match(line)
    if match is None:
        return "", line
    return match.group(1), line[match.end():]


def _drop_foreign_frames(text: str) -> str:
    """Drop each frame whose file is not main.py, with its source and caret lines.

    Frames are recognised inside exception groups too: the ``  | `` margin is
    split off first, and only lines with the same margin can continue a frame.
    """
    kept: list[str] = []
    skipping_margin: str | None = None
    for line in text.split("\n"):
        margin, body = _split_margin(line)
        if skipping_margin is not None:
            if margin == skipping_margin and body.startswith("    "):
                continue
            skipping_margin = None
        frame = _FRAME.match(body)
        if frame is not None and frame.group("file") != USER_FILE:
            skipping_margin = margin
            continue
        kept.append(line)
    return "\n".join(kept)


def _round_time(match: re.Match[str]) -> str:
    # Whole seconds: the seed examples sleep whole seconds, and a loaded machine (or a
    # browser with coarse timers, such as WebKitGTK) may wake a few hundred ms late.
    value = Decimal(match.group(1)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return str(value)


@dataclasses.dataclass(frozen=True, slots=True)
class Case:
    """One snippet and the output CPython gives for it (stdout/stderr not normalized)."""

    name: str
    code: str
    stdout: str
    stderr: str
    exit_code: int
    requires_314: bool


def required_python(code: str) -> tuple[int, int] | None:
    """The version named by a first-line ``# requires: X.Y`` comment, if any."""
    first_line = code.split("\n", 1)[0]
    match = _REQUIRES.match(first_line.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def snippets() -> dict[str, str]:
    """Every case's code by name, sorted: snippets/*.py and the seed examples (SEED_SNIPPETS)."""
    found = {path.stem: path.read_text(encoding="utf-8") for path in SNIPPETS_DIR.glob("*.py")}
    examples = seed_examples()
    found.update((name, examples[example_id]) for name, example_id in SEED_SNIPPETS.items())
    return dict(sorted(found.items()))


def load_cases(version: str = "3.14") -> list[Case]:
    """All cases for ``version``, sorted by name.

    "3.14": the hand-written override in expected-3.14/ wins when present.
    "3.13": snippets marked ``# requires: 3.14`` are left out.
    """
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, not {version!r}")
    cases = []
    for name, code in snippets().items():
        requires_314 = required_python(code) == (3, 14)
        if requires_314 and version == "3.13":
            continue
        override = OVERRIDES_DIR / f"{name}.json"
        if version == "3.14" and override.exists():
            source = override
        else:
            source = EXPECTED_DIR / f"{name}.json"
        if not source.exists():
            raise FileNotFoundError(f"no expected output for {name}: {source}")
        data = json.loads(source.read_text(encoding="utf-8"))
        cases.append(
            Case(
                name=name,
                code=code,
                stdout=data["stdout"],
                stderr=data["stderr"],
                exit_code=data["exit_code"],
                requires_314=requires_314,
            )
        )
    return cases

"""Regenerate expected/NN_name.json by running every snippet under a real CPython.

Each snippet runs as a user would run it: written to a fresh temporary folder as
main.py, then ``python -X utf8 main.py`` there, with plain (uncoloured) tracebacks.
The folder's path is removed from the output, so frames read ``File "main.py"``
as on the page. Hand-written overrides in expected-3.14/ are never written.

Usage: python tests/conformance/regen.py [--python PATH] [--check] [NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # leave no __pycache__ beside the suite
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: conformance, cases
from conformance.normalize import EXPECTED_DIR, OVERRIDES_DIR, normalize, required_python, snippets  # noqa: E402

DEFAULT_PYTHON = Path.home() / ".pyenv" / "versions" / "3.13.0" / "bin" / "python"
TIMEOUT_S = 30
# Variables that would change what the program prints (debug modes, colours, paths).
_DROPPED_ENV = ("PYTHON", "FORCE_COLOR", "CLICOLOR", "COLORTERM")


def user_env() -> dict[str, str]:
    """The environment of a plain terminal run: no PYTHON* settings, no colours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_ENV)}
    env.update(PYTHONIOENCODING="utf-8", TERM="dumb", NO_COLOR="1", PYTHON_COLORS="0")
    return env


def python_version(python: str) -> str:
    out = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True, text=True, check=True, env=user_env(),
    )
    return out.stdout.strip()


def exit_code(returncode: int) -> int:
    """A shell's view of the exit status: death by signal N reads 128 + N."""
    return 128 - returncode if returncode < 0 else returncode


def run_snippet(python: str, code: str) -> dict[str, object]:
    """Run one snippet as main.py in a fresh folder; return stdout, stderr and exit code."""
    with tempfile.TemporaryDirectory(prefix="conformance-") as tmp:
        (Path(tmp) / "main.py").write_text(code, encoding="utf-8")
        proc = subprocess.run(
            [python, "-X", "utf8", "main.py"],
            cwd=tmp, env=user_env(), capture_output=True, timeout=TIMEOUT_S,
        )
        stdout = proc.stdout.decode("utf-8")
        stderr = proc.stderr.decode("utf-8")
        for folder in {tmp, os.path.realpath(tmp)}:
            stdout = stdout.replace(folder + os.sep, "")
            stderr = stderr.replace(folder + os.sep, "")
    return {"stdout": stdout, "stderr": stderr, "exit_code": exit_code(proc.returncode)}


def selected_snippets(names: list[str]) -> dict[str, str]:
    """name -> code of the snippets named (or whose names start so); all without names."""
    every = snippets()
    chosen = {name: code for name, code in every.items() if not names or any(name.startswith(n) for n in names)}
    if not chosen:
        raise SystemExit(f"no snippet matches {names}")
    return chosen


def differences(result: dict[str, object], expected: dict[str, object]) -> list[str]:
    """Fields that differ after normalization."""
    diffs = []
    for key in ("stdout", "stderr"):
        if normalize(str(result[key])) != normalize(str(expected[key])):
            diffs.append(key)
    if result["exit_code"] != expected["exit_code"]:
        diffs.append("exit_code")
    return diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python", default=str(DEFAULT_PYTHON), help="CPython to run")
    parser.add_argument("--check", action="store_true",
                        help="compare with expected/ after normalization; write nothing")
    parser.add_argument("names", nargs="*", help="snippet names or prefixes (default: all)")
    args = parser.parse_args(argv)

    version = python_version(args.python)
    major_minor = tuple(int(part) for part in version.split(".")[:2])
    EXPECTED_DIR.mkdir(exist_ok=True)
    failures = 0
    for name, code in selected_snippets(args.names).items():
        required = required_python(code)
        if required is not None and major_minor < required:
            print(f"skip  {name} (requires {required[0]}.{required[1]})")
            continue
        started = time.monotonic()
        result = run_snippet(args.python, code)
        took = f"{time.monotonic() - started:.2f} s"
        target = EXPECTED_DIR / f"{name}.json"
        note = " (3.14 override kept)" if (OVERRIDES_DIR / target.name).exists() else ""
        if args.check:
            expected = json.loads(target.read_text(encoding="utf-8"))
            diffs = differences(result, expected)
            failures += bool(diffs)
            print(f"{'DIFF' if diffs else 'same'}  {name} ({took}) {' '.join(diffs)}")
            continue
        result["python"] = version
        target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {target.name}: exit {result['exit_code']} ({took}){note}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

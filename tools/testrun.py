"""`build.py test`: pytest on tests/ with the environment the browser tests need (dist/ built first)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from tools import cpython_tests
from tools.common import CHROMIUM, ROOT, show


def run_tests(pytest_args: list[str]) -> int:
    """pytest on tests/ (testpaths) with the arguments given; dist/ must be built.

    Without arguments (the README's command), tests/py runs in a second pytest beside
    tests/browser: its tests mostly sleep through the seed article's examples, the
    browser tests mostly wait for browsers, and the two together take the time of the
    longer one. Its report is printed when the browser tests end.
    """
    env = dict(os.environ)
    if "CPYTHON_TESTS" not in env:  # CPython 3.14's own asyncio tests, run in the page (tests/cpython_suite)
        cpython_tests.ensure()
    if os.path.exists(CHROMIUM):
        env.setdefault("PLAYWRIGHT_CHROMIUM", CHROMIUM)
    pytest = [sys.executable, "-m", "pytest"]
    if pytest_args:
        return _pytest_rc(_call(pytest + pytest_args, env), "")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as py_log:
        py_cmd = pytest + ["tests/py", "-p", "no:cacheprovider"]
        show(py_cmd, "(alongside)")
        py_tests = subprocess.Popen(py_cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                    stdout=py_log, stderr=subprocess.STDOUT, text=True)
        try:
            browser_rc = _pytest_rc(_call(pytest + ["tests/browser"], env), "tests/browser")
        finally:
            py_rc = _pytest_rc(py_tests.wait(), "tests/py")
        py_log.seek(0)
        print("\n" + " tests/py (ran alongside the browser tests) ".center(80, "="), flush=True)
        sys.stdout.write(py_log.read())
        sys.stdout.flush()
    verdict = "failed" if py_rc or browser_rc else "passed"
    print(f"build.py test: {verdict} (tests/browser exit {browser_rc}, tests/py exit {py_rc})", flush=True)
    return py_rc or browser_rc


def _call(cmd: list[str], env: dict) -> int:
    show(cmd)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def _pytest_rc(rc: int, what: str) -> int:
    if rc == 5:
        print(f"build.py test: error: pytest collected no tests {what}".rstrip(), file=sys.stderr)
        return 1
    return rc

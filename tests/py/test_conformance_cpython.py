"""The conformance suite through the runtime under plain CPython (the version in .venv).

Same snippets and expected files as the browser suite; here the expected output is the
one of the running Python (3.13 files, or 3.14 overrides on 3.14). The seed article's
examples sleep for seconds and run in the browser suite only.
"""

import sys

import pytest

from support import run_captured
from conformance.normalize import load_cases, normalize

VERSION = "3.14" if sys.version_info >= (3, 14) else "3.13"
CASES = [c for c in load_cases(VERSION) if "_seed_" not in c.name]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_runtime_prints_what_cpython_prints(case):
    out = run_captured(case.code)
    assert normalize(out.stdout) == normalize(case.stdout)
    assert normalize(out.stderr) == normalize(case.stderr)
    assert out.result.exit_code == case.exit_code

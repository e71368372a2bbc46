"""CPython's own asyncio test suite, run in the page: which files, which tests are skipped and why.

The test files are CPython's, never copied into this repository and never edited: they are
read from a CPython source tree (its `Lib/`, holding the `test` package) named by
$CPYTHON_TESTS, else the first of SOURCES that exists. They should be of the same version as
Pyodide's Python (`python` in dist/build-info.json, 3.14.2 today). The page gets them as a zip
from a loopback server of the test run (not from dist/: users never download them).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import io
import json
import os
import re
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import skips

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = Path(__file__).with_name("unittest_program.py")
sys.path.insert(0, str(ROOT))
from tools import cpython_tests  # noqa: E402 - CPython 3.14's files and interpreter from Debian

# Where a CPython tree's Lib/ may be; each must hold test/test_asyncio/. The first is a checkout
# of Pyodide's own tag (`git -C cpython.git archive v3.14.2 Lib/test | tar -x -C DIR`), run
# natively by .venv's CPython. The second is Debian's CPython 3.14 (tools/cpython_tests.py, which
# `build.py test` fills), run natively by that CPython with the page's asyncio package (see
# native_asyncio()). The last is a stand-in: the test files of the CPython that .venv is made
# from, if it has them (pyenv's builds do); see README for what each changes.
SOURCES = [
    Path.home() / ".cache" / "asyncio-playground" / "cpython-v3.14.2" / "Lib",
    cpython_tests.LIB,
    Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}",
]

# The modules: pure-logic ones (no sockets, subprocesses, signals or threads needed).
MODULES = [f"test.test_asyncio.test_{name}" for name in (
    "futures", "futures2", "tasks", "locks", "queues", "taskgroups", "timeouts", "waitfor",
    "runners", "eager_task_factory", "graph", "context", "pep492", "staggered", "threads",
    "tools", "protocols", "transports", "base_events",
)] + ["test.test_coroutines"]

# What `python3 build.py test` runs: all but test_tasks (its ~1,000 tests take ~25 s in the page,
# as long as all the others together); CPYTHON_SUITE=all runs MODULES.
SUBSET = [module for module in MODULES if module != "test.test_asyncio.test_tasks"]

# Tests that need what a browser cannot have, and (with an older CPython's files, the
# stand-in) tests of what changed since: one reason each, in skips.py.
SKIPS = {f"test.{test_id}": reason for test_id, reason in skips.PLATFORM.items()}
OLDER_FILES_SKIPS = {version: {f"test.{test_id}": reason for test_id, reason in listed.items()}
                     for version, listed in skips.OLDER_FILES.items()}


@dataclass(frozen=True, slots=True)
class Source:
    lib: Path  # holds test/
    version: str  # the CPython version of the files, as their tree says
    python: str = sys.executable  # the native CPython that runs them

    @property
    def native_version(self) -> str:
        if self.python == sys.executable:
            return sys.version.split()[0]
        return self.version

    @property
    def older(self) -> bool:
        """Files of an older CPython than the page's (a stand-in: see README)."""
        return _minor(self.version) < _minor(pyodide_python())


def _minor(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version)[:2])


NEWER_FILES_SKIPS = {version: {f"test.{test_id}": reason for test_id, reason in listed.items()}
                     for version, listed in skips.NEWER_FILES.items()}


def older_skips(source: Source) -> dict[str, str]:
    """The skips for test files of another version than the page's Python: an older one's
    (OLDER_FILES, by minor version), or a later 3.14.x's (NEWER_FILES, by the page's version)."""
    if source.older:
        return OLDER_FILES_SKIPS.get(".".join(map(str, _minor(source.version))), {})
    if native_asyncio(source) is not None:
        return NEWER_FILES_SKIPS.get(pyodide_python_exact(), {})
    return {}


@dataclass(slots=True)
class ModuleResult:
    module: str
    outcomes: dict[str, str] = field(default_factory=dict)  # test id -> pass/fail/error/...
    summary: dict | None = None  # @@done's JSON; None if the run did not end (stopped, crashed)
    stopped: bool = False
    stderr: str = ""

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)

    @property
    def run(self) -> int:
        return sum(1 for o in self.outcomes.values() if o in ("pass", "fail", "error"))


def find_source() -> Source | None:
    named = os.environ.get("CPYTHON_TESTS")
    for lib in [Path(named)] if named else SOURCES:
        if lib == cpython_tests.LIB:
            if version := cpython_tests.installed_version():
                return Source(lib, version, str(cpython_tests.PYTHON))
        elif (lib / "test" / "test_asyncio" / "__init__.py").is_file():
            return Source(lib, _version_of(lib))
    return None


def pyodide_python_exact() -> str:
    """Pyodide's Python version, e.g. 3.14.2 (dist/pyodide/pyodide-lock.json)."""
    lock = ROOT / "dist" / "pyodide" / "pyodide-lock.json"
    return json.loads(lock.read_text())["info"]["python"] if lock.is_file() else "unknown"


def native_asyncio(source: Source) -> Path | None:
    """For a native CPython of another 3.14.x than the page's: a folder holding the page's own
    `asyncio` package (Pyodide's stdlib, i.e. CPython 3.14.2's), put first on its path, so that
    both run the same asyncio ("3.14.x with 3.14.2's asyncio"). None when the versions match."""
    page = pyodide_python_exact()
    if source.native_version == page or _minor(source.native_version) != _minor(page):
        return None
    folder = Path.home() / ".cache" / "asyncio-playground" / f"pyodide-asyncio-{page}"
    if not (folder / "asyncio" / "__init__.py").is_file():
        with zipfile.ZipFile(ROOT / "dist" / "pyodide" / "python_stdlib.zip") as stdlib:
            members = [n for n in stdlib.namelist() if n.startswith("asyncio/")]
            stdlib.extractall(folder, members)
    return folder


def has_module(source: Source, module: str) -> bool:
    return (source.lib / (module.replace(".", "/") + ".py")).is_file()


def _version_of(lib: Path) -> str:
    patchlevel = lib.parent / "Include" / "patchlevel.h"
    if patchlevel.is_file():
        match = re.search(r'#define PY_VERSION\s+"([^"]+)"', patchlevel.read_text())
        if match:
            return match.group(1)
    if lib.resolve() == Path(sys.base_prefix, "lib", f"python{sys.version_info.major}.{sys.version_info.minor}").resolve():
        return sys.version.split()[0]  # the files of the CPython running this
    match = re.search(r"python(\d+\.\d+)", str(lib))
    return match.group(1) if match else "unknown"


def pyodide_python() -> str:
    info = ROOT / "dist" / "build-info.json"
    return json.loads(info.read_text())["python"] if info.is_file() else "unknown"


def make_zip(source: Source) -> bytes:
    """The test package: test/__init__.py, support/, test_asyncio/, certdata/ (test_asyncio.utils
    reads its certificates at import), test_coroutines.py."""
    buffer = io.BytesIO()
    test = source.lib / "test"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        paths = [test / "__init__.py", test / "test_coroutines.py"]
        for folder in ("support", "test_asyncio", "certdata"):
            paths += [p for p in sorted((test / folder).rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
        for path in paths:
            archive.write(path, path.relative_to(source.lib).as_posix())
    return buffer.getvalue()


class ZipServer:
    """Serves one zip on loopback, with the headers a cross-origin-isolated worker needs."""

    def __init__(self, data: bytes) -> None:
        self.data, self.sha = data, hashlib.sha256(data).hexdigest()[:16]
        handler = functools.partial(_ZipHandler, data)
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="cpython-tests", daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/cpython-tests.zip"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


class _ZipHandler(http.server.BaseHTTPRequestHandler):
    def __init__(self, data, *args, **kwargs):
        self.data = data
        super().__init__(*args, **kwargs)

    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(self.data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.end_headers()
        self.wfile.write(self.data)

    def log_message(self, *args):
        pass


def page_program(module: str, zips: ZipServer, source: Source, *, inline: bool = False) -> str:
    """The program for the page; `inline` puts the zip in it (base64) instead of its URL."""
    config = {"module": module, "zip_url": zips.url, "zip_sha": zips.sha, "skips": SKIPS,
              "older_skips": older_skips(source), "older_files": source.older}
    if inline:
        config["zip_base64"] = base64.b64encode(zips.data).decode()
    return f"CONFIG = {json.dumps(config)!r}\nimport json\nCONFIG = json.loads(CONFIG)\n" + PROGRAM.read_text()


def parse(module: str, stdout: str, stopped: bool = False, stderr: str = "") -> ModuleResult:
    result = ModuleResult(module, stopped=stopped, stderr=stderr)
    for line in stdout.splitlines():
        if line.startswith("@@done "):
            result.summary = json.loads(line[len("@@done "):])
        elif line.startswith("@@ "):
            outcome, test_id = line[3:].split(" ", 1)
            result.outcomes[test_id] = outcome
    return result


def run_native(source: Source, module: str, timeout: float = 100) -> ModuleResult:
    """The same program under the CPython running this (native), in a process of its own."""
    env = {**os.environ}
    env.pop("PYTHONPATH", None)
    tests = source.lib
    if asyncio_folder := native_asyncio(source):
        env["PYTHONPATH"] = str(asyncio_folder)
        # The program puts `source` first on the path: there, only the test package (a stdlib
        # folder would bring its own asyncio back).
        tests = asyncio_folder.with_name(asyncio_folder.name + "-tests")
        tests.mkdir(exist_ok=True)
        if not (tests / "test").exists():
            (tests / "test").symlink_to(source.lib / "test")
    config = {"module": module, "source": str(tests), "skips": {}, "older_skips": {}, "older_files": False}
    env["CPYTHON_SUITE_CONFIG"] = json.dumps(config)
    try:
        done = subprocess.run([source.python, str(PROGRAM)], capture_output=True, text=True, env=env,
                              timeout=timeout, cwd="/tmp")
        return parse(module, done.stdout, stderr=done.stderr)
    except subprocess.TimeoutExpired as exc:
        return parse(module, exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or "", True)


def table(page: dict[str, ModuleResult], native: dict[str, ModuleResult], source: Source,
          webloop: dict[str, ModuleResult] | None = None) -> str:
    """The README's table: per module, what ran and passed in the page and natively, and why not
    (and, for information, what passes on the WebLoop engine)."""
    webloop = webloop or {}
    columns = ["module", "page: run", "page: passed", "platform-skipped", "skipped, other version's files",
               "skipped by the test", "page: s", f"native {source.native_version}: run", "native: passed",
               "WebLoop engine: passed", "passing natively, failing in the page"]
    lines = ["| " + " | ".join(columns) + " |", "| --- |" + " ---: |" * (len(columns) - 2) + " --- |"]
    totals = [0] * 9
    for module, result in page.items():
        other = native.get(module)
        lost = sorted(t for t, o in result.outcomes.items()
                      if o in ("fail", "error") and other is not None and other.outcomes.get(t) == "pass")
        cell = ", ".join(f"`{t.split('.', 3)[-1]}`" for t in lost[:6]) + (f" (+{len(lost) - 6})" if len(lost) > 6 else "")
        numbers = [result.run, result.count("pass"), result.count("platform_skipped"), result.count("version_skipped"),
                   result.count("skipped"), result.summary["seconds"] if result.summary else 0,
                   other.run if other else 0, other.count("pass") if other else 0,
                   webloop[module].count("pass") if module in webloop else 0]
        totals = [a + b for a, b in zip(totals, numbers)]
        lines.append(f"| `{module.removeprefix('test.')}` | " + " | ".join(str(n) for n in numbers)
                     + f" | {cell or '—'}{' (stopped)' if result.stopped else ''} |")
    lines.append("| **all** | " + " | ".join(f"**{round(n, 1)}**" for n in totals) + " | |")
    asyncio_of = f", with the page's asyncio ({pyodide_python_exact()})" if native_asyncio(source) else ""
    return "\n".join(lines) + (f"\n\nTest files: CPython {source.version} ({source.lib}); native: "
                               f"{source.python}{asyncio_of}.\n")

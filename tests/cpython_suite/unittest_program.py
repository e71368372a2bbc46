"""Runs one module of CPython's own test suite with unittest: the program the suite runner sends
to the page (and runs under native CPython for comparison), unedited test files included.

The runner puts `CONFIG = {...}` before this text: `source` (a directory holding CPython's
`test` package) or `zip_url` (a zip of it, fetched with a synchronous XMLHttpRequest, which a
worker may do; or `zip_base64`, the zip itself), `module` ("test.test_asyncio.test_locks"), `skips` ({test id or class id:
reason}: what a browser cannot have), `older_skips` (likewise, for test files of another version than this
Python) and `older_files` (see older_files_shim). Each test's outcome is printed as it ends (`@@ outcome id`, so a Stop keeps what was
done), then `@@done {json}`.
"""

import io
import json
import os
import sys
import time
import unittest
import zipfile

CONFIG = globals().get("CONFIG") or json.loads(os.environ["CPYTHON_SUITE_CONFIG"])


def fetch(url: str) -> bytes:
    from js import XMLHttpRequest

    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    request.responseType = "arraybuffer"
    request.send()
    if request.status != 200:
        raise RuntimeError(f"GET {url}: HTTP {request.status}")
    return bytes(request.response.to_py())


def test_package_root() -> str:
    """Where the `test` package is: CONFIG's directory, or the zip unpacked into /tmp."""
    if CONFIG.get("source"):
        return CONFIG["source"]
    root = f"/tmp/cpython-tests/{CONFIG['zip_sha']}"
    if not os.path.exists(f"{root}/.complete"):
        if CONFIG.get("zip_base64"):
            import base64

            data = base64.b64decode(CONFIG["zip_base64"])
        else:
            data = fetch(CONFIG["zip_url"])
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(root)
        open(f"{root}/.complete", "w").close()
    return root


def forget_test_package() -> None:
    for name in [n for n in sys.modules if n == "test" or n.startswith("test.")]:
        del sys.modules[name]


def import_module(name: str):
    """Imports the test module; the package's support.requires_working_socket(module=True),
    which skips all of test_asyncio on Emscripten, is bypassed as CPython's Emscripten CI does."""
    from test import support

    original = support.requires_working_socket

    def requires_working_socket(*, module=False):
        return None if module else original(module=module)

    support.requires_working_socket = requires_working_socket
    try:
        __import__(name)
    finally:
        support.requires_working_socket = original
    return sys.modules[name]


def older_files_shim() -> None:
    """Only for test files older than this Python (CONFIG["older_files"]): 3.13's
    test_asyncio.utils.TestCase.close_loop asks the policy for its child watcher, which 3.14
    removed; as on Windows, "not implemented" lets it go on."""
    import asyncio.unix_events as unix_events

    def get_child_watcher(policy):
        raise NotImplementedError

    if CONFIG.get("older_files") and not hasattr(unix_events._UnixDefaultEventLoopPolicy, "get_child_watcher"):
        unix_events._UnixDefaultEventLoopPolicy.get_child_watcher = get_child_watcher


def apply_skips(module) -> None:
    """The skip list: one reason per test (or class); the files themselves are not edited."""
    listed = [(test_id, "platform: " + reason) for test_id, reason in CONFIG["skips"].items()]
    listed += [(test_id, "version: " + reason) for test_id, reason in CONFIG.get("older_skips", {}).items()]
    for test_id, why in listed:
        if not test_id.startswith(module.__name__ + "."):
            continue
        path = test_id[len(module.__name__) + 1:].split(".")
        owner = getattr(module, path[0], None)
        if owner is None:
            continue
        if len(path) == 1:
            owner.__unittest_skip__, owner.__unittest_skip_why__ = True, why
        elif hasattr(owner, path[1]):
            setattr(owner, path[1], unittest.skip(why)(getattr(owner, path[1])))


class Recorder(unittest.TestResult):
    """Prints each outcome as it happens; keeps the counts."""

    def __init__(self):
        super().__init__()
        self.counts = {"passed": 0, "failed": 0, "errors": 0, "platform_skipped": 0, "version_skipped": 0,
                       "skipped": 0}
        self.problems = {}

    def _say(self, outcome, test, detail=""):
        print(f"@@ {outcome} {test.id()}", flush=True)
        if detail:
            self.problems[test.id()] = detail[-1500:]

    def addSuccess(self, test):
        self.counts["passed"] += 1
        self._say("pass", test)

    def addFailure(self, test, err):
        self.counts["failed"] += 1
        self._say("fail", test, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        self.counts["errors"] += 1
        self._say("error", test, self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        kind = {"platform": "platform_skipped", "version": "version_skipped"}.get(reason.split(":")[0], "skipped")
        self.counts[kind] += 1
        self._say(kind, test)

    def addExpectedFailure(self, test, err):
        self.counts["passed"] += 1
        self._say("pass", test)

    def addUnexpectedSuccess(self, test):
        self.counts["failed"] += 1
        self._say("fail", test, "unexpected success")

    def addSubTest(self, test, subtest, err):
        if err is not None:
            kind = "failed" if issubclass(err[0], test.failureException) else "errors"
            self.counts[kind] += 1
            self._say("fail" if kind == "failed" else "error", subtest, self._exc_info_to_string(err, test))


def main() -> None:
    started = time.monotonic()
    if CONFIG.get("source"):  # native: Ctrl+C as in a terminal, even if started in the background
        import signal

        signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.path.insert(0, test_package_root())
    forget_test_package()
    older_files_shim()
    try:
        module = import_module(CONFIG["module"])
        apply_skips(module)
        suite = unittest.defaultTestLoader.loadTestsFromModule(module)
        result = Recorder()
        suite.run(result)
    finally:
        sys.path.pop(0)
        forget_test_package()
    summary = {**result.counts, "run": result.testsRun, "problems": result.problems,
               "seconds": round(time.monotonic() - started, 2), "python": sys.version.split()[0]}
    print("@@done " + json.dumps(summary), flush=True)


main()

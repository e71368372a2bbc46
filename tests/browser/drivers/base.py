"""The browser-neutral driver interface, and what its implementations share.

Every engine runs page scripts the same way: `js` is the source of a JavaScript
function (sync or async), called with the JSON arguments given, awaited in the page,
and bounded by a timer in the page itself, so a script that never settles fails
the test instead of hanging it. Engines only differ in how they deliver the script.
"""

from __future__ import annotations

import abc
import contextlib
import ctypes
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

# Generous but bounded: a loaded CI machine may take a minute to start Pyodide in WebKit.
OPEN_TIMEOUT_S = 60.0
SCRIPT_TIMEOUT_S = 120.0
WAIT_TIMEOUT_S = 60.0
# What the engine's own script timeout adds on top of the in-page timer (a backstop).
BACKSTOP_S = 15.0


class PageScriptError(AssertionError):
    """A page script threw, or its promise rejected; the message is the page's error."""


class PageWaitTimeout(PageScriptError):
    """wait_for's condition did not become truthy in time."""


_TIMED_OUT = "asyncio-playground driver: timed out"


def call_source(js: str, timeout_s: float) -> str:
    """A JS function of one array of arguments that calls `js` and never throws.

    It resolves to {ok: true, value} or {ok: false, error, timedOut}.
    """
    ms = int(timeout_s * 1000)
    return f"""async (args) => {{
  let timer;
  const limit = new Promise((_, reject) => {{
    timer = setTimeout(() => reject(new Error({json.dumps(_TIMED_OUT)} + ' after {ms} ms')), {ms});
  }});
  try {{
    const value = await Promise.race([Promise.resolve().then(() => ({js})(...args)), limit]);
    return {{ ok: true, value: value === undefined ? null : value }};
  }} catch (error) {{
    // Firefox's and WebKit's error.stack lacks the message: put it first.
    const text = error instanceof Error ? `${{error.name}}: ${{error.message}}\n${{error.stack || ''}}` : String(error);
    return {{ ok: false, error: text, timedOut: text.includes({json.dumps(_TIMED_OUT)}) }};
  }} finally {{
    clearTimeout(timer);
  }}
}}"""


def condition_source(js_condition: str, polling_s: float, timeout_s: float) -> str:
    """A JS async function polling `js_condition` (an expression, or a function of no
    arguments) until it is truthy; resolves to that value, or throws once the time is up
    (the loop stops then: nothing keeps polling in the page after a timeout)."""
    ms = max(10, int(polling_s * 1000))
    deadline_ms = int(timeout_s * 1000)
    return f"""async () => {{
  const deadline = performance.now() + {deadline_ms};
  for (;;) {{
    let value = ({js_condition});
    if (typeof value === 'function') value = value();
    value = await value;
    if (value) return value;
    if (performance.now() > deadline) throw new Error({json.dumps(_TIMED_OUT)} + ' after {deadline_ms} ms');
    await new Promise((resolve) => setTimeout(resolve, {ms}));
  }}
}}"""


def unwrap(outcome: Any, what: str) -> Any:
    """The value of a call_source outcome, or the page's error raised."""
    if not isinstance(outcome, dict) or "ok" not in outcome:
        raise PageScriptError(f"{what}: unexpected reply from the browser: {outcome!r}")
    if outcome["ok"]:
        return outcome.get("value")
    error_type = PageWaitTimeout if outcome.get("timedOut") else PageScriptError
    raise error_type(f"{what}: {outcome.get('error')}")


class BrowserDriver(abc.ABC):
    """One browser window driven by a test, whatever the engine.

    engine   "chromium" | "firefox" | "webkit"
    label    what the test report shows, e.g. "WebKitGTK 2.50.6, SharedArrayBuffer off"
    """

    engine: str = ""
    label: str = ""

    # ---- what each engine implements ----------------------------------------------

    @abc.abstractmethod
    def _navigate(self, url: str, timeout_s: float) -> None:
        """Load `url` and return once its load event fired."""

    @abc.abstractmethod
    def _call(self, source: str, args: list, timeout_s: float) -> Any:
        """Run call_source output with `args` in the page; return its raw outcome."""

    @abc.abstractmethod
    def _screenshot_png(self) -> bytes:
        """The visible viewport as PNG bytes."""

    @abc.abstractmethod
    def _shutdown(self) -> None:
        """End the session and every process the driver started (best effort)."""

    # ---- the interface the tests use ----------------------------------------------

    def open(self, url: str, *, timeout: float = OPEN_TIMEOUT_S) -> None:
        """Navigate to `url` and wait for its load event."""
        self._navigate(str(url), timeout)

    def evaluate_async(self, js: str, *args: Any, timeout: float = SCRIPT_TIMEOUT_S) -> Any:
        """Call the JS function `js` with `args` in the page, await it, return its JSON value."""
        outcome = self._call(call_source(js, timeout), list(args), timeout + BACKSTOP_S)
        return unwrap(outcome, f"{self.engine}: script failed")

    def wait_for(self, js_condition: str, *, timeout: float = WAIT_TIMEOUT_S, polling: float = 0.05) -> Any:
        """Poll `js_condition` in the page until it is truthy; return its value."""
        try:
            source = condition_source(js_condition, polling, timeout)
            return self.evaluate_async(source, timeout=timeout + BACKSTOP_S)
        except PageWaitTimeout as error:
            raise PageWaitTimeout(f"{self.engine}: waited {timeout:.0f} s for {js_condition}") from error

    def screenshot(self, path: str | os.PathLike) -> Path:
        """Save the viewport as a PNG at `path`; returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self._screenshot_png())
        return path

    def close(self) -> None:
        """End the browser and its helper processes; safe to call twice."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        self._shutdown()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.label or self.engine}>"


class OwnedProcess:
    """A process this driver started in a process group of its own.

    stop() ends the whole group (the browser's helper processes included), by the
    group id of the process we started: TERM, then KILL after a grace period.
    """

    def __init__(self, args: list[str], *, env: dict[str, str] | None = None,
                 log: Path | None = None, pass_fds: tuple[int, ...] = ()):
        self.args = args
        self._log = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            args, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            pass_fds=pass_fds, start_new_session=True, preexec_fn=die_with_parent,
        )
        self.pid = self.popen.pid

    def running(self) -> bool:
        return self.popen.poll() is None

    def stop(self, grace_s: float = 5.0) -> None:
        for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, sig)  # the group we created: pgid == our child's pid
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(wait_s)
                if not _group_alive(self.pid):
                    break
        if self._log is not subprocess.DEVNULL:
            self._log.close()


def die_with_parent() -> None:
    """preexec_fn: the child gets SIGTERM if pytest dies without cleaning up (Linux).

    Its own helpers go with it: Firefox ends its content processes, and GTK programs
    (the MiniBrowser) exit when their Xvfb display goes away.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


_PR_SET_PDEATHSIG = 1


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def wait_until(predicate, timeout_s: float, what: str, *, interval_s: float = 0.05):
    """Poll a local (not in-page) condition, e.g. a port file appearing; returns its value."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(interval_s)

"""The `any_browser` pytest fixture: one driver per engine, for a whole test module.

Import it into a test module (`from drivers.fixture import any_browser`). It is
module-scoped and parametrized over ENGINES, so pytest runs the module's tests
engine by engine and starts each browser once. A missing engine is skipped with
"<engine> not installed: <what to install>", except in CI (CI=true), where the
test fails: a CI run must not go green without all of them.
"""

from __future__ import annotations

import time

import pytest

from . import ENGINES, in_ci, launch


def require_engine(spec) -> None:
    """Skip (or, in CI, fail) the current test when `spec`'s engine cannot run here."""
    reason = spec.unavailable_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"CI must run every browser engine: {reason}", pytrace=False)
    pytest.skip(reason)


class _EngineSummary:
    """Collects one line per engine; pytest prints them in a "browser engines" section."""

    NAME = "any-browser-summary"

    def __init__(self):
        self.lines: list[str] = []

    def pytest_terminal_summary(self, terminalreporter):
        if self.lines:
            terminalreporter.section("browser engines")
            for line in self.lines:
                terminalreporter.write_line(line)


def report_line(config, line: str) -> None:
    """Adds `line` to the end-of-run summary (figures such as time to ready)."""
    summary = config.pluginmanager.get_plugin(_EngineSummary.NAME)
    if summary is None:
        summary = _EngineSummary()
        config.pluginmanager.register(summary, _EngineSummary.NAME)
    summary.lines.append(line)


@pytest.fixture(scope="module", params=list(ENGINES), ids=list(ENGINES))
def any_browser(request, tmp_path_factory):
    """A BrowserDriver for the parametrized engine, closed (processes ended) after the module.

    Attributes added for reports: driver.spec (EngineSpec), driver.launch_seconds.
    """
    spec = ENGINES[request.param]
    require_engine(spec)
    playwright_browser = request.getfixturevalue("browser") if spec.engine == "chromium" else None
    started = time.monotonic()
    driver = launch(spec, tmp_path_factory.mktemp(f"{spec.id}-profile"), playwright_browser=playwright_browser)
    driver.spec = spec
    driver.launch_seconds = time.monotonic() - started
    try:
        yield driver
    finally:
        driver.close()

"""Shared pytest setup for all of tests/.

Browser tests (marker `browser`; a test using the `browser` or `page` fixture
gets it automatically) need Debian's Chromium and the Python Playwright package.
Without them they are skipped on a developer's machine, with the reason shown by
`-ra`, but they FAIL when the environment variable CI is true: a CI run must not
go green by skipping them. Tests parametrized by `any_browser` on Firefox or
WebKit skip or fail the same way on their own engine (tests/browser/drivers).
"""

from __future__ import annotations

import os

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def chromium_path() -> str:
    return os.environ.get("PLAYWRIGHT_CHROMIUM") or DEFAULT_CHROMIUM


def browser_unavailable_reason() -> str | None:
    """Why browser tests cannot run here, or None if they can."""
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return (
            f"Chromium not found at {path} (install Debian's chromium: "
            "`apt-get install chromium`, or set PLAYWRIGHT_CHROMIUM)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (run tests via `python3 build.py test`)"
    return None


def pytest_collection_modifyitems(config, items):
    # A test that drives Chromium is a browser test, marked or not.
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") is None:
        return
    callspec = getattr(item, "callspec", None)
    engine = callspec.params.get("any_browser") if callspec else None
    if engine not in (None, "chromium"):
        return  # Firefox / WebKit: the any_browser fixture checks its own engine (tests/browser/drivers)
    reason = browser_unavailable_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)

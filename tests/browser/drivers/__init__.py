"""Browser-neutral drivers: the same user-level test on Chromium, Firefox and WebKitGTK.

    driver.open(url)                    load a page (waits for its load event)
    driver.evaluate_async(js, *args)    call the JS function `js` in the page, await it,
                                        return its JSON value (PageScriptError if it throws)
    driver.wait_for(js_condition)       poll an expression / function until it is truthy
    driver.screenshot(path)             the viewport as a PNG file
    driver.close()                      end the browser and every process it started

Engines (ENGINES, by pytest id):
    chromium    Playwright, Debian's Chromium (the session's `browser` fixture)
    firefox     Marionette (marionette_driver), `firefox-esr --marionette --headless`
    webkit      WebKitGTK MiniBrowser via WebKitWebDriver (selenium) under Xvfb:
                no JSPI, no SharedArrayBuffer
    webkit-sab  the same with JSC_useSharedArrayBuffer=1

The `any_browser` fixture (drivers.fixture) yields a driver per engine.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from .base import BrowserDriver, PageScriptError, PageWaitTimeout

__all__ = [
    "ENGINES", "BrowserDriver", "EngineSpec", "PageScriptError", "PageWaitTimeout",
    "in_ci", "launch",
]


def in_ci() -> bool:
    """True when the environment variable CI says so (then no engine may be skipped)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def _chromium_missing() -> str | None:
    path = os.environ.get("PLAYWRIGHT_CHROMIUM") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        return f"chromium (`apt-get install chromium`, or set PLAYWRIGHT_CHROMIUM; looked at {path})"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright (run tests via `python3 build.py test`)"
    return None


def _firefox_missing() -> str | None:
    from .firefox import missing

    return missing()


def _webkit_missing() -> str | None:
    from .webkit import missing

    return missing()


@dataclasses.dataclass(frozen=True, slots=True)
class EngineSpec:
    """One engine configuration the core tests run on."""

    id: str                    # the pytest parameter id
    engine: str                # chromium | firefox | webkit
    name: str                  # for people: "Firefox ESR"
    missing: Callable[[], str | None]  # what to install, or None
    shared_array_buffer: bool | None = None  # WebKit only: JSC_useSharedArrayBuffer

    def unavailable_reason(self) -> str | None:
        what = self.missing()
        return f"{self.name} not installed: {what}" if what else None


ENGINES: dict[str, EngineSpec] = {
    spec.id: spec
    for spec in (
        EngineSpec("chromium", "chromium", "Chromium", _chromium_missing),
        EngineSpec("firefox", "firefox", "Firefox ESR", _firefox_missing),
        EngineSpec("webkit", "webkit", "WebKitGTK", _webkit_missing, shared_array_buffer=False),
        EngineSpec("webkit-sab", "webkit", "WebKitGTK", _webkit_missing, shared_array_buffer=True),
    )
}


def launch(spec: EngineSpec, profile_dir: Path, *, playwright_browser=None, **options) -> BrowserDriver:
    """Start `spec`'s engine with a fresh profile in `profile_dir`.

    Chromium needs the session's Playwright browser (`playwright_browser`); the other
    engines start their own processes, which the driver's close() ends.
    """
    if spec.engine == "chromium":
        from .chromium import ChromiumDriver

        if playwright_browser is None:
            raise ValueError("the chromium driver needs the session's Playwright browser")
        return ChromiumDriver(playwright_browser, **options)
    if spec.engine == "firefox":
        from .firefox import FirefoxDriver

        return FirefoxDriver(profile_dir, **options)
    if spec.engine == "webkit":
        from .webkit import WebKitDriver

        return WebKitDriver(profile_dir, shared_array_buffer=bool(spec.shared_array_buffer), **options)
    raise ValueError(f"unknown engine {spec.engine!r}")

"""Chromium through Playwright, in a fresh context of the session's browser.

The `browser` fixture (tests/browser/conftest.py) owns the Chromium process; a
Playwright sync API instance cannot be started twice in one thread, so this
driver borrows it and owns only its context (a fresh, throwaway profile).
"""

from __future__ import annotations

from typing import Any

from .base import BrowserDriver


class ChromiumDriver(BrowserDriver):
    engine = "chromium"

    def __init__(self, browser, **context_options: Any):
        self.label = f"Chromium {browser.version}"
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.context.on(
            "console",
            lambda message: self.console_errors.append(message.text) if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))

    def _navigate(self, url: str, timeout_s: float) -> None:
        self.page.goto(url, wait_until="load", timeout=timeout_s * 1000)

    def _call(self, source: str, args: list, timeout_s: float) -> Any:
        # The in-page timer bounds the call; Playwright's evaluate has no timeout.
        return self.page.evaluate(source, args)

    def _screenshot_png(self) -> bytes:
        return self.page.screenshot(type="png")

    def _shutdown(self) -> None:
        self.context.close()

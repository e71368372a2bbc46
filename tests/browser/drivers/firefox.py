"""Firefox ESR through Marionette (the marionette_driver package).

Playwright cannot drive Debian's stock Firefox and there is no geckodriver package,
so this driver starts `firefox-esr --marionette --headless` itself, with a fresh
profile whose user.js asks for a free Marionette port (written back by Firefox to
the profile's MarionetteActivePort file), and talks to it with marionette_driver.
Page scripts run with sandbox=None: in the page's own window, so they see
window.playground, not through an Xray wrapper.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from .base import OPEN_TIMEOUT_S, BrowserDriver, OwnedProcess, wait_until

FIREFOX_BINARIES = ("firefox-esr", "firefox")
START_TIMEOUT_S = 60.0
VIEWPORT = (1280, 900)

# A quiet, offline-friendly profile: no first-run pages, updates, telemetry or
# background requests, English UI (tests read the page's English strings).
USER_PREFS = {
    "marionette.port": 0,
    "intl.accept_languages": "en-US",
    "intl.locale.requested": "en-US",
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.page": 0,
    "browser.startup.homepage_override.mstone": "ignore",
    "startup.homepage_welcome_url": "about:blank",
    "app.update.disabledForTesting": True,
    "app.normandy.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "browser.region.network.url": "",
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "services.settings.server": "data:,",
    "extensions.update.enabled": False,
    "browser.aboutwelcome.enabled": False,
}


def firefox_binary() -> str | None:
    """$FIREFOX_BIN, else the first of firefox-esr / firefox on PATH."""
    override = os.environ.get("FIREFOX_BIN")
    if override:
        return override if os.access(override, os.X_OK) else None
    return next(filter(None, map(shutil.which, FIREFOX_BINARIES)), None)


def missing() -> str | None:
    """What to install for this engine, or None when it can run here."""
    if firefox_binary() is None:
        return "firefox-esr (`apt-get install firefox-esr`, or set FIREFOX_BIN)"
    try:
        import marionette_driver  # noqa: F401
    except ImportError:
        return "the Python package marionette_driver (pinned in pyproject.toml; run tests via `python3 build.py test`)"
    return None


def _user_js(prefs: dict[str, Any]) -> str:
    import json

    return "".join(f"user_pref({json.dumps(name)}, {json.dumps(value)});\n" for name, value in prefs.items())


class FirefoxDriver(BrowserDriver):
    engine = "firefox"

    def __init__(self, profile_dir: Path, *, start_timeout: float = START_TIMEOUT_S):
        from marionette_driver.marionette import Marionette

        self.profile = Path(profile_dir) / "profile"
        self.profile.mkdir(parents=True)
        (self.profile / "user.js").write_text(_user_js(USER_PREFS))
        port_file = self.profile / "MarionetteActivePort"
        self.process = OwnedProcess(
            [firefox_binary(), "--marionette", "--headless", "--no-remote",
             "--profile", str(self.profile), f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}"],
            env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1", "LANG": "en_US.UTF-8"},
            log=Path(profile_dir) / "firefox.log",
        )
        self.marionette = None
        try:
            port = wait_until(
                lambda: self._read_port(port_file), start_timeout, "Firefox's Marionette port file",
            )
            # socket_timeout backs up the script timeouts, which are passed per call.
            self.marionette = Marionette(host="127.0.0.1", port=port, socket_timeout=300)
            capabilities = self.marionette.start_session(timeout=start_timeout)
        except BaseException:
            self._shutdown()
            raise
        self.label = f"Firefox {capabilities.get('browserVersion', '?')}"

    def _read_port(self, port_file: Path) -> int | None:
        if not self.process.running():
            raise RuntimeError(f"Firefox exited early (code {self.process.popen.returncode}); see its log")
        try:
            return int(port_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def _navigate(self, url: str, timeout_s: float = OPEN_TIMEOUT_S) -> None:
        self.marionette.timeout.page_load = timeout_s
        self.marionette.navigate(url)

    def _call(self, source: str, args: list, timeout_s: float) -> Any:
        script = (
            "const done = arguments[arguments.length - 1];\n"
            f"({source})(Array.prototype.slice.call(arguments, 0, -1)).then(done);"
        )
        return self.marionette.execute_async_script(
            script, script_args=args, sandbox=None, script_timeout=int(timeout_s * 1000),
        )

    def _screenshot_png(self) -> bytes:
        return self.marionette.screenshot(format="binary", full=False)

    def _shutdown(self) -> None:
        marionette = self.marionette
        if marionette is not None:
            try:
                if marionette.session is not None:
                    marionette.client.socket_timeout = 10
                    marionette.delete_session()
            except Exception:  # noqa: BLE001 - the process is killed next anyway
                pass
            marionette.cleanup_ran = True  # its __del__ must not try again
        self.process.stop()

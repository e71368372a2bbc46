"""WebKitGTK's MiniBrowser through WebKitWebDriver (selenium's webdriver.WebKitGTK).

The MiniBrowser has no headless mode: each driver starts its own Xvfb (the display
number comes back through -displayfd) and ends it by PID. WebKitGTK 2.50 has no JSPI
and, unless JSC_useSharedArrayBuffer=1 is in its environment, no SharedArrayBuffer
even on a cross-origin isolated page: the degraded path an older Safari takes.
HOME and the XDG directories point into the driver's own temporary directory, so
every run starts from an empty profile (no cache, no storage).
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

from .base import BrowserDriver, OwnedProcess, die_with_parent

MINIBROWSER = os.environ.get("WEBKITGTK_MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
START_TIMEOUT_S = 30.0
VIEWPORT = (1280, 900)


def missing() -> str | None:
    """What to install for this engine, or None when it can run here."""
    if shutil.which("WebKitWebDriver") is None:
        return "WebKitWebDriver (`apt-get install webkit2gtk-driver`)"
    if not os.access(MINIBROWSER, os.X_OK):
        return f"WebKitGTK's MiniBrowser at {MINIBROWSER} (`apt-get install libwebkit2gtk-4.1-0`)"
    if shutil.which("Xvfb") is None:
        return "Xvfb (`apt-get install xvfb xauth`)"
    try:
        import selenium.webdriver  # noqa: F401
    except ImportError:
        return "the Python package selenium (pinned in pyproject.toml; run tests via `python3 build.py test`)"
    return None


class Xvfb:
    """A private X server: started with -displayfd, ended by its PID."""

    def __init__(self, log: Path, *, timeout_s: float = START_TIMEOUT_S):
        read_end, write_end = os.pipe()
        try:
            self.process = OwnedProcess(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1600x1200x24",
                 "-nolisten", "tcp", "-noreset"],
                log=log, pass_fds=(write_end,),
            )
        finally:
            os.close(write_end)
        try:
            self.display = ":" + self._read_display(read_end, timeout_s)
        except BaseException:
            self.process.stop()
            raise
        finally:
            os.close(read_end)

    def _read_display(self, fd: int, timeout_s: float) -> str:
        received = b""
        while not received.endswith(b"\n"):
            ready, _, _ = select.select([fd], [], [], timeout_s)
            chunk = os.read(fd, 64) if ready else b""
            if not chunk:
                raise RuntimeError(f"Xvfb did not report a display within {timeout_s:.0f} s")
            received += chunk
        return received.decode().strip()

    def stop(self) -> None:
        self.process.stop()


class WebKitDriver(BrowserDriver):
    engine = "webkit"

    def __init__(self, profile_dir: Path, *, shared_array_buffer: bool = False):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        home = Path(profile_dir)
        self.shared_array_buffer = shared_array_buffer
        self.driver = None
        self.service = None
        self.xvfb = Xvfb(home / "xvfb.log")
        try:
            env = {
                **os.environ,
                "DISPLAY": self.xvfb.display,
                "GDK_BACKEND": "x11",
                "HOME": str(home),
                "XDG_CACHE_HOME": str(home / "cache"),
                "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_DATA_HOME": str(home / "data"),
                "LANG": "en_US.UTF-8",
                "LANGUAGE": "en_US",
                "NO_AT_BRIDGE": "1",
            }
            env.pop("JSC_useSharedArrayBuffer", None)
            if shared_array_buffer:
                env["JSC_useSharedArrayBuffer"] = "1"
            options = Options()
            options.binary_location = MINIBROWSER
            options.add_argument("--automation")
            # Its own process group, so close() can end WebKitWebDriver, the MiniBrowser
            # and WebKit's helper processes together.
            self.service = Service(
                executable_path=shutil.which("WebKitWebDriver"), env=env,
                log_output=str(home / "webkitwebdriver.log"),
                popen_kw={"start_new_session": True, "preexec_fn": die_with_parent},
            )
            self.driver = webdriver.WebKitGTK(options=options, service=self.service)
            self.driver.set_window_size(*VIEWPORT)
        except BaseException:
            self._shutdown()
            raise
        version = self.driver.capabilities.get("browserVersion", "?")
        self.label = f"WebKitGTK {version}, SharedArrayBuffer {'on' if shared_array_buffer else 'off'}"

    def _navigate(self, url: str, timeout_s: float) -> None:
        self.driver.set_page_load_timeout(timeout_s)
        self.driver.get(url)

    def _call(self, source: str, args: list, timeout_s: float) -> Any:
        self.driver.set_script_timeout(timeout_s)
        script = (
            "const done = arguments[arguments.length - 1];\n"
            f"({source})(Array.prototype.slice.call(arguments, 0, -1)).then(done);"
        )
        return self.driver.execute_async_script(script, *args)

    def _screenshot_png(self) -> bytes:
        return self.driver.get_screenshot_as_png()

    def _shutdown(self) -> None:
        try:
            if self.driver is not None:
                self.driver.quit()
        except Exception:  # noqa: BLE001 - the processes are killed below anyway
            pass
        process = getattr(self.service, "process", None)
        if process is not None:
            try:  # the group we created for WebKitWebDriver (its pgid is its pid)
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                pass
        self.xvfb.stop()

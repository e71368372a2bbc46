"""A host for the runtime under plain CPython: the worker's calls, played by a thread."""

from __future__ import annotations

import json
import signal
import threading


class ThreadHost:
    """A host for CPython: waits on a condition; `interrupt()` plays the Stop button."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._cond = threading.Condition()
        self._signal = 0
        self._stop = False
        self._requests: list[dict] = []
        self.commands: list[int] = []  # the inspector's commands, played in turn (none left: CONTINUE)

    def wait(self, timeout: float | None, wake_on_requests: bool = False) -> int:
        with self._cond:
            if not self._signal and not (wake_on_requests and self._requests):
                if timeout is None:
                    self._cond.wait()
                elif timeout > 0:
                    self._cond.wait(timeout)
            sig, self._signal = self._signal, 0
            return sig

    def post(self, message: str) -> None:
        self.messages.append(message)

    def stop_requested(self) -> bool:
        return self._stop

    def take_requests(self) -> str | None:
        with self._cond:
            requests, self._requests = self._requests, []
        return json.dumps(requests) if requests else None

    def send_request(self, message: dict) -> None:
        """Play the page's server panel: queue `message` for the program and wake it."""
        with self._cond:
            self._requests.append(message)
            self._cond.notify_all()

    def send_stdin(self, text: str, eof: bool = False) -> None:
        """Play the console's input line: `text` typed (lines end with "\n"), `eof` Ctrl+D."""
        self.send_request({"type": "stdin", "text": text, "eof": eof})

    def interrupt(self, signum: int = signal.SIGINT) -> None:
        """Ask for a stop, as the page does: flag, pending signal, wake-up."""
        with self._cond:
            self._stop = True
            self._signal = signum
            self._cond.notify_all()

    def take_command(self) -> int:
        return self.commands.pop(0) if self.commands else 3

    def interrupt_later(self, signum: int) -> None:
        with self._cond:
            self._signal = signum

    def reset(self) -> None:
        with self._cond:
            self._stop = False
            self._signal = 0


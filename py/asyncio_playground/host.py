"""The host: what the runtime needs from the place it runs in.

In the browser the host is a JS object of web/worker.js; the CPython tests use
tests/support/host.py's ThreadHost. Both offer these calls.
"""

from __future__ import annotations

from typing import Protocol


class Host(Protocol):
    def wait(self, timeout: float | None, wake_on_requests: bool = False) -> int:
        """Block up to `timeout` seconds (None: forever) or until woken.

        With `wake_on_requests`, return at once while requests from the page's server
        panel wait in the mailbox. Returns the number of a signal the page asked for
        (SIGINT for Stop), else 0.
        """

    def post(self, message: str) -> None:
        """Send one JSON message to the page."""

    def stop_requested(self) -> bool:
        """True once the page asked the current run to stop."""

    def take_requests(self) -> str | None:
        """The page's pending server-panel messages as a JSON list (emptying the mailbox), or None."""

    def take_command(self) -> int:
        """The inspector's pending command (protocol.js INSPECT_COMMANDS, emptying the slot), else 0."""

    def interrupt_later(self, signum: int) -> None:
        """Deliver `signum` again at the program's next signal check or wait, not at once (a
        Ctrl+C that landed in the playground's own gc callback goes back to the program)."""

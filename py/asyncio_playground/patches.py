"""The one patch/restore helper: what a run replaces (asyncio.run, time.sleep, a loop's
methods, a signal handler...) is put back by `restore()`, newest first.

Every engine, instrument and exercise watch puts its changes here, on the run's Patches
(run.py), so one `close()` undoes them all, in the reverse order of their making.
"""

from __future__ import annotations

import signal
from typing import Callable

_ABSENT = object()


class Patches:
    """Attributes and settings replaced for one run, until restore()."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def set(self, owner, name: str, value) -> None:
        """`owner.name = value` (a module, a class or an instance) until restore(): then the
        attribute is as it was, absent if `owner` itself did not have it (inherited)."""
        old = vars(owner).get(name, _ABSENT)
        setattr(owner, name, value)
        self._undo.append(lambda: setattr(owner, name, old) if old is not _ABSENT else delattr(owner, name))

    def signal(self, signum: int, handler) -> None:
        """The Python-level handler of `signum` until restore()."""
        old = signal.getsignal(signum)
        signal.signal(signum, handler)
        self._undo.append(lambda: signal.signal(signum, old))

    def on_restore(self, undo: Callable[[], None]) -> None:
        """Call `undo()` at restore(), in turn (for state set through functions, not attributes)."""
        self._undo.append(undo)

    def restore(self) -> None:
        """Put everything back, newest first; every undo runs even if one fails."""
        undo, self._undo = self._undo, []
        try:
            while undo:
                undo.pop()()
        finally:
            while undo:  # one failed: the others still run (the first error is raised)
                try:
                    undo.pop()()
                except Exception:  # noqa: BLE001, S110 - restore all that can be restored
                    pass

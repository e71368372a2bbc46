"""Virtual time for one run (run option `clock: "virtual"`, or `# clock: virtual` on line 1).

The program's clocks (`time.time`, `monotonic`, `perf_counter` and their `_ns` twins, hence
`loop.time()`) read a virtual clock that moves only when the program waits: the loop's
`select(timeout)` jumps straight to its next timer, and a blocking `time.sleep(s)` moves it by
`s` (the loop stays blocked for those virtual seconds, as in real time). This is trio's
`MockClock(autojump_threshold=0)`: a 60-second program ends at once, and timings print as
ideal figures. With nothing scheduled (`select(None)`), the wait is real: only the page
(Stop, a server request) can end it, as in real time.
"""

from __future__ import annotations

import time

from .blocking import Waits

CLOCKS = ("real", "virtual")
DEFAULT_CLOCK = "real"

_real = {name: getattr(time, name) for name in ("time", "monotonic", "perf_counter")}


class VirtualClock:
    """Seconds elapsed since the run started, moved only by `advance`; each time function
    reads its real value at the start of the run plus that."""

    def __init__(self) -> None:
        self.elapsed = 0.0
        self._bases = {name: clock() for name, clock in _real.items()}

    def advance(self, seconds: float) -> None:
        if seconds > 0:
            self.elapsed += seconds

    def function(self, name: str):
        """The virtual twin of `time.<name>` (`time`, `monotonic`, `perf_counter`, or `<name>_ns`)."""
        base_name = name.removesuffix("_ns")
        base = self._bases[base_name]
        if name.endswith("_ns"):
            def read_ns() -> int:
                return int((base + self.elapsed) * 1e9)
            read = read_ns
        else:
            def read() -> float:
                return base + self.elapsed
        read.__name__ = read.__qualname__ = name
        read.__module__ = "time"
        read.__doc__ = getattr(time, name).__doc__
        return read

    def install(self, patches) -> None:
        """The program's clocks follow this one until `patches` are restored."""
        for base in _real:
            for name in (base, base + "_ns"):
                patches.set(time, name, self.function(name))


class VirtualWaits(Waits):
    """The waits of a run on virtual time: a timed wait asks the page only for a Stop or a
    request (a wait of 0 s) and then moves the clock; an endless wait is a real one."""

    def __init__(self, host=None, before_wait=None, clock: VirtualClock | None = None) -> None:
        super().__init__(host, before_wait)
        self.clock = clock or VirtualClock()  # self.sleep (Waits') reads it through time.monotonic

    def wait(self, timeout: float | None, *, wake_on_requests: bool = False) -> None:
        if timeout is None:
            super().wait(None, wake_on_requests=wake_on_requests)
            return
        if self._host is None:
            self.flush()
        else:
            super().wait(0, wake_on_requests=wake_on_requests)  # a Stop lands here
        self.clock.advance(timeout)


"""Watches a run for a lesson exercise: what the program printed and when, how long it ran,
how long `time.sleep` held a running event loop. Its facts are all a check reads."""

from __future__ import annotations

import asyncio.events as events
import time

from .facts import Line, RunFacts

clock = time.perf_counter


class Watch:
    """Watches one run for exercise `exercise_id`: output with times, blocking sleeps."""

    def __init__(self, exercise_id: str) -> None:
        self.exercise_id = exercise_id
        self._writes: list[tuple[float, str, str]] = []
        self._blocked = 0.0
        self._started = 0.0
        self._ended: float | None = None

    def start(self, sink, patches) -> None:
        """From now on: `sink`'s writes are timed, `time.sleep` inside a loop is counted (until
        the run's `patches` are restored)."""
        write = sink.write

        def timed_write(stream: str, text: str) -> None:
            self._writes.append((clock() - self._started, stream, text))
            write(stream, text)

        patches.set(sink, "write", timed_write)
        sleep = time.sleep

        def watched_sleep(secs):
            if events._get_running_loop() is None:
                return sleep(secs)
            began = clock()
            try:
                return sleep(secs)
            finally:
                self._blocked += clock() - began

        patches.set(time, "sleep", watched_sleep)
        self._started = clock()

    def stop(self) -> None:
        """The program is over: its time stops here."""
        if self._ended is None:
            self._ended = clock() - self._started

    def facts(self, exit_code: int) -> RunFacts:
        stdout: list[Line] = []
        partial, partial_t = "", 0.0
        stderr: list[str] = []
        for t, stream, text in self._writes:
            if stream == "stderr":
                stderr.append(text)
                continue
            if stream != "stdout":
                continue
            for piece in text.splitlines(keepends=True):
                if not partial:
                    partial_t = t
                partial += piece
                if partial.endswith("\n"):
                    stdout.append(Line(partial_t, partial.rstrip()))
                    partial = ""
        if partial:
            stdout.append(Line(partial_t, partial.rstrip()))
        elapsed = self._ended if self._ended is not None else clock() - self._started
        return RunFacts(exit_code, elapsed, tuple(stdout), "".join(stderr), self._blocked)

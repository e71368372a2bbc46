"""One run of a program: the run object owns every per-run part, as asyncio.Runner owns its loop.

`Run` makes the run's channel, output, patches, engine (chosen once, from its options)
and exercise watch; `with run:` sets up the process the program sees and the engine's
patches, and its one `close()` takes everything down, newest first. The engine runs the
program in between (engines/) and returns the `RunResult`, the one shape the page gets
as `done` (web/protocol.js).
"""

from __future__ import annotations

import json
import signal
import time
from dataclasses import dataclass

from . import engines
from .channel import Channel
from .engines.virtual_clock import CLOCKS, DEFAULT_CLOCK
from .patches import Patches
from .process import set_up_process
from .stdin import Keyboard, Mailbox

clock = time.perf_counter


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run: `timeline` records the task timeline (off: no cost at all); `debug` is
    asyncio's debug mode; `exercise` names a lesson exercise whose check judges the run;
    `engine` (engines.ENGINES) is the event loop, as the page decided it; `stdin` is the
    prepared input, read first; `keyboard`: the page can send typed lines (shared memory);
    `input_line`: the page shows an input line (what the console says at end-of-file);
    `stdin_via`: "message" when a WebLoop run under JSPI awaits typed input as messages;
    `clock` is "real" or "virtual" (engines/virtual_clock.py, CPython loop engine only)."""

    timeline: bool = False
    debug: bool = False
    exercise: str | None = None
    engine: str = engines.DEFAULT_ENGINE
    stdin: str = ""
    keyboard: bool = False
    input_line: bool = False
    stdin_via: str = "mailbox"
    clock: str = DEFAULT_CLOCK
    inspect: bool = False  # pause and step the loop (CPython loop engine; insights/stepper.py)

    @classmethod
    def parse(cls, options: RunOptions | dict | str | None) -> RunOptions:
        """From a dict or a JSON object (what the worker passes); unknown keys are ignored."""
        if isinstance(options, cls):
            return options
        if isinstance(options, str):
            options = json.loads(options) if options.strip() else {}
        options = options or {}
        engine = options.get("engine") or engines.DEFAULT_ENGINE
        if engine not in engines.ENGINES:
            raise ValueError(f"unknown engine {engine!r}: one of {', '.join(engines.ENGINES)}")
        clock = options.get("clock") or DEFAULT_CLOCK
        if clock not in CLOCKS:
            raise ValueError(f"unknown clock {clock!r}: one of {', '.join(CLOCKS)}")
        exercise = options.get("exercise")
        stdin = options.get("stdin")
        return cls(timeline=bool(options.get("timeline", False)), debug=bool(options.get("debug", False)),
                   exercise=str(exercise) if exercise else None, engine=engine, clock=clock,
                   inspect=bool(options.get("inspect", False)),
                   stdin=stdin if isinstance(stdin, str) else "", keyboard=bool(options.get("keyboard", False)),
                   input_line=bool(options.get("inputLine", False)),
                   stdin_via="message" if options.get("stdinVia") == "message" else "mailbox")


@dataclass(frozen=True, slots=True)
class RunResult:
    """How a run ended; `to_json()` is the `done` message's fields (web/protocol.js RUN_RESULT)."""

    run_id: int
    ok: bool
    exit_code: int
    stopped: bool
    truncated: bool
    duration_ms: float = 0.0  # from the run's setup to its end, measured here only
    engine: str = engines.DEFAULT_ENGINE
    restart: bool = False  # the worker must be replaced: something of the run could not be ended
    exercise: dict | None = None  # the verdict of options.exercise: {exercise, passed, message_fr, message_en}
    virtual_ms: float | None = None  # on virtual time: the virtual time the run took

    def to_json(self) -> str:
        fields = {
            "runId": self.run_id, "ok": self.ok, "exitCode": self.exit_code, "stopped": self.stopped,
            "truncated": self.truncated, "durationMs": self.duration_ms, "engine": self.engine,
            "restart": self.restart,
        }
        if self.exercise is not None:
            fields["exercise"] = self.exercise
        if self.virtual_ms is not None:
            fields["clock"], fields["virtualMs"] = "virtual", self.virtual_ms
        return json.dumps(fields)


class Run:
    """One program `code` of run `run_id`, its events posted through `host`."""

    def __init__(self, code: str, run_id: int, host, options: RunOptions | dict | str | None = None) -> None:
        self.code, self.run_id, self.host = code, run_id, host
        self.options = RunOptions.parse(options)
        self.channel = Channel(host, run_id)
        self.patches = Patches()
        self.mailbox = Mailbox(host.take_requests)  # typed lines, and the server panel's requests
        self.keyboard = Keyboard(self.channel, self.mailbox, prepared=self.options.stdin,
                                 live=self.options.keyboard, input_line=self.options.input_line)
        self.engine = engines.create(self.options.engine, self)
        self.sink = self.engine.sink
        self.channel.before_event = self.sink.flush  # output first, then any other event
        self.watch = None
        if self.options.exercise:
            from .exercises import Watch  # imported by the first exercise run

            self.watch = Watch(self.options.exercise)
        self.stderr = None  # the program's sys.stderr, once set up
        self.task = None  # on the WebLoop engine: the run, as a task of the browser's loop
        self._stop_asked = False
        self._started = clock()

    def start(self):
        """Run the program on its engine: the CPython loop runs it here and now and returns its
        RunResult; the WebLoop engine starts it on the browser's loop and returns the task."""
        return self.engine.start(self)

    # ---- setup and close ---------------------------------------------------------

    def __enter__(self) -> Run:
        try:
            self.stderr = set_up_process(self.sink, self.patches, debug=self.options.debug, stdin=self.keyboard)
            self.engine.install(self.patches)
            if self.watch is not None:
                self.watch.start(self.sink, self.patches)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """The run is over: the engine posts what it still has, then every patch is undone and
        the process is as it was before the run."""
        try:
            self.keyboard.close_run()
            self.engine.close()
        finally:
            self.patches.restore()

    # ---- while it runs ---------------------------------------------------------------

    def stop_requested(self) -> bool:
        """The page asked this run to stop (Stop: the control buffer, or CANCEL)."""
        return self._stop_asked or self.host.stop_requested()

    def cancel(self, run_id: int) -> None:
        """The worker's CANCEL for run `run_id` (Stop on the WebLoop engine): another run's is ignored."""
        if run_id == self.run_id:
            self.stop()

    def stop(self) -> None:
        """Stop the program (once): the engine cancels what it runs."""
        if not self._stop_asked:
            self._stop_asked = True
            self.engine.stop()

    def program_over(self) -> None:
        """The program has ended (its time too, for the exercise watch): a late Ctrl+C must not
        break the tidying up, and after a Stop the page waits for `done` instead of escalating."""
        if self.watch is not None:
            self.watch.stop()
        self.patches.signal(signal.SIGINT, signal.SIG_IGN)
        if self.stop_requested():
            self.channel.emit("finishing")

    def result(self, exit_code: int, *, restart: bool = False) -> RunResult:
        """How the run ended, once it is closed: the output is all posted, the verdict judged."""
        stopped = self.stop_requested()
        self.sink.flush()
        exercise = None
        if self.watch is not None and not stopped:
            from .exercises import verdict

            exercise = verdict(self.watch, exit_code)
        return RunResult(
            self.run_id, exit_code == 0 and not stopped, exit_code, stopped, self.sink.truncated,
            duration_ms=(clock() - self._started) * 1000, engine=self.engine.name, restart=restart,
            exercise=exercise, virtual_ms=getattr(self.engine, "virtual_ms", lambda: None)(),
        )


def run_program(code: str, run_id: int, host, options: RunOptions | dict | str | None = None) -> RunResult:
    """Run `code` here and now on the CPython loop (the default engine), as tests and tools do."""
    result = Run(code, run_id, host, options).start()
    if not isinstance(result, RunResult):
        raise ValueError("run_program runs on the CPython loop engine only")
    return result

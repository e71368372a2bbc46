"""sys.stdin of a run: what the user types in the page's console, after the prepared input.

The page sends typed lines through the mailbox (web/run/mailbox.js) as `{type: 'stdin',
text, eof}` messages; `Mailbox` hands them to the run's `Keyboard` and the server panel's
requests to the network. A read that finds no whole line posts `stdin-request` (the page
shows its input line) and blocks the worker until a line, end-of-file or Stop arrives, as
a terminal does. Without a way to receive lines (no shared memory: `live` is False) a read
past the prepared input is end-of-file, and the console says why (`sysNoKeyboard`).

`input` and `sys.stdin.readline` given to the loop's executor (`asyncio.to_thread(input)`,
`loop.run_in_executor(None, input)`) do not block: `defer` returns a future the next line
resolves, and the loop's selector waits on the mailbox meanwhile, so other tasks run on.
"""

from __future__ import annotations

import builtins
import collections
import concurrent.futures
import functools
import io
import json
import sys
import weakref

from .stdin_buffers import KeyboardBytes, LineBuffer

# The asyncio futures of deferred reads (the timeline names what a task waits for: "input").
INPUT_FUTURES: weakref.WeakSet = weakref.WeakSet()


class Mailbox:
    """The page's mailbox for one run: stdin lines for the keyboard, the rest for the network."""

    def __init__(self, take) -> None:
        self._take = take  # host.take_requests: a JSON list, or None
        self._requests: list[dict] = []
        self.keyboard: Keyboard | None = None

    def take(self) -> bool:
        """Empties the mailbox; True if anything came."""
        return self.receive(self._take() if self._take is not None else None)

    def receive(self, raw) -> bool:
        """Hands out one JSON list of messages (from the mailbox, or STDIN messages)."""
        if not raw:
            return False
        for message in json.loads(str(raw)):
            if message.get("type") == "stdin" and self.keyboard is not None:
                self.keyboard.feed(str(message.get("text") or ""), eof=bool(message.get("eof")))
            elif message.get("type") != "stdin":
                self._requests.append(message)
        return True

    def take_requests(self) -> str | None:
        """The server panel's messages (what Network.deliver_requests reads), or None."""
        self.take()
        if not self._requests:
            return None
        requests, self._requests = self._requests, []
        return json.dumps(requests)


class Keyboard(io.TextIOBase):
    """sys.stdin: the prepared input first, then the lines typed in the console."""

    name = "<stdin>"
    encoding = "utf-8"
    errors = "strict"
    newlines = None

    def __init__(self, channel, mailbox: Mailbox, *, prepared: str = "", live: bool = False,
                 input_line: bool = False) -> None:
        super().__init__()
        self._channel = channel
        self._mailbox = mailbox
        mailbox.keyboard = self
        if prepared and not prepared.endswith("\n"):
            prepared += "\n"  # the prepared input is read line by line
        self._buffer = LineBuffer()
        self._buffer.add(prepared)
        self._eof = False
        self.live = live  # the page can send lines (shared memory)
        self._has_input_line = input_line  # the page has an input line (then only shared memory lacks)
        self.waits = None  # the run's blocking waits (engines set it): Stop ends a wait
        # Or (the WebLoop under JSPI) a call that suspends until the page sends input: a JSON
        # list of stdin messages, None for Stop, False when it cannot suspend here.
        self.suspend = None
        self.before_block = None  # instruments: a blocking read starts (hint, timeline); returns its end's callback
        self._deferred: collections.deque = collections.deque()  # (future, reader) in call order
        self._told = False  # sysNoKeyboard said
        self.last_deferred = None  # the future defer() made last (the loop marks its asyncio twin)
        self._binary = None

    # ---- from the page --------------------------------------------------------------

    def feed(self, text: str, *, eof: bool = False) -> None:
        """Text the user typed (lines end with "\\n"); `eof`: Ctrl+D, nothing more comes."""
        self._buffer.add(text)
        self._eof = self._eof or eof
        while self._deferred and self._ready():
            future, reader = self._deferred.popleft()
            if future.cancelled():
                continue
            try:
                future.set_result(reader())
            except Exception as exc:  # noqa: BLE001 - EOFError goes to the awaiting task
                future.set_exception(exc)

    @property
    def reading(self) -> bool:
        """Deferred reads wait for a line: the loop's selector must wake on the mailbox."""
        return bool(self._deferred) and self.live

    def _ready(self) -> bool:
        return self._buffer.has_line or self._eof

    # ---- waiting --------------------------------------------------------------------

    def _wait(self, satisfied) -> None:
        """Block until the page sends something, unless `satisfied()` once the mailbox is
        read; no page to send it: end-of-file."""
        self._mailbox.take()
        if satisfied() or self._eof:
            return
        if self.live and self.suspend is not None:
            self._request()
            raw = self.suspend()
            if raw is None:
                raise KeyboardInterrupt  # Stop while input() waited: Ctrl+C, as in a terminal
            if raw is not False:
                self._mailbox.receive(raw)
                return
        if not self.live or self.waits is None:
            self._end_without_keyboard()
            return
        done = self.before_block() if self.before_block is not None else None
        self._request()
        try:
            self.waits.wait(None, wake_on_requests=True)  # Stop: KeyboardInterrupt from here
        finally:
            if done is not None:
                done()
        self._mailbox.take()

    def _request(self) -> None:
        self._channel.emit("stdin-request")

    def _end_without_keyboard(self) -> None:
        self._eof = True
        if not self._told:
            self._told = True
            self._channel.system("sysNoKeyboard" if self._has_input_line else "sysNoInputLine")

    def defer(self, reader_name: str, prompt=None) -> concurrent.futures.Future | None:
        """A future of `input(prompt)` (or readline()) resolved when the line arrives; None
        when it can run at once (a line is there, or no line can come)."""
        if self._ready() or not self.live:
            return None
        if prompt is not None:  # as input() would in its thread: the prompt shows now
            sys.stdout.write(str(prompt))
            sys.stdout.flush()
        future = concurrent.futures.Future()
        future.set_running_or_notify_cancel()
        reader = self._input_line if reader_name == "input" else self._take_line
        self._deferred.append((future, reader))
        self.last_deferred = future
        self._request()
        return future

    def take_mail(self) -> bool:
        """Empties the mailbox (typed lines come to this keyboard); True if anything came."""
        return self._mailbox.take()

    def close_run(self) -> None:
        """The run ended: deferred reads never get their line."""
        while self._deferred:
            future, _ = self._deferred.popleft()
            future.cancel()

    # ---- reading --------------------------------------------------------------------

    def _take_line(self, size: int = -1) -> str:
        return self._buffer.line(size)

    def _input_line(self) -> str:
        line = self._take_line()
        if not line:
            raise EOFError("EOF when reading a line")
        return line[:-1] if line.endswith("\n") else line

    def readable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def readline(self, size: int | None = -1) -> str:
        self._checkClosed()
        if size is not None and not isinstance(size, int):
            size = size.__index__()
        def satisfied() -> bool:
            return self._ready() or (size is not None and 0 <= size <= self._buffer.chars)

        while not satisfied():
            self._wait(satisfied)
        return self._take_line(-1 if size is None else size)

    def read(self, size: int | None = -1) -> str:
        self._checkClosed()
        if size is None or size < 0:
            while not self._eof:
                self._wait(lambda: False)
            return self._buffer.take(-1)
        def satisfied() -> bool:
            return self._buffer.chars >= size

        while not satisfied() and not self._eof:
            self._wait(satisfied)
        return self._buffer.take(size)

    def readlines(self, hint: int = -1) -> list[str]:
        lines, total = [], 0
        for line in self:
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                break
        return lines

    @property
    def buffer(self):
        """sys.stdin.buffer: the same input as UTF-8 bytes."""
        if self._binary is None:
            self._binary = KeyboardBytes(self)
        return self._binary


def deferred_read(keyboard: Keyboard | None, fn, args: tuple, kwargs: dict):
    """`fn(*args)` is a read of the keyboard that an executor should not block on: its future
    (or None, to run it inline). Sees through to_thread's `functools.partial(ctx.run, fn, ...)`."""
    if keyboard is None or kwargs:
        return None
    if isinstance(fn, functools.partial) and not fn.keywords and fn.args \
            and getattr(fn.func, "__name__", None) == "run" and type(getattr(fn.func, "__self__", None)).__name__ == "Context":
        fn, args = fn.args[0], (*fn.args[1:], *args)
    if fn is builtins.input and len(args) <= 1:
        return keyboard.defer("input", args[0] if args else None)
    if getattr(fn, "__self__", None) is keyboard and getattr(fn, "__name__", None) == "readline" and not args:
        return keyboard.defer("readline")
    return None


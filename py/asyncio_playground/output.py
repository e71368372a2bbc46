"""Output of a run: text streams that batch writes and cap floods before they reach the page.

A write is posted at once when nothing was posted for BATCH_SECONDS, and so is the write
that ends the run's first line (`print` writes its text and its "\n" separately): a
program's first line never waits for the end of the run or for its next write.
"""

from __future__ import annotations

import codecs
import io
import time
from dataclasses import dataclass

_monotonic = time.monotonic  # real time, also on virtual time (engines/virtual_clock.py)

from .channel import Channel

MAX_BYTES = 1_000_000
MAX_LINES = 10_000
BATCH_SECONDS = 0.005
BATCH_CHARS = 4096


@dataclass(frozen=True, slots=True)
class OutputChunk:
    stream: str  # "stdout" | "stderr"
    text: str


class OutputSink:
    """Collects a run's output, posts it in batches, and stops showing it past the caps."""

    def __init__(self, channel: Channel, *, max_bytes=MAX_BYTES, max_lines=MAX_LINES):
        self._channel = channel
        self._pending: list[OutputChunk] = []
        self._pending_chars = 0
        self._last_post = 0.0
        self._line_posted = False  # a whole line has reached the page in this run
        self._shown_bytes = 0
        self._shown_lines = 0
        self._max_bytes = max_bytes
        self._max_lines = max_lines
        self.truncated = False

    def write(self, stream: str, text: str) -> None:
        if not text:
            return
        if self.truncated:
            return
        text = self._cap(text)
        if self._pending and self._pending[-1].stream == stream:
            self._pending[-1] = OutputChunk(stream, self._pending[-1].text + text)
        else:
            self._pending.append(OutputChunk(stream, text))
        self._pending_chars += len(text)
        if self.truncated:
            self.flush()
            self._channel.system("sysTruncated", what=self._limit_text())
        elif (
            self._pending_chars >= BATCH_CHARS
            or _monotonic() - self._last_post >= BATCH_SECONDS
            or (not self._line_posted and "\n" in text)
        ):
            self.flush()

    def _cap(self, text: str) -> str:
        lines_left = self._max_lines - self._shown_lines
        bytes_left = self._max_bytes - self._shown_bytes
        newlines = text.count("\n")
        if newlines > lines_left or lines_left <= 0:
            cut = -1
            for _ in range(lines_left):
                cut = text.index("\n", cut + 1)
            text = text[: cut + 1]
            self.truncated = True
        if len(text) > bytes_left:
            text = text[:bytes_left]
            self.truncated = True
        self._shown_lines += text.count("\n")
        self._shown_bytes += len(text)
        return text

    def _limit_text(self) -> str:
        """The cap the output passed, as the page's line shows it (sysTruncated's `what`)."""
        if self._shown_lines >= self._max_lines:
            return f"{self._max_lines:,} lines"
        return f"{self._max_bytes // 1_000_000} MB"

    def flush(self) -> None:
        if not self._pending:
            return
        chunks = [[c.stream, c.text] for c in self._pending]
        self._line_posted = self._line_posted or any("\n" in text for _, text in chunks)
        self._pending = []
        self._pending_chars = 0
        self._last_post = _monotonic()
        self._channel.emit("output", chunks=chunks)


class StreamWriter(io.TextIOBase):
    """sys.stdout / sys.stderr for user code."""

    def __init__(self, sink: OutputSink, stream: str) -> None:
        self._sink = sink
        self._stream = stream

    @property
    def name(self) -> str:
        return f"<{self._stream}>"

    @property
    def encoding(self) -> str:
        return "utf-8"

    @property
    def errors(self) -> str:
        return "backslashreplace" if self._stream == "stderr" else "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, s: str) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        self._sink.write(self._stream, s)
        return len(s)

    def flush(self) -> None:
        self._sink.flush()


class FdWrites:
    """os.write for the run: bytes written to fd 1 or 2 reach the console as the streams' text.

    Without it they went to the worker's own stdout, which nobody reads (dropped).
    """

    def __init__(self, stdout: StreamWriter, stderr: StreamWriter, os_write) -> None:
        self._writers = {1: stdout, 2: stderr}
        self._decoders = {fd: codecs.getincrementaldecoder("utf-8")("replace") for fd in self._writers}
        self._os_write = os_write

    def __call__(self, fd: int, data) -> int:
        writer = self._writers.get(fd)
        if writer is None:
            return self._os_write(fd, data)
        data = memoryview(data).tobytes()  # any bytes-like object, as os.write takes
        text = self._decoders[fd].decode(data)
        if text:
            writer.write(text)
        return len(data)


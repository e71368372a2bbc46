"""The buffers behind sys.stdin (stdin.py): the text received and not read yet, and
sys.stdin.buffer, the same input as bytes."""

from __future__ import annotations

import collections
import io


class LineBuffer:
    """Text received and not read yet, as whole lines and the start of the next: reading a
    line of a 10 MB paste costs that line, not the paste."""

    def __init__(self) -> None:
        self._lines: collections.deque[str] = collections.deque()
        self._partial = ""
        self.chars = 0

    @property
    def has_line(self) -> bool:
        return bool(self._lines)

    def add(self, text: str) -> None:
        if not text:
            return
        self.chars += len(text)
        pieces = (self._partial + text).split("\n")
        self._partial = pieces.pop()
        self._lines.extend(piece + "\n" for piece in pieces)

    def line(self, size: int | None = -1) -> str:
        """The next line (or what there is, at end-of-file), at most `size` characters."""
        if self._lines:
            line = self._lines.popleft()
        else:
            line, self._partial = self._partial, ""
        if size is not None and 0 <= size < len(line):
            line, rest = line[:size], line[size:]
            if rest.endswith("\n"):
                self._lines.appendleft(rest)
            else:
                self._partial = rest + self._partial
        self.chars -= len(line)
        return line

    def take(self, size: int) -> str:
        """`size` characters (all: -1)."""
        parts, wanted = [], self.chars if size < 0 else min(size, self.chars)
        got = 0
        while got < wanted:
            piece = self.line(wanted - got)
            parts.append(piece)
            got += len(piece)
        return "".join(parts)


class KeyboardBytes(io.RawIOBase):
    """sys.stdin.buffer: the keyboard's text, encoded."""

    name = "<stdin>"

    def __init__(self, keyboard: Keyboard) -> None:
        super().__init__()
        self._keyboard = keyboard
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        if not self._pending:
            self._pending = self._keyboard.readline().encode("utf-8")
        count = min(len(target), len(self._pending))
        target[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            data, self._pending = self._pending + self._keyboard.read().encode("utf-8"), b""
            return data
        return super().read(size)

    def readline(self, size: int = -1) -> bytes:
        if not self._pending:
            self._pending = self._keyboard.readline().encode("utf-8")
        end = self._pending.find(b"\n")
        end = len(self._pending) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, size)
        line, self._pending = self._pending[:end], self._pending[end:]
        return line

"""OutputSink: when a run's output is posted to the page, and how it is batched."""

import json

import pytest

from asyncio_playground import output
from asyncio_playground.channel import Channel
from support import ThreadHost
from asyncio_playground.output import BATCH_SECONDS, OutputSink, StreamWriter


class FrozenClock:
    """time.monotonic for output.py: moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    frozen = FrozenClock()
    monkeypatch.setattr(output, "_monotonic", frozen.monotonic)  # the real clock output.py reads
    return frozen


def posted(host: ThreadHost) -> list[str]:
    """The text of each post, in order."""
    return ["".join(text for _, text in json.loads(m)["chunks"]) for m in host.messages]


def test_first_line_is_posted_when_its_newline_is_written(clock):
    host = ThreadHost()
    stdout = StreamWriter(OutputSink(Channel(host, 1)), "stdout")
    print("first line", file=stdout)  # two writes: the text, then "\n"
    assert "".join(posted(host)) == "first line\n"


def test_later_lines_are_batched_until_the_batch_time_has_passed(clock):
    host = ThreadHost()
    sink = OutputSink(Channel(host, 1))
    stdout = StreamWriter(sink, "stdout")
    print("first line", file=stdout)
    shown = len(host.messages)
    for i in range(100):
        print(i, file=stdout)
    assert len(host.messages) == shown  # within BATCH_SECONDS: one batch, not yet posted
    clock.now += 2 * BATCH_SECONDS
    print("late", file=stdout)  # the batch goes out with the text; its "\n" waits
    assert len(host.messages) == shown + 1
    assert posted(host)[-1] == "".join(f"{i}\n" for i in range(100)) + "late"


def test_text_without_a_newline_keeps_the_first_line_fast(clock):
    host = ThreadHost()
    stdout = StreamWriter(OutputSink(Channel(host, 1)), "stdout")
    print("Loading", end="", file=stdout)
    print("...", end="", file=stdout)
    print(" done", file=stdout)
    assert "".join(posted(host)) == "Loading... done\n"

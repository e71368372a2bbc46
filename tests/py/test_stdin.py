"""sys.stdin and input() of a run, under CPython, with a host that plays the console's input line."""

from __future__ import annotations

import json
import queue
import textwrap
import threading
import time

from asyncio_playground.run import run_program
from support import ThreadHost
from support.capture import system_line


class TypingHost(ThreadHost):
    """Answers each `stdin-request` with the next of `answers` (a str typed, or None for Ctrl+D)."""

    def __init__(self, answers=(), *, on_request=None) -> None:
        super().__init__()
        self.answers = list(answers)
        self.requests = 0
        self.on_request = on_request
        # A thread of its own, started before the run: the run refuses new threads.
        self._later: queue.Queue = queue.Queue()
        threading.Thread(target=self._serve_later, daemon=True).start()

    def later(self, seconds: float, action) -> None:
        """`action()` in `seconds`, from another thread (as the user, while Python waits)."""
        self._later.put((time.monotonic() + seconds, action))

    def _serve_later(self) -> None:
        while True:
            when, action = self._later.get()
            time.sleep(max(0.0, when - time.monotonic()))
            action()

    def post(self, message: str) -> None:
        super().post(message)
        if json.loads(message)["type"] != "stdin-request":
            return
        self.requests += 1
        if self.on_request is not None:
            self.on_request(self)
        elif self.answers:
            answer = self.answers.pop(0)
            self.send_stdin("" if answer is None else answer, eof=answer is None)


def run(code: str, host: ThreadHost | None = None, **options):
    host = host or TypingHost()
    options.setdefault("keyboard", True)
    result = run_program(textwrap.dedent(code), 1, host, options)
    out = {"stdout": "", "stderr": "", "system": "", "events": []}
    for message in host.messages:
        event = json.loads(message)
        out["events"].append(event["type"])
        if event["type"] == "output":
            for stream, text in event["chunks"]:
                out[stream] += text
        elif event["type"] == "system":
            out["system"] += system_line(event)
    return result, out


def test_input_reads_the_typed_lines_after_its_prompt():
    host = TypingHost(["Ada\n", "36\n"])
    result, out = run("""
        name = input('name? ')
        age = int(input('age? '))
        print(f'{name} is {age}')
    """, host)
    assert out["stdout"] == "name? age? Ada is 36\n"
    assert result.exit_code == 0 and host.requests == 2


def test_prepared_input_comes_first_then_the_keyboard():
    host = TypingHost(["typed\n"])
    _, out = run("print(input(), input(), input())", host, stdin="one\ntwo")
    assert out["stdout"] == "one two typed\n"
    assert host.requests == 1


def test_ctrl_d_is_end_of_file_for_input_and_for_read():
    _, out = run("""
        import sys
        print(repr(sys.stdin.read()))
        try:
            input()
        except EOFError as exc:
            print('EOFError:', exc)
    """, TypingHost(["a\n", "b\n", None]))
    assert out["stdout"] == "'a\\nb\\n'\nEOFError: EOF when reading a line\n"


def test_stdin_iteration_readline_and_buffer():
    _, out = run("""
        import sys
        print(repr(sys.stdin.readline()), repr(sys.stdin.buffer.readline()))
        print([line for line in sys.stdin])
        print(sys.stdin.isatty(), sys.stdin.readable(), sys.stdin.name)
    """, stdin="x\né\ny\nz\n", keyboard=False)
    assert out["stdout"] == "'x\\n' b'\\xc3\\xa9\\n'\n['y\\n', 'z\\n']\nFalse True <stdin>\n"


def test_a_loop_until_eof_reads_a_large_paste():
    lines = "".join(f"line {i}\n" for i in range(20000))
    _, out = run("""
        import sys
        count = sum(1 for _ in sys.stdin)
        print(count)
    """, TypingHost([lines, None]))
    assert out["stdout"] == "20000\n"


def test_without_a_keyboard_the_prepared_input_then_eof_and_the_console_says_why():
    result, out = run("print(input()); input('more? ')", keyboard=False, inputLine=True, stdin="only line\n")
    assert out["stdout"] == "only line\nmore? "
    assert out["stderr"].endswith("EOFError: EOF when reading a line\n")
    assert out["system"] == "sysNoKeyboard {}\n"
    assert result.exit_code == 1


def test_stop_while_waiting_is_keyboard_interrupt():
    host = TypingHost(on_request=lambda h: h.later(0.05, h.interrupt))
    result, out = run("input('name? ')", host)
    assert out["stdout"] == "name? "
    assert result.stopped and result.exit_code == 130


def test_to_thread_input_lets_other_tasks_run_while_it_waits():
    answered = threading.Event()

    def on_request(host):
        def later():
            host.send_stdin("Ada\n")
            answered.set()
        host.later(0.35, later)

    _, out = run("""
        import asyncio

        async def ticker():
            for i in range(3):
                print('tick', i)
                await asyncio.sleep(0.1)

        async def main():
            tick = asyncio.create_task(ticker())
            name = await asyncio.to_thread(input, 'name? ')
            print('hello', name)
            await tick

        asyncio.run(main())
    """, TypingHost(on_request=on_request))
    assert answered.is_set()
    assert out["stdout"] == "name? tick 0\ntick 1\ntick 2\nhello Ada\n"


def test_run_in_executor_input_and_readline_are_deferred_too():
    host = TypingHost(on_request=lambda h: h.later(0.05, lambda: h.send_stdin("a\nb\n")))
    _, out = run("""
        import asyncio, sys

        async def main():
            loop = asyncio.get_running_loop()
            first = await loop.run_in_executor(None, input)
            second = await loop.run_in_executor(None, sys.stdin.readline)
            print(repr(first), repr(second))

        asyncio.run(main())
    """, host)
    assert out["stdout"] == "'a' 'b\\n'\n"
    assert host.requests == 1  # the second line was there already: read at once


def test_to_thread_input_at_eof_raises_eoferror_in_the_task():
    _, out = run("""
        import asyncio
        async def main():
            try:
                await asyncio.to_thread(input)
            except EOFError:
                print('EOF')
        asyncio.run(main())
    """, TypingHost([None]))
    assert out["stdout"] == "EOF\n"


def test_stop_while_to_thread_input_waits_cancels_main():
    host = TypingHost(on_request=lambda h: h.later(0.05, h.interrupt))
    result, out = run("""
        import asyncio
        async def main():
            try:
                await asyncio.to_thread(input, '> ')
            except asyncio.CancelledError:
                print('cancelled')
                raise
        asyncio.run(main())
    """, host)
    assert out["stdout"] == "> cancelled\n"
    assert result.stopped and result.exit_code == 130


def test_read_with_a_size_and_readline_with_a_size():
    _, out = run("""
        import sys
        print(repr(sys.stdin.read(3)), repr(sys.stdin.readline(2)), repr(sys.stdin.readline()), repr(sys.stdin.read()))
    """, stdin="abcdef\nghi\n", keyboard=False)
    assert out["stdout"] == "'abc' 'de' 'f\\n' 'ghi\\n'\n"


def test_ten_megabytes_pasted_at_once_are_read_line_by_line_quickly():
    paste = ("x" * 99 + "\n") * 100_000  # 10 MB
    started = time.monotonic()
    _, out = run("""
        import sys
        print(sum(len(line) for line in sys.stdin))
    """, TypingHost([paste, None]))
    assert out["stdout"] == "10000000\n"
    assert time.monotonic() - started < 5


def hints_of(host) -> list[dict]:
    return [json.loads(m)["hint"] for m in host.messages if json.loads(m)["type"] == "hint"]


def test_plain_input_in_a_coroutine_blocks_the_loop_and_the_hint_says_to_thread():
    host = TypingHost(on_request=lambda h: h.later(0.2, lambda: h.send_stdin("Ada\n")))
    _, out = run("""
        import asyncio

        async def ticker():
            for i in range(3):
                print('tick', i)
                await asyncio.sleep(0.05)

        async def main():
            task = asyncio.create_task(ticker())
            await asyncio.sleep(0)
            name = input('name? ')
            print('hello', name)
            await task

        asyncio.run(main())
    """, host)
    # CPython's order: the ticker ran once, then input() held the loop until the line came.
    assert out["stdout"] == "tick 0\nname? hello Ada\ntick 1\ntick 2\n"
    (hint,) = [h for h in hints_of(host) if h["id"] == "blocking-input"]
    assert hint["line"] == 12  # the dedented code starts with an empty line
    assert "to_thread(input" in hint["en"]["fix"] and "to_thread(input" in hint["fr"]["fix"]
    assert "1 other task was waiting" in hint["en"]["what"]


def test_the_timeline_shows_a_to_thread_input_wait_as_input():
    host = TypingHost(on_request=lambda h: h.later(0.1, lambda: h.send_stdin("x\n")))
    run("""
        import asyncio
        async def main():
            await asyncio.to_thread(input)
        asyncio.run(main())
    """, host, timeline=True)
    waits = [event for m in host.messages if json.loads(m)["type"] == "timeline"
             for event in json.loads(m)["events"] if event[0] == "wait"]
    assert any(event[3] == "input" for event in waits), waits
    assert not [h for h in hints_of(host) if h["id"] == "blocking-input"]


def test_where_the_page_has_no_input_line_the_console_says_so():
    _, out = run("input()", keyboard=False)
    assert out["system"] == "sysNoInputLine {}\n"

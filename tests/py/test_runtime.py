"""The runtime under CPython: what a program prints, how it ends, what it leaves behind."""

import asyncio
import signal
import sys
import threading
import time
import textwrap

import pytest

from support import ThreadHost, run_captured


def run(code, **kw):
    return run_captured(textwrap.dedent(code), **kw)


def test_prints_and_exits_zero():
    out = run('print("hello")')
    assert out.stdout == "hello\n"
    assert out.stderr == ""
    assert out.result.ok and out.result.exit_code == 0


def test_runs_as_main_module_with_fresh_namespace():
    first = run('x = 1\nprint(__name__)\nif __name__ == "__main__": print("main")')
    assert first.stdout == "__main__\nmain\n"
    second = run('print("x" in globals())')
    assert second.stdout == "False\n"


def test_top_level_await():
    out = run("""
        import asyncio
        await asyncio.sleep(0.01)
        print(asyncio.current_task().get_name())
    """)
    assert out.stdout == "Task-1\n", out.stderr


def test_asyncio_run_returns_value_and_nested_run_raises():
    out = run("""
        import asyncio
        async def inner(): return 42
        async def main():
            c = inner()
            try:
                asyncio.run(c)
            except RuntimeError as e:
                print(e)
            finally:
                c.close()
            return await inner()
        print(asyncio.run(main()))
    """)
    assert out.stdout == "asyncio.run() cannot be called from a running event loop\n42\n"


def test_blocking_sleep_is_sequential_and_gather_is_concurrent():
    code = """
        import asyncio, time
        async def job(n, blocking):
            print("start", n)
            if blocking: time.sleep(0.1)
            else: await asyncio.sleep(0.1)
            print("end", n)
        async def main(blocking):
            await asyncio.gather(*(job(i, blocking) for i in range(3)))
        t = time.monotonic(); asyncio.run(main(True)); blocking = time.monotonic() - t
        t = time.monotonic(); asyncio.run(main(False)); concurrent = time.monotonic() - t
        print(round(blocking / concurrent))
    """
    out = run(code)
    lines = out.stdout.splitlines()
    assert lines[:6] == ["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]
    assert lines[6:12] == ["start 0", "start 1", "start 2", "end 0", "end 1", "end 2"]
    assert lines[12] == "3"


def test_traceback_has_user_frames_only_and_editor_lines():
    out = run("def f():\n    return 1 / 0\nf()\n")
    assert out.stderr.startswith("Traceback (most recent call last):\n")
    assert '  File "main.py", line 3, in <module>\n' in out.stderr
    assert '  File "main.py", line 2, in f\n' in out.stderr
    assert "asyncio_playground" not in out.stderr
    assert out.stderr.endswith("ZeroDivisionError: division by zero\n")
    assert out.result.exit_code == 1


def test_syntax_error_is_shown_like_cpython():
    out = run("print(\n")
    assert out.stderr.startswith('  File "main.py", line 1\n')
    assert "SyntaxError: '(' was never closed" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "code, stderr, exit_code",
    [
        ("import sys; sys.exit()", "", 0),
        ("import sys; sys.exit(3)", "", 3),
        ("import sys; sys.exit('bye')", "bye\n", 1),
        ("raise SystemExit(None)", "", 0),
    ],
)
def test_sys_exit(code, stderr, exit_code):
    out = run(code)
    assert out.stderr == stderr
    assert out.result.exit_code == exit_code


def test_input_reads_eof_instead_of_hanging():
    out = run("input('name? ')")
    assert out.stdout == "name? "
    assert out.stderr.endswith("EOFError: EOF when reading a line\n")


def test_get_event_loop_rules_follow_the_running_python():
    out = run("""
        import asyncio
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        print(asyncio.get_event_loop() is loop, loop.is_running(), loop.is_closed())
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()
        print(loop.is_closed())
    """)
    assert out.stdout == "True False False\nTrue\n", out.stderr


def test_previous_run_leaves_no_loop_behind():
    run("import asyncio; asyncio.set_event_loop(asyncio.new_event_loop())")
    out = run("""
        import asyncio
        try:
            asyncio.get_event_loop()
            print("loop left over")
        except RuntimeError:
            print("no loop")
    """)
    # 3.13 warns and creates one; 3.14 raises: either way not the old loop.
    assert "loop left over" not in out.stdout or sys.version_info < (3, 14)


def test_task_factory_keeps_names():
    out = run("""
        import asyncio
        async def main():
            loop = asyncio.get_running_loop()
            loop.set_task_factory(lambda loop, coro, **kw: asyncio.Task(coro, loop=loop, **kw))
            t = asyncio.create_task(asyncio.sleep(0), name="worker")
            await t
            print(t.get_name())
        asyncio.run(main())
    """)
    assert out.stdout == "worker\n", out.stderr


def test_run_in_executor_runs_inline():
    out = run("""
        import asyncio
        async def main():
            loop = asyncio.get_running_loop()
            print(await loop.run_in_executor(None, pow, 2, 10))
            print(await asyncio.to_thread(sum, [1, 2, 3]))
        asyncio.run(main())
    """)
    assert out.stdout == "1024\n6\n", out.stderr


def test_never_awaited_warning_on_stderr():
    out = run("""
        async def f(): pass
        f()
        print("after")
    """)
    assert out.stdout == "after\n"
    assert "main.py:3: RuntimeWarning: coroutine 'f' was never awaited" in out.stderr


def test_warning_filters_do_not_leak_between_runs():
    run("import warnings; warnings.simplefilter('ignore')")
    out = run("import warnings; warnings.warn('careful')")
    assert "UserWarning: careful" in out.stderr


def test_time_sleep_is_restored_after_run():
    before = time.sleep
    run("import time; time.sleep(0)")
    assert time.sleep is before
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_output_is_batched_and_streamed_before_a_wait():
    host = ThreadHost()
    out = run_captured("import time\nfor i in range(1000): print(i)\ntime.sleep(0.05)\nprint('end')", host)
    assert out.stdout.splitlines()[-1] == "end"
    assert 2 <= out.posts < 200


def test_output_flood_is_capped_with_one_notice():
    out = run("for i in range(50_000): print(i)")
    assert len(out.stdout.splitlines()) == 10_000
    assert out.system.count("sysTruncated") == 1
    assert out.result.truncated


def _interrupt_later(host, delay):
    threading.Timer(delay, host.interrupt).start()


def test_stop_interrupts_blocking_sleep():
    host = ThreadHost()
    _interrupt_later(host, 0.1)
    t = time.monotonic()
    out = run_captured("import time\ntime.sleep(30)\nprint('not reached')", host)
    assert time.monotonic() - t < 5
    assert out.stdout == ""
    assert out.result.stopped and out.result.exit_code == 130
    assert "Traceback" not in out.stderr


def _interrupt_after_output(host, text, timeout=30.0):
    """Play Stop once the program has posted `text` (a fixed delay races a loaded machine)."""
    def watch():
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not any(text in m for m in list(host.messages)):
            time.sleep(0.01)
        host.interrupt()
    threading.Thread(target=watch, daemon=True).start()


def test_stop_cancels_asyncio_run_like_ctrl_c():
    host = ThreadHost()
    _interrupt_after_output(host, "waiting")
    out = run_captured(textwrap.dedent("""
        import asyncio
        async def main():
            try:
                print("waiting", flush=True)
                await asyncio.Event().wait()
            finally:
                print("cleanup ran")
        asyncio.run(main())
    """), host)
    assert out.stdout == "waiting\ncleanup ran\n"
    assert out.result.stopped


def test_ctrl_c_in_user_code_prints_keyboard_interrupt_when_not_stopped():
    out = run("raise KeyboardInterrupt")
    assert out.stderr.endswith("KeyboardInterrupt\n")
    assert out.result.exit_code == 130 and not out.result.stopped


def test_os_write_to_fd_1_and_2_reaches_the_console():
    captured = run_captured(
        "import os, sys\n"
        "print('first')\n"
        "os.write(1, 'été\\n'.encode()[:2])\n"  # a character cut in two is joined again
        "os.write(1, 'été\\n'.encode()[2:])\n"
        "n = os.write(2, bytearray(b'to stderr\\n'))\n"
        "print(n)\n"
    )
    assert captured.stdout == "first\nété\n10\n"
    assert captured.stderr == "to stderr\n"
    assert captured.result.exit_code == 0

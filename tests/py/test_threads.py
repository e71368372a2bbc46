"""What needs a second thread fails at once with a short error and a hint; waiting for a
run_coroutine_threadsafe() future in its own loop's thread raises instead of hanging."""

import asyncio
import concurrent.futures
import textwrap
import threading

from support import run_captured
from cases.timeline import run_timeline

NO_THREAD = ("RuntimeError: can't start new thread: Python in the browser has no threads "
             "(asyncio.to_thread() and loop.run_in_executor(None, ...) run the function inline instead)\n")


def run(code):
    return run_captured(textwrap.dedent(code))


def test_thread_pool_submit_fails_in_one_line_of_the_program():
    out = run("""
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor()
        pool.submit(print, "hi")
    """)
    assert out.stderr == (
        "Traceback (most recent call last):\n"
        '  File "main.py", line 4, in <module>\n'
        '    pool.submit(print, "hi")\n'
        "    ~~~~~~~~~~~^^^^^^^^^^^^^\n" + NO_THREAD
    )
    assert out.result.exit_code == 1


def test_thread_start_fails_with_the_same_error_and_a_hint():
    code = """
        import threading
        t = threading.Thread(target=print, args=("hi",))
        t.start()
    """
    out = run(code)
    assert out.stderr.endswith('    t.start()\n    ~~~~~~~^^\n' + NO_THREAD), out.stderr
    (hint,) = run_timeline(code, timeline=False).hints
    assert (hint["id"], hint["line"]) == ("no-threads", 4)
    assert "`threading.Thread.start()`" in hint["en"]["what"] and "asyncio.to_thread" in hint["en"]["fix"]
    assert "`threading.Thread.start()`" in hint["fr"]["what"] and "asyncio.to_thread" in hint["fr"]["fix"]


def test_a_shut_down_pool_keeps_cpythons_own_error():
    out = run("""
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor()
        pool.shutdown()
        pool.submit(print, "hi")
    """)
    assert out.stderr.endswith("RuntimeError: cannot schedule new futures after shutdown\n"), out.stderr


def test_run_coroutine_threadsafe_waited_in_the_loops_thread_raises_instead_of_hanging():
    code = """
        import asyncio

        async def add(a, b):
            await asyncio.sleep(0)
            return a + b

        def blocking_job(loop):
            future = asyncio.run_coroutine_threadsafe(add(1, 2), loop)
            return future.result()

        async def main():
            loop = asyncio.get_running_loop()
            print(await loop.run_in_executor(None, blocking_job, loop))

        asyncio.run(main())
    """
    out = run(code)
    assert out.stdout == ""
    assert out.stderr.endswith(
        "RuntimeError: waiting for a run_coroutine_threadsafe() future in its event loop's own thread "
        "would wait forever: the coroutine can only run once this thread returns to the loop\n"), out.stderr
    (hint,) = run_timeline(code, timeline=False).hints
    assert (hint["id"], hint["line"]) == ("no-threads", 10)
    assert "run_coroutine_threadsafe" in hint["en"]["what"]


def test_with_a_timeout_it_times_out_as_cpython_would():
    out = run("""
        import asyncio

        async def main():
            loop = asyncio.get_running_loop()
            future = asyncio.run_coroutine_threadsafe(asyncio.sleep(0, "late"), loop)
            try:
                future.result(timeout=0.01)
            except TimeoutError:
                print("timed out")
            print(await asyncio.wrap_future(future))

        asyncio.run(main())
    """)
    assert out.stdout == "timed out\nlate\n", out.stderr


def test_from_another_thread_it_works_as_in_cpython_and_guards_are_removed_after_the_run():
    out = run("""
        import asyncio
        async def main():
            print(await asyncio.sleep(0.01, "ok"))
        asyncio.run(main())
    """)
    assert out.stdout == "ok\n"
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever)
    thread.start()
    try:
        future = asyncio.run_coroutine_threadsafe(asyncio.sleep(0, "from a thread"), loop)
        assert type(future) is concurrent.futures.Future
        assert future.result(timeout=10) == "from a thread"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()

"""The loop's selector under CPython: a loop that never waits asks the host rarely, yet Stop and
output behave as if it asked every time."""

import json
import textwrap
import threading
import time

from asyncio_playground.engines import loop
from support import ThreadHost, run_captured

SLEEP0_LOOP = """
    import asyncio
    async def main():
        for _ in range(3200):
            await asyncio.sleep(0)
        print("done")
    asyncio.run(main())
"""


class CountingHost(ThreadHost):
    """Counts the calls to wait() and notes when each message was posted."""

    def __init__(self) -> None:
        super().__init__()
        self.waits = 0
        self.posted_at: list[float] = []

    def wait(self, timeout, wake_on_requests=False):
        self.waits += 1
        return super().wait(timeout, wake_on_requests)

    def post(self, message: str) -> None:
        self.posted_at.append(time.perf_counter())
        super().post(message)


def test_a_loop_that_never_waits_asks_the_host_every_poll_interval():
    host = CountingHost()
    out = run_captured(textwrap.dedent(SLEEP0_LOOP), host)
    assert out.stdout == "done\n"
    assert host.waits <= 3200 // loop.POLL_EVERY + 10  # not once per iteration


def test_stop_ends_a_loop_of_sleep0():
    host = ThreadHost()
    threading.Timer(0.2, host.interrupt).start()
    started = time.monotonic()
    out = run_captured("import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(0)\n"
                       "asyncio.run(main())\n", host)
    assert out.result.stopped and out.result.exit_code == 130
    assert time.monotonic() - started < 5


def test_output_is_shown_before_a_long_step_that_follows_sleep0():
    host = CountingHost()
    code = """
        import asyncio, time
        async def main():
            print("a")
            print("b")  # within the output batch time: pending until the loop's next select
            await asyncio.sleep(0)
            started = time.perf_counter()
            while time.perf_counter() - started < 0.1:
                pass
            print("T", started)
        asyncio.run(main())
    """
    out = run_captured(textwrap.dedent(code), host)
    started = float(out.stdout.split("T ")[1])
    posts = [(at, json.loads(m)) for at, m in zip(host.posted_at, host.messages)]
    shown_b = next(at for at, m in posts if m["type"] == "output" and "b\n" in "".join(t for _, t in m["chunks"]))
    assert shown_b < started

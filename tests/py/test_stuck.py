""""It will never finish": when every task waits, no timer is set and no server listens, the console
says the run is stuck and a hint says what each task waits for; the run stays stoppable. Never on a
program that finishes."""

import json
import textwrap

import pytest

from cases.examples import seed_examples
from support import ThreadHost, run_captured


class StopWhenStuck(ThreadHost):
    """Presses Stop as soon as the runtime says the program is stuck (a student would)."""

    def post(self, message):
        super().post(message)
        if '"sysStuck"' in message:
            self.interrupt()


def run(code, **options):
    host = StopWhenStuck()
    captured = run_captured(textwrap.dedent(code), host, options=options)
    hints = [json.loads(m)["hint"] for m in host.messages if json.loads(m)["type"] == "hint"]
    return captured, [h for h in hints if h["id"] == "stuck"]


STUCK = {
    "event": ("""
        import asyncio
        async def main():
            ready = asyncio.Event()
            await ready.wait()
        asyncio.run(main())
    """, "`Task-1` (main()) waits for `Event.wait()` at line 5; nobody calls `set()`"),
    "queue": ("""
        import asyncio
        async def consumer(q):
            while True:
                item = await q.get()
                print(item)
        async def main():
            q = asyncio.Queue()
            await asyncio.create_task(consumer(q))
        asyncio.run(main())
    """, "`Task-2` (consumer()) waits for `Queue.get()` at line 5; nobody puts an item in the queue"),
    "lock twice": ("""
        import asyncio
        async def main():
            lock = asyncio.Lock()
            await lock.acquire()
            async with lock:
                print("never")
        asyncio.run(main())
    """, "`Task-1` (main()) waits for `Lock.acquire()` at line 6; nobody releases the lock"),
    "future never set": ("""
        import asyncio
        async def main():
            fut = asyncio.get_running_loop().create_future()
            await fut
        asyncio.run(main())
    """, "`Task-1` (main()) waits for future at line 5; nobody sets the future’s result"),
    "semaphore on virtual time": ("""
        import asyncio
        async def worker(sem, n):
            await asyncio.sleep(n)
            async with sem:
                print(n)
        async def main():
            sem = asyncio.Semaphore(0)
            await asyncio.gather(worker(sem, 1), worker(sem, 2))
        asyncio.run(main())
    """, "`Task-2` (worker()) waits for `Semaphore.acquire()` at line 5; nobody releases the semaphore"),
}


@pytest.mark.parametrize("name", STUCK)
def test_a_stuck_program_is_told_and_stops(name):
    code, line = STUCK[name]
    captured, stuck = run(code, clock="virtual" if "virtual" in name else "real")
    assert captured.system.startswith("sysStuck ")
    assert captured.result.stopped and captured.result.exit_code == 130
    assert len(stuck) == 1
    assert line in stuck[0]["en"]["what"], stuck[0]["en"]["what"]
    assert stuck[0]["fr"]["what"].count("`Task-") == stuck[0]["en"]["what"].count("`Task-")


FINISHING = {
    **{name: code for name, code in seed_examples().items()
       if name in ("coroutine-run", "tasks-modern", "gather", "ex1-async-correct-modern", "ex2-fixed")},
    "producer consumer": """
        import asyncio
        async def producer(q):
            for i in range(3):
                await q.put(i)
            await q.put(None)
        async def consumer(q):
            while (item := await q.get()) is not None:
                print(item)
        async def main():
            q = asyncio.Queue()
            await asyncio.gather(producer(q), consumer(q))
        asyncio.run(main())
    """,
    "event set later": """
        import asyncio
        async def main():
            ev = asyncio.Event()
            asyncio.get_running_loop().call_later(0.01, ev.set)
            await ev.wait()
            print("set")
        asyncio.run(main())
    """,
    "timeout": """
        import asyncio
        async def main():
            try:
                async with asyncio.timeout(0.01):
                    await asyncio.Event().wait()
            except TimeoutError:
                print("timed out")
        asyncio.run(main())
    """,
    "taskgroup": """
        import asyncio
        async def main():
            async with asyncio.TaskGroup() as tg:
                for n in range(3):
                    tg.create_task(asyncio.sleep(0.01 * n))
            print("done")
        asyncio.run(main())
    """,
    "no loop at all": "print('hello')\n",
}


@pytest.mark.parametrize("name", FINISHING)
@pytest.mark.parametrize("clock", ["real", "virtual"])
def test_a_program_that_finishes_is_never_called_stuck(name, clock):
    captured, stuck = run(FINISHING[name], clock=clock)
    assert "sysStuck" not in captured.system
    assert stuck == [] and not captured.result.stopped


def test_a_server_waiting_for_requests_is_not_stuck():
    host = ThreadHost()
    code = """
        import asyncio
        async def handle(reader, writer):
            writer.close()
        async def main():
            server = await asyncio.start_server(handle, "127.0.0.1", 8080)
            print("listening", flush=True)
            await asyncio.sleep(0.05)
            server.close()
        asyncio.run(main())
    """
    captured = run_captured(textwrap.dedent(code), host)
    assert captured.stdout == "listening\n" and "sysStuck" not in captured.system

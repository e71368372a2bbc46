"""One reference solution per exercise of the lesson (web/lesson/*.md), in the lesson's order.

tests/py/test_exercises.py checks that each passes under CPython, tests/browser/test_lesson.py
that it passes in the page.
"""

SOLUTIONS = {
    "first-pause": '''import asyncio

async def main():
    print("Hello")
    await asyncio.sleep(1)
    print("Goodbye")

asyncio.run(main())
''',
    "run-the-coroutine": '''import asyncio

async def hello_world():
    print("Hello, World!")
    await asyncio.sleep(1)
    print("Hello again!")

asyncio.run(hello_world())
''',
    "modern-entry-point": '''import asyncio

async def main():
    print("The event loop is running:", asyncio.get_running_loop().is_running())
    await asyncio.sleep(0.5)
    print("Done")

asyncio.run(main())
''',
    "background-task": '''import asyncio

async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.5)

async def main():
    task = asyncio.create_task(ticker())
    print("main: working")
    await asyncio.sleep(1.5)
    await task
    print("main: done")

asyncio.run(main())
''',
    "concurrent-downloads": '''import asyncio
import time

async def download(name):
    print(f"start {name}")
    await asyncio.sleep(1)
    print(f"done {name}")

async def main():
    start = time.perf_counter()
    await asyncio.gather(download("a.html"), download("b.html"), download("c.html"))
    print(f"total: {time.perf_counter() - start:.1f} s")

asyncio.run(main())
''',
    "unblock-the-loop": '''import asyncio

async def work(name, steps):
    for step in range(1, steps + 1):
        print(f"{name}: step {step}")
        await asyncio.sleep(0.5)
    print(f"{name}: finished")

async def main():
    await asyncio.gather(work("A", 2), work("B", 2))

asyncio.run(main())
''',
    "gather-results": '''import asyncio

async def compute(x, y):
    print(f"Compute {x} + {y} ...")
    await asyncio.sleep(1.0)
    return x + y

async def main():
    results = await asyncio.gather(*(compute(x, y) for x, y in [(1, 2), (3, 4), (5, 6)]))
    print(results)

asyncio.run(main())
''',
    "unblock-the-handler": '''import asyncio
from aiohttp import ClientSession, web

async def handle(request):
    name = request.match_info.get("name", "Anonymous")
    await asyncio.sleep(1)
    return web.Response(text=f"Hello, {name}")

async def main():
    app = web.Application()
    app.add_routes([web.get("/{name}", handle)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "localhost", 8080).start()
    print("serving on http://localhost:8080")

    async with ClientSession() as session:
        async def get(name):
            async with session.get(f"http://localhost:8080/{name}") as response:
                print(await response.text())
        await asyncio.gather(get("Alice"), get("Bob"), get("Chloé"))
    await runner.cleanup()

asyncio.run(main())
''',
    "limit-with-semaphore": '''import asyncio

limit = asyncio.Semaphore(3)

async def fetch(i):
    async with limit:
        print(f"start {i}")
        await asyncio.sleep(0.5)
        print(f"end {i}")

async def main():
    await asyncio.gather(*(fetch(i) for i in range(9)))

asyncio.run(main())
''',
    "overlap-downloads": '''# clock: virtual
import asyncio
import time

async def download(name, seconds):
    print(f"{time.monotonic() - t0:.2f} start {name}")
    await asyncio.sleep(seconds)
    print(f"{time.monotonic() - t0:.2f} done {name}")

async def main():
    await asyncio.gather(download("a", 1), download("b", 2), download("c", 3))

t0 = time.monotonic()
asyncio.run(main())
''',
    "never-blocked": '''# clock: virtual
import asyncio

async def heartbeat():
    for _ in range(4):
        print("beat")
        await asyncio.sleep(0.5)

async def report():
    for step in range(3):
        await asyncio.sleep(0.3)
        print(f"report {step}")

async def main():
    await asyncio.gather(heartbeat(), report())

asyncio.run(main())
''',
    "consumer-keeps-up": '''# clock: virtual
import asyncio
import time

async def producer(queue):
    for item in range(4):
        await queue.put(item)
        print(f"{time.monotonic() - t0:.2f} put {item}")
        await asyncio.sleep(0.5)
    print(f"{time.monotonic() - t0:.2f} producer done")

async def consumer(queue):
    while True:
        item = await queue.get()
        print(f"{time.monotonic() - t0:.2f} handled {item}")
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    worker = asyncio.create_task(consumer(queue))
    await producer(queue)
    await queue.join()
    worker.cancel()

t0 = time.monotonic()
asyncio.run(main())
''',
    "give-up-in-time": '''# clock: virtual
import asyncio

async def slow_service():
    await asyncio.sleep(10)
    return "answer"

async def main():
    try:
        async with asyncio.timeout(2):
            print(await slow_service())
    except TimeoutError:
        print("gave up")

asyncio.run(main())
''',
    "timeouts": '''import asyncio

async def ask(service, delay):
    await asyncio.sleep(delay)
    return f"{service}: ok"

async def ask_at_most(service, delay, seconds=1):
    try:
        async with asyncio.timeout(seconds):
            return await ask(service, delay)
    except TimeoutError:
        return f"{service}: timeout"

async def main():
    services = [("weather", 0.2), ("news", 0.5), ("stocks", 3)]
    for answer in await asyncio.gather(*(ask_at_most(s, d) for s, d in services)):
        print(answer)

asyncio.run(main())
''',
}

// Code the lesson runs besides the article's own examples (web/examples/index.js): the event
// loop section and the live best practices. Each prints the same under CPython 3.13
// and 3.14 (tests/browser/test_lesson.py compares them with CPython).

import { findExample } from '../examples/index.js';

/** @type {readonly {id: string, title: string, titleEn: string, code: string}[]} */
export const LESSON_EXAMPLES = Object.freeze([
  {
    id: 'loop-get-event-loop',
    title: 'Boucle d’événements : asyncio.get_event_loop()',
    titleEn: 'Event loop: asyncio.get_event_loop()',
    code: String.raw`import asyncio

loop = asyncio.get_event_loop()
print("The default event loop:", loop)
`,
  },
  {
    id: 'loop-running',
    title: 'Boucle d’événements : la boucle qui exécute main()',
    titleEn: 'Event loop: the loop that runs main()',
    code: String.raw`import asyncio

async def main():
    loop = asyncio.get_running_loop()  # the loop running this coroutine
    print("Is the loop running?", loop.is_running())
    loop.call_later(0.5, print, "A callback, 0.5 s later")
    loop.call_soon(print, "A callback, as soon as main() awaits")
    await asyncio.sleep(1)
    print("main() is done")

asyncio.run(main())  # creates the loop, runs main(), closes the loop
`,
  },
  {
    id: 'loop-nested-run',
    title: 'Une seule boucle : pas d’asyncio.run() dans une coroutine',
    titleEn: 'One loop: no asyncio.run() inside a coroutine',
    code: String.raw`import asyncio

async def inner():
    return 42

async def main():
    try:
        asyncio.run(inner())  # wrong: a second loop inside the running one
    except RuntimeError as error:
        print("RuntimeError:", error)
    print("await inner() ->", await inner())  # right: same loop

asyncio.run(main())
`,
  },
  {
    id: 'taskgroup-errors',
    title: 'Exceptions : tâche orpheline et TaskGroup',
    titleEn: 'Exceptions: orphan task and TaskGroup',
    code: String.raw`import asyncio

async def fetch(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"{name} failed")
    print(f"{name}: ok")

async def main():
    # Nobody awaits this task: its error is only logged, when the task is deleted
    asyncio.create_task(fetch("orphan", 0.1, fail=True))
    await asyncio.sleep(0.2)

    # A TaskGroup waits for its tasks; one failure cancels the others
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(fetch("a", 0.1))
            group.create_task(fetch("b", 0.2, fail=True))
            group.create_task(fetch("c", 0.5))
    except* ValueError as errors:
        for error in errors.exceptions:
            print("caught:", error)

asyncio.run(main())
`,
  },
  {
    id: 'semaphore-pool',
    title: 'Pool de connexions : asyncio.Semaphore',
    titleEn: 'Connection pool: asyncio.Semaphore',
    code: String.raw`import asyncio

pool = asyncio.Semaphore(2)  # at most 2 "connections" at once
open_now = 0

async def query(i):
    global open_now
    async with pool:
        open_now += 1
        print(f"query {i} starts ({open_now} open)")
        await asyncio.sleep(0.2)
        open_now -= 1

async def main():
    await asyncio.gather(*(query(i) for i in range(5)))

asyncio.run(main())
`,
  },
  {
    id: 'aiohttp-connector-limit',
    title: 'Pool de connexions : TCPConnector(limit=2) d’aiohttp',
    titleEn: 'Connection pool: aiohttp’s TCPConnector(limit=2)',
    code: String.raw`import asyncio
import time
from aiohttp import ClientSession, TCPConnector, web

async def handle(request):
    await asyncio.sleep(0.5)  # a slow page
    return web.Response(text=request.path)

async def main():
    app = web.Application()
    app.add_routes([web.get("/{page}", handle)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "localhost", 8080).start()

    start = time.perf_counter()
    # At most 2 connections at a time: 6 pages take 3 rounds of 0.5 s
    async with ClientSession(connector=TCPConnector(limit=2)) as session:
        async def get(page):
            async with session.get(f"http://localhost:8080/{page}") as response:
                text = await response.text()
                rounds = int((time.perf_counter() - start) // 0.5)  # rounds of 0.5 s
                print(f"{text} arrived in round {rounds}")
        await asyncio.gather(*(get(f"page{i}") for i in range(6)))
    await runner.cleanup()

asyncio.run(main())
`,
  },
  {
    id: 'debug-slow-callback',
    title: 'Mode débogage : un appel bloquant et une coroutine oubliée',
    titleEn: 'Debug mode: a blocking call and a forgotten coroutine',
    code: String.raw`import asyncio
import time

async def forgotten():
    print("never printed")

async def slow_handler():
    time.sleep(0.3)  # blocks the whole loop for 0.3 s

async def main():
    forgotten()  # created, never awaited
    await slow_handler()
    print("done")

asyncio.run(main())
`,
  },
].map(Object.freeze));

/** The code and titles of a block id: an example of the article (examples/index.js) or of the lesson. */
export function findLessonCode(id) {
  return findExample(id) ?? LESSON_EXAMPLES.find((example) => example.id === id);
}

"""Pitfall snippets and their correct twins, shared by tests/py/test_hints.py and the browser tests."""

# id -> (snippet with the mistake, the line the hint points at, its correct twin)
CASES = {
    "blocking-sleep": ("""
        import asyncio, time
        async def worker(n):
            time.sleep(0.2)
            print(n)
        async def main():
            await asyncio.gather(worker(1), worker(2))
        asyncio.run(main())
    """, 4, """
        import asyncio
        async def worker(n):
            await asyncio.sleep(0.2)
            print(n)
        async def main():
            await asyncio.gather(worker(1), worker(2))
        asyncio.run(main())
    """),
    "blocking-step": ("""
        import asyncio
        async def crunch():
            total = 0
            for i in range(3_000_000):
                total += i * i
            print(total > 0)
        async def tick():
            for _ in range(3):
                await asyncio.sleep(0.02)
        async def main():
            await asyncio.gather(tick(), crunch())
        asyncio.run(main())
    """, 5, """
        import asyncio
        async def crunch():
            total = 0
            for i in range(300_000):
                total += i * i
                if i % 5_000 == 0:
                    await asyncio.sleep(0)
            print(total > 0)
        async def tick():
            for _ in range(3):
                await asyncio.sleep(0.02)
        async def main():
            await asyncio.gather(tick(), crunch())
        asyncio.run(main())
    """),
    "blocking-inline": ("""
        import asyncio, time
        async def main():
            await asyncio.gather(asyncio.to_thread(time.sleep, 0.2), asyncio.sleep(0.1))
        asyncio.run(main())
    """, 4, """
        import asyncio
        async def main():
            await asyncio.gather(asyncio.to_thread(print, "in a thread"), asyncio.sleep(0.1))
        asyncio.run(main())
    """),
    "never-awaited": ("""
        import asyncio
        async def greet():
            print("hello")
        async def main():
            greet()
            await asyncio.sleep(0.01)
        asyncio.run(main())
    """, 6, """
        import asyncio
        async def greet():
            print("hello")
        async def main():
            await greet()
            await asyncio.sleep(0.01)
        asyncio.run(main())
    """),
    "wait-coroutines": ("""
        import asyncio
        async def job(n):
            await asyncio.sleep(0.01)
            return n
        async def main():
            done, pending = await asyncio.wait([job(1), job(2)])
        asyncio.run(main())
    """, 7, """
        import asyncio
        async def job(n):
            await asyncio.sleep(0.01)
            return n
        async def main():
            done, pending = await asyncio.wait([asyncio.create_task(job(n)) for n in (1, 2)])
        asyncio.run(main())
    """),
    "task-unfinished": ("""
        import asyncio
        async def background():
            await asyncio.sleep(1)
            print("background done")
        async def main():
            asyncio.create_task(background())
            print("main done")
        asyncio.run(main())
    """, 4, """
        import asyncio
        async def background():
            await asyncio.sleep(0.05)
            print("background done")
        async def main():
            task = asyncio.create_task(background())
            print("main done")
            await task
        asyncio.run(main())
    """),
    "task-lost": ("""
        import asyncio, gc
        async def waiter():
            await asyncio.get_running_loop().create_future()
        async def main():
            asyncio.create_task(waiter())
            await asyncio.sleep(0.01)
            gc.collect()
            await asyncio.sleep(0.01)
        asyncio.run(main())
    """, 3, """
        import asyncio, gc
        async def waiter():
            await asyncio.get_running_loop().create_future()
        async def main():
            task = asyncio.create_task(waiter())
            await asyncio.sleep(0.01)
            gc.collect()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        asyncio.run(main())
    """),
    "no-event-loop": ("""
        import asyncio
        async def hello():
            print("hi")
        loop = asyncio.get_event_loop()
        loop.run_until_complete(hello())
    """, 5, """
        import asyncio
        async def hello():
            print("hi")
        asyncio.run(hello())
    """),
    "nested-run": ("""
        import asyncio
        async def inner():
            return 1
        async def main():
            print(asyncio.run(inner()))
        asyncio.run(main())
    """, 6, """
        import asyncio
        async def inner():
            return 1
        async def main():
            print(await inner())
        asyncio.run(main())
    """),
    "requests": ("""
        import asyncio
        import requests
        async def main():
            requests.get("http://example.com")
        asyncio.run(main())
    """, 3, """
        import asyncio
        async def main():
            await asyncio.sleep(0.01)
        asyncio.run(main())
    """),
    # A beginner's first errors (beginner_hints.py)
    "syntax": ("""
        import asyncio
        async def main():
            print("hello"
        asyncio.run(main())
    """, 4, """
        import asyncio
        async def main():
            print("hello")
        asyncio.run(main())
    """),
    "indentation": ("""
        import asyncio
        async def main():
        print("hello")
        asyncio.run(main())
    """, 4, """
        import asyncio
        async def main():
            print("hello")
        asyncio.run(main())
    """),
    "name": ("""
        import asyncio
        async def main():
            message = "hi"
            print(mesage)
        asyncio.run(main())
    """, 5, """
        import asyncio
        async def main():
            message = "hi"
            print(message)
        asyncio.run(main())
    """),
    "zero-division": ("""
        import asyncio
        async def average(values):
            await asyncio.sleep(0)
            return sum(values) / len(values)
        print(asyncio.run(average([])))
    """, 5, """
        import asyncio
        async def average(values):
            await asyncio.sleep(0)
            return sum(values) / len(values) if values else 0
        print(asyncio.run(average([])))
    """),
    "network": ("""
        import asyncio
        async def main():
            reader, writer = await asyncio.open_connection("example.com", 443, ssl=True)
        asyncio.run(main())
    """, 4, """
        import asyncio
        async def handle(reader, writer):
            writer.close()
        async def main():
            server = await asyncio.start_server(handle, "localhost", 8080)
            reader, writer = await asyncio.open_connection("localhost", 8080)
            writer.close()
            server.close()
        asyncio.run(main())
    """),
    "no-threads": ("""
        import asyncio
        from concurrent.futures import ThreadPoolExecutor
        def download(n):
            return n * 2
        with ThreadPoolExecutor() as pool:
            print(pool.submit(download, 21).result())
    """, 7, """
        import asyncio
        def download(n):
            return n * 2
        async def main():
            print(await asyncio.to_thread(download, 21))
        asyncio.run(main())
    """),
}

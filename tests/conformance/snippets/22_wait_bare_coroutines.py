# asyncio.wait() refuses bare coroutines (TypeError since 3.11): wrap them in tasks
import asyncio


async def compute(x, y):
    await asyncio.sleep(0.01)
    return x + y


async def main():
    coros = [compute(1, 2), compute(2, 4)]
    try:
        await asyncio.wait(coros)
    except TypeError as exc:
        print("TypeError:", exc)
    for coro in coros:
        coro.close()  # never awaited: close them to avoid warnings

    tasks = [asyncio.create_task(compute(1, 2)), asyncio.create_task(compute(2, 4))]
    done, _ = await asyncio.wait(tasks)
    print("with tasks:", sorted(t.result() for t in done))


asyncio.run(main())

# gather(return_exceptions=True) returns exceptions as results; without it the first one propagates
import asyncio


async def ok(value, delay):
    await asyncio.sleep(delay)
    return value


async def bad(delay):
    await asyncio.sleep(delay)
    raise ValueError("bad input")


async def main():
    results = await asyncio.gather(ok("a", 0.01), bad(0.02), ok("b", 0.03), return_exceptions=True)
    print("results:", results)
    for item in results:
        print(" ", type(item).__name__, item)

    try:
        await asyncio.gather(ok("c", 0.01), bad(0.02))
    except ValueError as exc:
        print("without return_exceptions: ValueError:", exc)


asyncio.run(main())

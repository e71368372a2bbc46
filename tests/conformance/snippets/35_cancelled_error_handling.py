# catching CancelledError: cleanup and re-raise, versus swallowing it
import asyncio


async def polite():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("polite: cleaning up, then re-raising")
        raise


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("stubborn: swallowing the cancellation")
    return "stubborn result"


async def main():
    tasks = [asyncio.create_task(polite()), asyncio.create_task(stubborn())]
    await asyncio.sleep(0.01)
    for task in tasks:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print("results:", results)
    print("cancelled():", [task.cancelled() for task in tasks])
    print("CancelledError is a BaseException, not an Exception:",
          issubclass(asyncio.CancelledError, BaseException),
          issubclass(asyncio.CancelledError, Exception))


asyncio.run(main())

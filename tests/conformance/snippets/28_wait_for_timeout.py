# wait_for() cancels the awaited coroutine and raises TimeoutError on timeout
import asyncio


async def slow():
    try:
        await asyncio.sleep(1)
        return "never"
    except asyncio.CancelledError:
        print("slow: cancelled by wait_for")
        raise


async def fast():
    await asyncio.sleep(0.01)
    return "fast result"


async def main():
    try:
        await asyncio.wait_for(slow(), timeout=0.05)
    except TimeoutError as exc:
        print("TimeoutError caught; asyncio.TimeoutError is TimeoutError:", asyncio.TimeoutError is TimeoutError)
    print("wait_for returned", repr(await asyncio.wait_for(fast(), timeout=1)))


asyncio.run(main())

# loop.run_in_executor(None, fn, *args) returns fn's result to the awaiting coroutine
import asyncio


def blocking_sum(n):
    return sum(range(n))


async def main():
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(None, blocking_sum, 1001)
    print("run_in_executor returned", result)


asyncio.run(main())

# asyncio.run() returns the value returned by the main coroutine
import asyncio


async def main():
    print("main: working")
    await asyncio.sleep(0.01)
    return 42


result = asyncio.run(main())
print("asyncio.run returned", result)

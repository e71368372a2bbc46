# an uncaught exception inside a coroutine: traceback through the user's frames, exit code 1
import asyncio


async def divide(a, b):
    await asyncio.sleep(0.01)
    return a / b


async def main():
    print("computing 1 / 0...")
    result = await divide(1, 0)
    print("never printed", result)


asyncio.run(main())

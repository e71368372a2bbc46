# calling a coroutine function without await: RuntimeWarning "coroutine ... was never awaited"
import asyncio


async def greet():
    print("hello (never printed)")


async def main():
    greet()
    await asyncio.sleep(0.01)
    print("main: done, greet() never ran")


asyncio.run(main())

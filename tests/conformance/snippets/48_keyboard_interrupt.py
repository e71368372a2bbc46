# KeyboardInterrupt raised by user code inside asyncio.run(): traceback, exit like Ctrl+C
import asyncio


async def main():
    print("main: working")
    await asyncio.sleep(0.01)
    raise KeyboardInterrupt


asyncio.run(main())

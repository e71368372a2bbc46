# sys.exit("message"): the message goes to stderr and the exit code is 1
import asyncio
import sys


async def main():
    print("main: checking the configuration")
    await asyncio.sleep(0.01)
    sys.exit("fatal: configuration missing")


asyncio.run(main())

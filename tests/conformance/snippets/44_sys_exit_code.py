# sys.exit(3) inside asyncio.run(): exit code 3, nothing printed on stderr
import asyncio
import sys


async def main():
    print("main: exiting with code 3")
    await asyncio.sleep(0.01)
    sys.exit(3)


asyncio.run(main())
print("never printed")

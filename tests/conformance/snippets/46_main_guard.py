# the if __name__ == "__main__": guard runs: the program is the __main__ module
import asyncio


async def main():
    print("__name__ is", repr(__name__))
    await asyncio.sleep(0.01)
    print("main: done")


if __name__ == "__main__":
    asyncio.run(main())

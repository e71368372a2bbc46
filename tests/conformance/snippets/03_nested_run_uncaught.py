# asyncio.run() inside a running event loop: the uncaught RuntimeError ends the program
import asyncio


async def inner():
    return "never runs"


async def main():
    print("main: calling asyncio.run() again")
    coro = inner()
    try:
        asyncio.run(coro)
    finally:
        coro.close()  # never awaited: close it so no warning is left for shutdown
    print("never printed")


asyncio.run(main())

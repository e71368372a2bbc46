# asyncio.run() inside a running event loop raises RuntimeError (caught here)
import asyncio


async def inner():
    return "never runs"


async def main():
    coro = inner()
    try:
        asyncio.run(coro)
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    finally:
        coro.close()  # we never awaited it: close it to avoid a warning
    return "main finished"


print(asyncio.run(main()))

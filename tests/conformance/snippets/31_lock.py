# Lock: without it, read-await-write loses updates; with it, none are lost
import asyncio

counter = 0


async def increment_unsafe():
    global counter
    for _ in range(3):
        value = counter
        await asyncio.sleep(0)
        counter = value + 1


async def increment_safe(lock):
    global counter
    for _ in range(3):
        async with lock:
            value = counter
            await asyncio.sleep(0)
            counter = value + 1


async def main():
    global counter
    await asyncio.gather(increment_unsafe(), increment_unsafe())
    print("without a lock:", counter)
    counter = 0
    lock = asyncio.Lock()
    await asyncio.gather(increment_safe(lock), increment_safe(lock))
    print("with a lock:", counter, "locked now:", lock.locked())


asyncio.run(main())

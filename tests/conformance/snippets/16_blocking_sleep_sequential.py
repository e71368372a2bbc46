# time.sleep() inside coroutines blocks the loop: the tasks run one after the other
import asyncio
import time


async def worker(name):
    for step in range(3):
        print(f"{name}: step {step}")
        time.sleep(0.02)


async def main():
    await asyncio.gather(worker("A"), worker("B"))


asyncio.run(main())

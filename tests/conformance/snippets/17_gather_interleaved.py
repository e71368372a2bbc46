# await asyncio.sleep() yields to the loop: gathered tasks interleave step by step
import asyncio


async def worker(name, delay):
    for step in range(3):
        print(f"{name}: step {step}")
        await asyncio.sleep(delay)
    print(f"{name}: done")


async def main():
    await asyncio.gather(worker("A", 0.02), worker("B", 0.02))


asyncio.run(main())

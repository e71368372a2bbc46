# Semaphore(2) lets at most two tasks into the block at once
import asyncio

active = 0
peak = 0


async def worker(name, delay, sem):
    global active, peak
    async with sem:
        active += 1
        peak = max(peak, active)
        print(f"{name} enters ({active} inside)")
        await asyncio.sleep(delay)
        active -= 1
        print(f"{name} leaves")


async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(
        worker("w0", 0.2, sem),
        worker("w1", 0.01, sem),
        worker("w2", 0.02, sem),
        worker("w3", 0.01, sem),
    )
    print("peak concurrency:", peak)


asyncio.run(main())

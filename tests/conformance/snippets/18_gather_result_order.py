# gather() returns results in argument order, whatever the completion order
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name.upper()


async def main():
    results = await asyncio.gather(
        job("slow", 0.1), job("fast", 0.01), job("medium", 0.05)
    )
    print("results:", results)


asyncio.run(main())

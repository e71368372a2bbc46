# as_completed() yields results in completion order (plain for and async for)
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    for next_done in asyncio.as_completed([job("slow", 0.1), job("fast", 0.01), job("medium", 0.05)]):
        print("for:", await next_done)

    tasks = [asyncio.create_task(job(name, delay), name=name) for name, delay in [("x", 0.05), ("y", 0.01)]]
    async for task in asyncio.as_completed(tasks):
        print("async for:", task.get_name(), "->", task.result())


asyncio.run(main())

# TaskGroup waits for all its tasks when the async with block ends
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name * 2


async def main():
    async with asyncio.TaskGroup() as tg:
        first = tg.create_task(job("a", 0.05))
        second = tg.create_task(job("b", 0.01))
        print("tasks created, leaving the block")
    print("after the block:", first.result(), second.result())


asyncio.run(main())

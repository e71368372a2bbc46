# a task that raises and is never awaited: "Task exception was never retrieved" is logged
import asyncio
import gc


async def boom():
    raise ValueError("nobody awaited me")


async def main():
    asyncio.create_task(boom())
    await asyncio.sleep(0.01)
    gc.collect()  # the forgotten task is destroyed here at the latest
    print("main: done")


asyncio.run(main())

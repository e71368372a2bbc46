# loop.set_task_factory() with a factory that passes names (and other options) through
import asyncio

created = []


def factory(loop, coro, **kwargs):
    task = asyncio.Task(coro, loop=loop, **kwargs)
    created.append(task)
    return task


async def work(n):
    await asyncio.sleep(0.01 * n)
    return n * 10


async def main():
    asyncio.get_running_loop().set_task_factory(factory)
    first = asyncio.create_task(work(1), name="first")
    second = asyncio.create_task(work(2), name="second")
    print("results:", await asyncio.gather(first, second))
    print("tasks made by the factory:", [t.get_name() for t in created])


asyncio.run(main())

# a task factory written as factory(loop, coro): 3.14 passes name= to it, 3.13 did not
import asyncio


def factory(loop, coro):
    return asyncio.Task(coro, loop=loop)


async def work():
    await asyncio.sleep(0.01)
    return asyncio.current_task().get_name()


async def main():
    asyncio.get_running_loop().set_task_factory(factory)
    print("unnamed task:", await asyncio.create_task(work()))
    print("named task:", await asyncio.create_task(work(), name="worker"))


asyncio.run(main())

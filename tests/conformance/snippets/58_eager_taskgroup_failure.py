# an eager task failing at once in a TaskGroup: 3.14 still accepts new tasks (3.13.0 raised RuntimeError)
import asyncio

cancelled = []


async def fail():
    print("fail: raising at once")
    raise ValueError("eager failure")


async def other(n):
    print(f"other {n}: started")
    try:
        await asyncio.sleep(0.2)
        print(f"other {n}: finished")
    except asyncio.CancelledError:
        cancelled.append(f"other {n}")
        raise


async def main():
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(other(1))
            tg.create_task(fail())
            print("main: still in the block")
            tg.create_task(other(2))
            print("main: created other 2")
            await asyncio.sleep(0)
            print("main: after sleep(0)")
    except* ValueError as group:
        print("caught:", group.exceptions)
    print("cancelled by the group:", sorted(cancelled))
    print("main: done")


asyncio.run(main())

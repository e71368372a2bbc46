# eager_task_factory: tasks start running inside create_task(), up to their first await
import asyncio


async def quick(n):
    print(f"quick {n}: runs to completion without awaiting")
    return n


async def slow():
    print("slow: started eagerly")
    await asyncio.sleep(0.01)
    print("slow: resumed later by the loop")
    return "slow done"


async def main():
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    t1 = asyncio.create_task(quick(1))
    print("after create_task(quick): done() =", t1.done(), "result =", t1.result())
    t2 = asyncio.create_task(slow())
    print("after create_task(slow): done() =", t2.done())
    print(await t2)


asyncio.run(main())

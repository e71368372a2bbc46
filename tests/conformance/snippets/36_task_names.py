# task names: the main task is Task-1, unnamed tasks get Task-N, create_task(name=...) and set_name()
import asyncio


async def work():
    await asyncio.sleep(0.01)
    return asyncio.current_task().get_name()


async def main():
    print("main task:", asyncio.current_task().get_name())
    named = asyncio.create_task(work(), name="downloader")
    second = asyncio.create_task(work())
    third = asyncio.create_task(work())
    print("created:", named.get_name(), second.get_name(), third.get_name())
    third.set_name("renamed")
    print("inside each task:", await asyncio.gather(named, second, third))
    print("gather wraps coroutines in new tasks:", await asyncio.gather(work(), work()))


asyncio.run(main())

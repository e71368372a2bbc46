# an uncaught ExceptionGroup from a TaskGroup prints the grouped traceback
import asyncio


async def fail(message):
    await asyncio.sleep(0)
    raise ValueError(message)


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fail("first"))
        tg.create_task(fail("second"))
    print("never printed")


asyncio.run(main())

# a failing TaskGroup cancels the other tasks and raises an ExceptionGroup, handled with except*
import asyncio


async def fail(exc):
    raise exc


async def slow():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("slow: cancelled by the TaskGroup")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(slow())
            tg.create_task(fail(ValueError("bad value")))
            tg.create_task(fail(TypeError("bad type")))
    except* ValueError as group:
        print("except* ValueError:", repr(group))
    except* TypeError as group:
        print("except* TypeError:", group.exceptions)
    print("main: carries on")


asyncio.run(main())

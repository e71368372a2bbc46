# task.cancel() with a message, and asyncio.shield() protecting an inner task
import asyncio


async def sleeper():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as exc:
        print("sleeper: cancelled with args", exc.args)
        raise


async def important():
    await asyncio.sleep(0.15)
    print("important: finished anyway")
    return "saved"


async def guard(inner):
    return await asyncio.shield(inner)


async def main():
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0.01)
    print("cancel() returned", task.cancel("stop now"))
    try:
        await task
    except asyncio.CancelledError:
        print("main: task.cancelled() =", task.cancelled())

    inner = asyncio.create_task(important())
    outer = asyncio.create_task(guard(inner))
    await asyncio.sleep(0.01)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("main: outer cancelled, inner.cancelled() =", inner.cancelled())
    print("main: inner result", repr(await inner))


asyncio.run(main())

# tasks still pending when asyncio.run() returns are cancelled
import asyncio


async def background():
    print("background: started")
    try:
        await asyncio.sleep(10)
        print("background: never printed")
    except asyncio.CancelledError:
        print("background: got CancelledError")
        raise
    finally:
        print("background: finally")


async def main():
    task = asyncio.create_task(background())
    await asyncio.sleep(0.01)
    print("main: returning while background is still sleeping")
    return task


task = asyncio.run(main())
print("after asyncio.run: task.cancelled() =", task.cancelled())

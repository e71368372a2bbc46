# asyncio.wait(tasks, return_when=FIRST_COMPLETED) returns as soon as one task is done
import asyncio


async def job(delay):
    await asyncio.sleep(delay)
    return delay


async def main():
    tasks = [
        asyncio.create_task(job(0.3), name="slow"),
        asyncio.create_task(job(0.01), name="fast"),
        asyncio.create_task(job(0.2), name="medium"),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("done:", sorted(t.get_name() for t in done))
    print("pending:", sorted(t.get_name() for t in pending))
    for task in pending:
        task.cancel()
    await asyncio.wait(pending)
    print("cancelled:", {t.get_name(): t.cancelled() for t in tasks})


asyncio.run(main())

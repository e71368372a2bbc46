# asyncio.wait(tasks) (ALL_COMPLETED by default) returns when every task is done
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def main():
    tasks = [asyncio.create_task(job(name, delay)) for name, delay in [("a", 0.08), ("b", 0.01), ("c", 0.04)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.ALL_COMPLETED)
    print("done:", len(done), "pending:", len(pending))
    print("results in task order:", [t.result() for t in tasks])


asyncio.run(main())

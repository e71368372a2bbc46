# current_task() and all_tasks() inside the loop; current_task() outside it fails
import asyncio


async def idle():
    await asyncio.sleep(0.05)


async def main():
    me = asyncio.current_task()
    workers = [asyncio.create_task(idle(), name=f"worker-{i}") for i in range(2)]
    await asyncio.sleep(0)
    print("current task:", me.get_name())
    print("all tasks:", sorted(t.get_name() for t in asyncio.all_tasks()))
    await asyncio.gather(*workers)
    print("after gather:", sorted(t.get_name() for t in asyncio.all_tasks()))


asyncio.run(main())
try:
    asyncio.current_task()
except RuntimeError as exc:
    print("outside the loop: RuntimeError:", exc)

# Event: waiters block until set() wakes them all, in the order they waited
import asyncio


async def waiter(name, event):
    print(f"{name} waiting")
    await event.wait()
    print(f"{name} woke up")


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(f"waiter-{i}", event)) for i in range(3)]
    await asyncio.sleep(0.01)
    print("setting the event; is_set():", event.is_set())
    event.set()
    await asyncio.gather(*tasks)
    print("all woke up; is_set():", event.is_set())


asyncio.run(main())

# Condition: consumers wait_for() a predicate, the producer notifies under the lock
import asyncio


async def consumer(name, cond, items):
    async with cond:
        await cond.wait_for(lambda: len(items) > 0)
        item = items.pop(0)
        print(f"{name} took {item}")


async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(f"c{i}", cond, items)) for i in range(2)]
    for item in ("apple", "pear"):
        await asyncio.sleep(0.01)
        async with cond:
            items.append(item)
            print(f"produced {item}")
            cond.notify()
    await asyncio.gather(*tasks)
    print("left over:", items)


asyncio.run(main())

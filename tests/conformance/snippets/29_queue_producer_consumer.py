# Queue: a producer and two consumers; join() waits until every item is processed
import asyncio


async def producer(queue):
    for item in range(5):
        await queue.put(item)
        print(f"produced {item}")
        await asyncio.sleep(0.01)


async def consumer(name, queue, handled):
    while True:
        item = await queue.get()
        print(f"{name} got {item}")
        handled.append(item)
        queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=2)
    handled = []
    consumers = [asyncio.create_task(consumer(f"consumer-{i}", queue, handled)) for i in (1, 2)]
    await producer(queue)
    await queue.join()
    print("all items processed:", handled)
    for task in consumers:
        task.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    print("consumers cancelled:", [task.cancelled() for task in consumers])


asyncio.run(main())

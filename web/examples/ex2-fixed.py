import asyncio

result2 = 0

async def compute(x, y):
    global result2
    print(f"Compute {x} + {y} ...")
    await asyncio.sleep(1.0)
    result2 = x * y
    return x + y

async def print_sum(x, y):
    result = await compute(x, y)
    print(f"{x} + {y} = {result}")

async def dosomethingelse():
    print("I've got a lovely bunch of coconuts")

async def main():
    tasks = [asyncio.create_task(print_sum(1, 2)),
             asyncio.create_task(dosomethingelse()),
             asyncio.create_task(compute(2, 4))]
    await asyncio.wait(tasks)

asyncio.run(main())
print(result2)

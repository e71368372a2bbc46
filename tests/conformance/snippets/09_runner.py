# asyncio.Runner: several run() calls share one loop, get_loop(), closed on exit
import asyncio


async def step(n):
    await asyncio.sleep(0.01)
    name = asyncio.current_task().get_name()
    return asyncio.get_running_loop(), f"step {n} ran in {name}"


with asyncio.Runner() as runner:
    loop1, first = runner.run(step(1))
    loop2, second = runner.run(step(2))
    print(first)
    print(second)
    print("same loop for both runs:", loop1 is loop2 is runner.get_loop())
    print("closed inside the with block:", runner.get_loop().is_closed())
print("closed after the with block:", loop1.is_closed())

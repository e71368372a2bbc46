# requires: 3.14
# asyncio.capture_call_graph() / print_call_graph(): which task awaits which (new in 3.14)
import asyncio
import io
import re


async def leaf():
    graph = asyncio.capture_call_graph()
    print("future:", graph.future.get_name())
    print("call stack:", [entry.frame.f_code.co_name for entry in graph.call_stack])
    print("awaited by:", [parent.future.get_name() for parent in graph.awaited_by])
    buffer = io.StringIO()
    asyncio.print_call_graph(file=buffer)
    for line in buffer.getvalue().splitlines():
        if "File '" in line and "File 'main.py'" not in line:
            continue  # asyncio's own frames: their paths and line numbers vary
        print(re.sub(r"id=0x[0-9a-f]+", "id=0x...", line))


async def middle():
    await leaf()


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(middle(), name="worker")


asyncio.run(main())

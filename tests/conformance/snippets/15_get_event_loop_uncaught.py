# the seed article's pattern: loop = asyncio.get_event_loop() at top level, not caught
import asyncio


async def hello_world():
    print("Hello, World!")
    await asyncio.sleep(0.01)
    print("Hello again!")


loop = asyncio.get_event_loop()
loop.run_until_complete(hello_world())
loop.close()

# loop.is_running() is True only while the loop runs; get_running_loop() outside a loop fails
import asyncio


async def check(loop):
    print("inside: get_running_loop() is loop:", asyncio.get_running_loop() is loop)
    print("inside: is_running():", loop.is_running())


loop = asyncio.new_event_loop()
print("before: is_running():", loop.is_running())
loop.run_until_complete(check(loop))
print("after: is_running():", loop.is_running())
loop.close()

try:
    asyncio.get_running_loop()
except RuntimeError as exc:
    print("outside: RuntimeError:", exc)

# classic API: new_event_loop, set_event_loop, run_until_complete, close, is_closed
import asyncio


async def double(x):
    await asyncio.sleep(0.01)
    return x * 2


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print("get_event_loop() is our loop:", asyncio.get_event_loop() is loop)
result = loop.run_until_complete(double(21))
print("run_until_complete returned", result)
print("is_closed before close():", loop.is_closed())
loop.close()
print("is_closed after close():", loop.is_closed())
asyncio.set_event_loop(None)
coro = double(1)
try:
    loop.run_until_complete(coro)
except RuntimeError as exc:
    print("RuntimeError:", exc)
finally:
    coro.close()  # never awaited: close it to avoid a warning

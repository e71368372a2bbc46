# asyncio.get_event_loop() with no current loop: RuntimeError on 3.14 (3.13 warned and made one)
import asyncio

try:
    loop = asyncio.get_event_loop()
except RuntimeError as exc:
    print("RuntimeError:", exc)
else:
    print("got an event loop:", isinstance(loop, asyncio.AbstractEventLoop))
    loop.close()

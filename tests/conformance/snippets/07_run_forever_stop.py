# run_forever() runs callbacks until a call_later() callback calls loop.stop()
import asyncio


def tick(n):
    print("tick", n)


loop = asyncio.new_event_loop()
loop.call_soon(tick, 1)
loop.call_later(0.02, tick, 2)
loop.call_later(0.04, tick, 3)
loop.call_later(0.06, loop.stop)
print("run_forever...")
loop.run_forever()
print("stopped, is_running():", loop.is_running())
loop.close()

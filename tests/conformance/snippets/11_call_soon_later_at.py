# call_soon runs first (FIFO), then call_later / call_at callbacks in time order
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    finished = loop.create_future()

    def callback(label):
        print("callback:", label)
        if label == "call_at +0.08 (last)":
            finished.set_result(None)

    now = loop.time()
    loop.call_at(now + 0.08, callback, "call_at +0.08 (last)")
    loop.call_later(0.05, callback, "call_later 0.05")
    loop.call_at(now + 0.03, callback, "call_at +0.03")
    loop.call_later(0.01, callback, "call_later 0.01")
    loop.call_soon(callback, "call_soon A")
    loop.call_soon(callback, "call_soon B")
    print("all scheduled")
    await finished
    print("done")


asyncio.run(main())

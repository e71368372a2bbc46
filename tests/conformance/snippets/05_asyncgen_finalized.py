# an async generator abandoned mid-iteration is finalized when asyncio.run() ends
import asyncio


async def ticker():
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0.01)
    finally:
        print("ticker: finally (generator closed)")


async def main():
    gen = ticker()
    async for value in gen:
        print("got", value)
        if value == 2:
            break
    print("main: leaving without closing the generator")


asyncio.run(main())
print("after asyncio.run")

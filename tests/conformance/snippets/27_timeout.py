# asyncio.timeout() raises TimeoutError when the block takes too long
import asyncio


async def main():
    try:
        async with asyncio.timeout(0.05):
            print("waiting for something slow...")
            await asyncio.sleep(1)
            print("never printed")
    except TimeoutError:
        print("TimeoutError: the block took too long")

    async with asyncio.timeout(0.5) as cm:
        await asyncio.sleep(0.01)
    print("fast block finished, expired():", cm.expired())


asyncio.run(main())

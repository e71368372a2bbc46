# asyncio.to_thread(fn, *args, **kwargs) returns fn's result
import asyncio


def greet(name, punctuation="."):
    return f"hello {name}{punctuation}"


async def main():
    text = await asyncio.to_thread(greet, "thread", punctuation="!")
    print("to_thread returned", repr(text))


asyncio.run(main())

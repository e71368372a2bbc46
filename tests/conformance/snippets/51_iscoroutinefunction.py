# asyncio.iscoroutinefunction() is deprecated in 3.14 (use inspect.iscoroutinefunction)
import asyncio
import inspect


async def main():
    pass


print("inspect:", inspect.iscoroutinefunction(main))
print("asyncio:", asyncio.iscoroutinefunction(main))

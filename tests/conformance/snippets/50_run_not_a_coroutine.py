# asyncio.run(main) without the parentheses: 3.13 raises ValueError, 3.14 TypeError
import asyncio
import re


async def main():
    print("never printed")


try:
    asyncio.run(main)
except (ValueError, TypeError) as exc:
    message = re.sub(r" at 0x[0-9a-fA-F]+", "", str(exc))
    print(f"{type(exc).__name__}: {message}")

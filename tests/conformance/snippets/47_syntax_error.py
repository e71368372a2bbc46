# a syntax error: nothing runs, SyntaxError is reported with the line and a caret
import asyncio

print("never printed: the file does not compile")


async def main()
    await asyncio.sleep(0.01)


asyncio.run(main())

# await inside a plain def: SyntaxError with the source line and carets, nothing runs
import asyncio

print("never printed: the file does not compile")


def main():
    await asyncio.sleep(0.01)


main()

import asyncio

async def hello_world():
    print("Hello, World!")
    await asyncio.sleep(1)  # Simuler une opération de blocage
    print("Hello again!")

asyncio.run(hello_world())

# context variables: a task gets a copy of the context at creation; its changes stay inside it
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="none")


async def handler(label):
    print(f"{label}: sees {request_id.get()!r}")
    request_id.set(f"changed by {label}")
    await asyncio.sleep(0.01)
    print(f"{label}: now {request_id.get()!r}")


async def main():
    request_id.set("req-1")
    await asyncio.create_task(handler("task 1"))
    print("main still sees", repr(request_id.get()))

    ctx = contextvars.copy_context()
    ctx.run(request_id.set, "custom")
    await asyncio.create_task(handler("task 2"), context=ctx)
    print("task 2's context now holds", repr(ctx[request_id]))
    print("main still sees", repr(request_id.get()))


print("before the loop:", repr(request_id.get()))
asyncio.run(main())

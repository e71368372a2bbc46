"""The runtime's hooks keep no finished task alive: a failed task nobody awaits is reported
("Task exception was never retrieved") as soon as it is dropped, as CPython does, whatever
the timeline toggle, the task factory or eager tasks."""

import json
import sys
import textwrap

import pytest

from asyncio_playground.run import run_program as run
from support import ThreadHost


def console(code: str, *, timeline: bool) -> str:
    """stdout and stderr merged in the order the page would show them."""
    host = ThreadHost()
    run(textwrap.dedent(code), 1, host, {"timeline": timeline})
    chunks = []
    for message in host.messages:
        event = json.loads(message)
        if event["type"] == "output":
            chunks += [text for stream, text in event["chunks"] if stream in ("stdout", "stderr")]
    return "".join(chunks)


ORPHAN = """
    import asyncio

    async def fail():
        raise ValueError("boom")

    async def main():
        {setup}
        asyncio.create_task(fail())
        await asyncio.sleep(0.05)
        print("main goes on")
        await asyncio.sleep(0.05)

    asyncio.run(main())
"""

OLD_CREATE_TASK = pytest.mark.skipif(
    sys.version_info < (3, 14),
    reason="CPython 3.13's own create_task keeps an eager task alive (gh-128552, fixed in 3.14); "
    "tests/browser/test_cpython_compat.py checks it on the page's 3.14",
)
SETUPS = {
    "plain": "pass",
    "eager": "asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)",
    "factory": "asyncio.get_running_loop().set_task_factory(lambda loop, coro, **kw: asyncio.Task(coro, loop=loop, **kw))",
}


@pytest.mark.parametrize("timeline", [False, True], ids=["timeline-off", "timeline-on"])
@pytest.mark.parametrize("setup", [
    pytest.param(name, marks=OLD_CREATE_TASK if name == "eager" else ()) for name in SETUPS
])
def test_a_failed_orphan_task_is_reported_at_once(setup, timeline):
    text = console(ORPHAN.format(setup=SETUPS[setup]), timeline=timeline)
    assert "Task exception was never retrieved" in text, text
    assert text.index("Task exception was never retrieved") < text.index("main goes on"), text
    assert "ValueError: boom" in text


@OLD_CREATE_TASK
@pytest.mark.parametrize("timeline", [False, True], ids=["timeline-off", "timeline-on"])
def test_an_eager_task_that_failed_is_freed_once_dropped(timeline):
    text = console("""
        import asyncio, gc, weakref

        async def fail():
            raise ValueError("boom")

        async def main():
            gc.disable()  # only reference counting may free it, as with CPython's loop
            loop = asyncio.get_running_loop()
            loop.set_task_factory(asyncio.eager_task_factory)
            task = loop.create_task(fail(), name="eager")
            print(type(task.exception()).__name__, task.get_name())
            ref = weakref.ref(task)
            del task
            print("freed" if ref() is None else "kept alive")
            gc.enable()

        asyncio.run(main())
    """, timeline=timeline)
    assert text == "ValueError eager\nfreed\n"

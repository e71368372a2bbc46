"""Every name of asyncio's loop class makes the playground's loop during a run, as the docs'
spellings expect (`loop_factory=asyncio.EventLoop`), and the names come back afterwards."""

import asyncio
import asyncio.unix_events as unix_events
import textwrap

from asyncio_playground.engines.loop import PlaygroundEventLoop
from support import run_captured

CPYTHON_LOOP = unix_events._UnixSelectorEventLoop


def run(code):
    return run_captured(textwrap.dedent(code))


def test_asyncio_run_with_loop_factory_event_loop():
    out = run("""
        import asyncio
        async def main():
            await asyncio.sleep(0.01)
            loop = asyncio.get_running_loop()
            print(loop)
            print(isinstance(loop, asyncio.EventLoop), isinstance(loop, asyncio.SelectorEventLoop))
            return 42
        print(asyncio.run(main(), loop_factory=asyncio.EventLoop))
    """)
    assert out.stderr == ""
    assert out.stdout == "<_UnixSelectorEventLoop running=True closed=False debug=False>\nTrue True\n42\n"


def test_selector_event_loop_run_until_complete():
    out = run("""
        import asyncio, selectors
        async def work():
            await asyncio.sleep(0.01)
            return "done"
        loop = asyncio.SelectorEventLoop()
        print(loop.run_until_complete(work()))
        loop.close()
        print(loop)
        other = asyncio.SelectorEventLoop(selectors.DefaultSelector())
        print(other.run_until_complete(work()))
        other.close()
    """)
    assert out.stderr == ""
    assert out.stdout == "done\n<_UnixSelectorEventLoop running=False closed=True debug=False>\ndone\n"


def test_runner_new_event_loop_and_policies_make_the_same_loop():
    out = run("""
        import asyncio, warnings
        warnings.simplefilter("ignore", DeprecationWarning)  # the policy API is deprecated in 3.14
        async def kind():
            return type(asyncio.get_running_loop()).__name__
        with asyncio.Runner(loop_factory=asyncio.SelectorEventLoop) as runner:
            print(runner.run(kind()))
        loop = asyncio.new_event_loop()
        print(loop.run_until_complete(kind()))
        loop.close()
        loop = asyncio.DefaultEventLoopPolicy().new_event_loop()
        print(loop.run_until_complete(kind()))
        loop.close()
        asyncio.set_event_loop_policy(None)  # back to a fresh default policy
        print(asyncio.run(kind()))
        print(isinstance(asyncio.get_event_loop_policy(), asyncio.DefaultEventLoopPolicy))
    """)
    assert out.stderr == ""
    assert out.stdout == "_UnixSelectorEventLoop\n" * 4 + "True\n"


def test_the_loop_is_the_playgrounds_and_the_names_come_back_after_the_run():
    out = run("""
        import asyncio
        from asyncio_playground.engines.loop import PlaygroundEventLoop
        print(issubclass(asyncio.EventLoop, PlaygroundEventLoop))
    """)
    assert out.stdout == "True\n", out.stderr
    assert asyncio.EventLoop is asyncio.SelectorEventLoop is CPYTHON_LOOP
    assert unix_events.EventLoop is unix_events.SelectorEventLoop is CPYTHON_LOOP
    assert unix_events._UnixDefaultEventLoopPolicy._loop_factory is CPYTHON_LOOP
    assert not issubclass(CPYTHON_LOOP, PlaygroundEventLoop)

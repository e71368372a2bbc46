"""The task timeline under CPython: golden event lists for the seed examples, and its rules.

Stories (tests/cases/timeline.py, golden ones in timeline_stories.py) keep the order and kind
of every event and round the durations to the half second, so they hold on a slow machine.
"""

import asyncio
import asyncio.events
import json
import sys
import time

import pytest

from asyncio_playground.insights import timeline
from asyncio_playground.engines.loop import PlaygroundEventLoop
from asyncio_playground.insights.timeline import MAX_LANES, RunSpan, record, to_list
from cases.examples import seed_examples
from cases.timeline import run_timeline, story
from cases.timeline_stories import GOLDEN, GOLDEN_GET_EVENT_LOOP

EXAMPLES = seed_examples()
PY314 = sys.version_info >= (3, 14)


def test_every_seed_example_has_a_golden_story():
    assert set(EXAMPLES) == set(GOLDEN) | set(GOLDEN_GET_EVENT_LOOP) | {"ex3-aiohttp"}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_seed_example_timeline(name):
    assert story(run_timeline(EXAMPLES[name]).events) == GOLDEN[name]


@pytest.mark.parametrize("name", sorted(GOLDEN_GET_EVENT_LOOP))
def test_seed_example_with_get_event_loop(name):
    expected = ["stop"] if PY314 else GOLDEN_GET_EVENT_LOOP[name]
    assert story(run_timeline(EXAMPLES[name]).events) == expected


def test_seed_example_web_app_waits_on_the_server():
    """aiohttp's run_app: its task waits on I/O until Stop, then ends cancelled."""
    events = run_timeline(EXAMPLES["ex3-aiohttp"], stop_after=1.0).events
    lines = story(events)
    assert lines[0] == "start _run_app"
    assert any(line.startswith("wait _run_app io@") for line in lines)
    assert lines[-2:] == ["end _run_app cancelled", "stop"]


def test_records_are_the_wire_format():
    span = RunSpan(1, 500, 2000, False)
    assert to_list(span) == ["run", 1, 500, 2000, False]
    assert record(to_list(span)) == span
    assert json.loads(json.dumps(to_list(span))) == to_list(span)


def test_off_by_default_and_nothing_left_installed():
    code = """
        import asyncio
        async def main():
            loop = asyncio.get_running_loop()
            print(type(loop).create_task.__qualname__)
            await asyncio.sleep(0)
        asyncio.run(main())
    """
    original_run, original_sleep = asyncio.events.Handle._run, time.sleep
    out = run_timeline(code, timeline=False)
    assert out.events == []
    assert out.stdout == "PlaygroundEventLoop.create_task\n"  # not wrapped when off
    on = run_timeline(code)
    assert story(on.events)[:2] == ["start main", "run main 0s"]
    assert asyncio.events.Handle._run is original_run and time.sleep is original_sleep
    assert "create_task" not in vars(PlaygroundEventLoop) or (
        vars(PlaygroundEventLoop)["create_task"].__qualname__ == "PlaygroundEventLoop.create_task"
    )


def test_what_tasks_wait_on():
    out = run_timeline("""
        import asyncio
        async def main():
            q, lock, event, sem = asyncio.Queue(), asyncio.Lock(), asyncio.Event(), asyncio.Semaphore(0)
            fut = asyncio.get_running_loop().create_future()
            async def getter(): await q.get()
            async def locker(): await lock.acquire()
            async def waiter(): await event.wait()
            async def sem_user(): await sem.acquire()
            async def fut_user(): await fut
            async def sleeper(): await asyncio.sleep(0.05)
            await lock.acquire()
            tasks = [asyncio.create_task(f(), name=f.__name__)
                     for f in (getter, locker, waiter, sem_user, fut_user, sleeper)]
            await asyncio.sleep(0.01)
            q.put_nowait(1); lock.release(); event.set(); sem.release(); fut.set_result(1)
            async with asyncio.TaskGroup() as tg:
                tg.create_task(asyncio.sleep(0.01))
            await asyncio.gather(*tasks)
        asyncio.run(main())
    """)
    names = {e[1]: e[3] for e in out.events if e[0] == "start"}
    waits = {(names[e[1]], e[3]) for e in out.events if e[0] == "wait"}
    assert {("getter", "queue"), ("locker", "lock"), ("waiter", "event"), ("sem_user", "semaphore"),
            ("fut_user", "future"), ("sleeper", "sleep"), ("Task-1", "taskgroup"),
            ("Task-1", "gather")} <= waits


def test_end_states_and_names():
    out = run_timeline("""
        import asyncio
        async def boom(): raise ValueError("no")
        async def forever(): await asyncio.sleep(10)
        async def main():
            failing = asyncio.create_task(boom(), name="boom-task")
            stuck = asyncio.create_task(forever())
            await asyncio.sleep(0)
            stuck.cancel()
            await asyncio.gather(failing, stuck, return_exceptions=True)
        asyncio.run(main())
    """)
    coros = {e[1]: e[4] for e in out.events if e[0] == "start"}
    names = {e[1]: e[3] for e in out.events if e[0] == "start"}
    ends = {coros[e[1]]: (e[5], e[3], e[4]) for e in out.events if e[0] == "end"}
    assert ends["boom"] == ("boom-task", "failed", "ValueError: no")
    assert ends["forever"] == ("Task-2", "cancelled", "")
    assert ends["main"] == ("Task-1", "done", "")
    assert sorted(names.values()) == ["Task-1", "Task-2", "boom-task"]


def test_eager_tasks_and_a_users_task_factory():
    out = run_timeline("""
        import asyncio
        made = []
        def factory(loop, coro, **kwargs):
            made.append(coro.__name__)
            return asyncio.eager_task_factory(loop, coro, **kwargs)
        async def quick(): return 1
        async def slow(): await asyncio.sleep(0.01)
        async def main():
            asyncio.get_running_loop().set_task_factory(factory)
            a = asyncio.create_task(quick(), name="quick")
            b = asyncio.create_task(slow(), name="slow")
            print(a.done(), b.done(), made, a.get_name(), b.get_name())
            await b
        asyncio.run(main())
    """)
    assert out.stdout == "True False ['quick', 'slow'] quick slow\n"
    lines = story(out.events)
    # Each eager task ran its first step inside main's step, which the timeline cuts around it.
    assert lines[:10] == [
        "start main", "start quick", "run main 0s", "run quick 0s", "end quick done",
        "start slow", "run main 0s", "run slow 0s", "wait slow sleep@8 0s", "run main 0s",
    ]


def test_many_tasks_share_an_aggregated_lane():
    out = run_timeline("""
        import asyncio
        async def noop(): await asyncio.sleep(0)
        async def main():
            await asyncio.gather(*(noop() for _ in range(3000)))
        asyncio.run(main())
    """)
    starts = [e for e in out.events if e[0] == "start"]
    more = [e for e in out.events if e[0] == "more"]
    assert len(starts) == MAX_LANES
    assert more and more[-1][3] == 3001 - MAX_LANES
    assert len(out.events) < 6 * MAX_LANES  # a few events per drawn task, not per task


def test_events_past_the_cap_keep_task_starts_and_ends(monkeypatch):
    monkeypatch.setattr(timeline, "MAX_EVENTS", 50)
    out = run_timeline("""
        import asyncio
        async def main():
            for _ in range(200):
                await asyncio.sleep(0)
        asyncio.run(main())
    """)
    assert len(out.events) <= 52
    assert out.events[-2][0] == "end" and out.events[-1] == ["stop", out.events[-1][1], True]


def _gather_cpu_ms(timeline_on: bool) -> float:
    out = run_timeline("""
        import asyncio, time
        async def noop(): pass
        async def main():
            await asyncio.gather(*(noop() for _ in range(10_000)))
        started = time.process_time()
        asyncio.run(main())
        print((time.process_time() - started) * 1000)
    """, timeline=timeline_on)
    return float(out.stdout)


def test_overhead_of_the_timeline_on_a_gather_of_10k_tasks():
    runs = [(_gather_cpu_ms(False), _gather_cpu_ms(True)) for _ in range(7)]  # interleaved: same load
    off, on = min(r[0] for r in runs), min(r[1] for r in runs)
    print(f"gather of 10,000 tasks: {off:.1f} ms off, {on:.1f} ms on ({on / off:.2f}x)")
    assert on / off <= 1.5

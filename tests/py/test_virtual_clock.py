"""Virtual time (run option clock="virtual"): the clocks jump to the next timer when every task
waits, a blocking sleep blocks for virtual seconds, and the seed examples print ideal timings."""

import json
import textwrap
import threading
import time

import pytest

from asyncio_playground.run import RunOptions
from cases.examples import seed_examples
from support import ThreadHost, run_captured

VIRTUAL = {"clock": "virtual"}


def run(code, host=None, **options):
    return run_captured(textwrap.dedent(code), host, options={**VIRTUAL, **options})


def timings(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("Time")]


@pytest.mark.parametrize("example, expected", [
    ("ex1-sync", ["Time: 0.00", "Time: 1.00", "Time: 2.00", "Time: 3.00", "Time: 4.00", "Time: 5.00 sec"]),
    ("ex1-async-correct-modern", ["Time: 0.00", "Time: 0.00", "Time: 1.00", "Time: 1.00", "Time: 2.00",
                                  "Time: 3.00 sec"]),
    ("ex1-async-incorrect-modern", ["Time: 0.00", "Time: 1.00", "Time: 2.00", "Time: 3.00", "Time: 4.00",
                                    "Time: 5.00 sec"]),
])
def test_seed_example_1_prints_the_ideal_timings(example, expected):
    started = time.perf_counter()
    captured = run(seed_examples()[example])
    assert timings(captured.stdout) == expected
    assert time.perf_counter() - started < 5  # generous: the real run takes 3-5 s
    assert json.loads(captured.result.to_json())["clock"] == "virtual"


def test_gather_example_finishes_after_exactly_its_longest_delay():
    captured = run(seed_examples()["gather"])
    assert "[Tâche 2] Tâche terminée après 1.00 secondes." in captured.stdout
    assert "[Tâche 3] Tâche terminée après 3.00 secondes." in captured.stdout
    assert captured.result.virtual_ms == 3000.0


def test_a_sixty_second_program_finishes_at_once():
    started = time.perf_counter()
    captured = run("""
        import asyncio, time
        async def tick(n):
            for _ in range(60):
                await asyncio.sleep(1)
            return n
        async def main():
            t0 = time.monotonic()
            print(await asyncio.gather(*(tick(n) for n in range(3))), round(time.monotonic() - t0, 6))
        asyncio.run(main())
    """)
    assert captured.stdout == "[0, 1, 2] 60.0\n"
    assert time.perf_counter() - started < 5


def test_a_blocking_sleep_blocks_the_loop_for_virtual_seconds():
    captured = run("""
        import asyncio, time
        async def waiter(t0):
            await asyncio.sleep(0.1)
            print(f"waiter woke at {time.perf_counter() - t0:.2f}")
        async def main():
            t0 = time.perf_counter()
            task = asyncio.create_task(waiter(t0))
            await asyncio.sleep(0)
            time.sleep(1)
            print(f"blocked until {time.perf_counter() - t0:.2f}")
            await task
        asyncio.run(main())
    """)
    assert captured.stdout == "blocked until 1.00\nwaiter woke at 1.00\n"


def test_every_clock_agrees_and_time_time_still_reads_as_a_date():
    captured = run("""
        import time
        t, m, p, ns = time.time(), time.monotonic(), time.perf_counter(), time.monotonic_ns()
        time.sleep(2.5)
        print(round(time.time() - t, 3), round(time.monotonic() - m, 3), round(time.perf_counter() - p, 3),
              (time.monotonic_ns() - ns) // 1_000_000, time.time() > 1.7e9, time.sleep.__name__)
    """)
    assert captured.stdout == "2.5 2.5 2.5 2500 True sleep\n"


def test_the_clocks_are_real_again_after_the_run():
    real = time.monotonic
    run("import time; time.sleep(1000)")
    assert time.monotonic is real
    assert abs(time.time() - time.time()) < 1


def test_the_timeline_and_the_blocking_hint_are_on_virtual_time():
    host = ThreadHost()
    run(seed_examples()["ex1-async-incorrect-modern"], host, timeline=True)
    events = [json.loads(m) for m in host.messages]
    assert any(e["type"] == "hint" and e["hint"]["id"] == "blocking-sleep" for e in events), \
        [e["hint"]["id"] for e in events if e["type"] == "hint"]
    times = [ev[1] for e in events if e["type"] == "timeline" for ev in e["events"]
             if isinstance(ev[1], int)]
    assert max(times) >= 4_900_000  # µs from the start: ≈5 virtual seconds


def test_a_program_that_waits_forever_still_stops():
    host = ThreadHost()
    timer = threading.Timer(0.3, host.interrupt)
    timer.start()
    try:
        captured = run("""
            import asyncio
            async def main():
                await asyncio.sleep(5)
                await asyncio.Event().wait()
            asyncio.run(main())
        """, host)
    finally:
        timer.cancel()
    assert captured.result.stopped
    assert captured.result.exit_code == 130


def test_real_time_is_the_default_and_unknown_clocks_are_refused():
    assert RunOptions.parse({}).clock == "real"
    assert "clock" not in json.loads(run_captured("print(1)").result.to_json())
    with pytest.raises(ValueError, match="unknown clock"):
        RunOptions.parse({"clock": "fast"})

"""Event-loop workloads timed by `python3 build.py bench`.

The same source runs in three places: under CPython in .venv (the reference), in the
playground (as a student's program), and on Pyodide's raw WebLoop in bench's bare
page (with `pyodide.runPythonAsync`). The bench appends one line that runs
`timed(name)` and prints or returns the seconds it took; see pagebench.loop_script.
"""

import asyncio
import time

N = 10_000


async def sleep0(n: int = N) -> None:
    """One task yielding to the loop n times: the cost of one loop iteration."""
    for _ in range(n):
        await asyncio.sleep(0)


async def _nothing() -> None:
    pass


async def gather(n: int = N) -> None:
    """n trivial tasks gathered at once: the cost of creating and finishing a task."""
    await asyncio.gather(*(_nothing() for _ in range(n)))


WORKLOADS = {"sleep0": sleep0, "gather": gather}


async def timed(name: str, n: int = N) -> float:
    """Seconds that workload `name` takes on the running loop."""
    workload = WORKLOADS[name]
    start = time.perf_counter()
    await workload(n)
    return time.perf_counter() - start

"""webloop_batching under CPython: a fake browser (a task queue on a fake clock, JSPI
stack switching played by threads) drives a loop that stands in for Pyodide's WebLoop.
The real one runs in tests/node/run_webloop.mjs and tests/browser/test_engines.py."""

from __future__ import annotations

import asyncio
import heapq
import sys
import threading

import pytest

from asyncio_playground.engines import batching as webloop_batching
from support import ThreadHost
from asyncio_playground.engines.batching import BATCH_SECONDS, CLOCK_EVERY, MAX_TIMEOUT_MS
from asyncio_playground.run import Run

from test_webloop_engine import streams


class Stack(threading.Thread):
    """One browser task's call stack, which JSPI may park while the browser goes on."""

    def __init__(self, callback, browser: FakeBrowser) -> None:
        super().__init__(daemon=True)
        self.callback, self.browser = callback, browser
        self.turn, self.parked = threading.Event(), threading.Event()

    def run(self) -> None:
        try:
            self.callback()
        except BaseException as exc:  # noqa: BLE001 - escapes to "JavaScript"
            self.browser.errors.append(exc)
        finally:
            self.parked.set()

    def switch_to(self) -> None:
        """Browser side: let the stack run until it ends or parks again."""
        self.parked.clear()
        self.turn.set()
        self.parked.wait()

    def park(self) -> None:
        """Stack side: hand control back to the browser until resumed."""
        self.turn.clear()
        self.parked.set()
        self.turn.wait()


class FakeBrowser:
    """The browser's event loop as the WebLoop sees it: one task at a time, in order of due
    time, on a fake clock. With `jspi`, each task runs on a stack of its own (a thread), so
    `run_sync` can park it until an awaitable is done, as Pyodide's run_sync does."""

    def __init__(self, *, jspi: bool = False, tick: float = 0.0) -> None:
        self.now = 0.0
        self.jspi = jspi
        self.tick = tick  # how much the clock moves each time the loop reads it
        self.tasks = 0
        self.delays: list[float] = []  # every delay_ms asked for
        self.errors: list[BaseException] = []  # what escaped to JavaScript
        self._queue: list = []
        self._seq = 0
        self._stack: Stack | None = None

    def schedule(self, callback, delay_ms: float) -> None:
        self.delays.append(delay_ms)
        heapq.heappush(self._queue, (self.now + delay_ms / 1000, self._seq, callback))
        self._seq += 1

    def run(self, until=lambda: False, limit: int = 100_000) -> None:
        while self._queue and not until():
            due, _, callback = heapq.heappop(self._queue)
            self.now = max(self.now, due)
            self.tasks += 1
            limit -= 1
            assert limit, "the loop never went idle"
            if isinstance(callback, Stack):
                self._switch(callback)
            elif self.jspi:
                stack = self._stack = Stack(callback, self)
                stack.start()
                stack.parked.wait()
            else:
                try:
                    callback()
                except BaseException as exc:  # noqa: BLE001
                    self.errors.append(exc)

    def _switch(self, stack: Stack) -> None:
        self._stack = stack
        stack.switch_to()

    def run_sync(self, awaitable):
        """Pyodide's run_sync under JSPI: park this stack until `awaitable` is done."""
        assert self.jspi
        stack, loop = self._stack, asyncio.get_running_loop()
        future = asyncio.ensure_future(awaitable)
        future.add_done_callback(lambda _: self.schedule(stack, 0))
        # Each JSPI stack has a thread state of its own in Pyodide, with its current task;
        # CPython 3.13 keeps one per loop: leave it while parked.
        task = asyncio.current_task()
        if task is not None:
            asyncio.tasks._leave_task(loop, task)
        stack.park()
        if task is not None:
            asyncio.tasks._enter_task(loop, task)
        return future.result()


class FakeWebLoop(asyncio.BaseEventLoop):
    """Pyodide's WebLoop as far as batching needs it; BaseEventLoop gives the rest (tasks,
    futures, the exception handler), and batching replaces its scheduling."""

    _system_exit_handler = None
    _keyboard_interrupt_handler = None

    def __init__(self, browser: FakeBrowser) -> None:
        super().__init__()
        self._browser = browser

    def time(self) -> float:
        self._browser.now += self._browser.tick
        return self._browser.now

    def _install_running_loop(self) -> None:
        asyncio.events._set_running_loop(self)

    def _install_asyncgen_hooks(self) -> None:
        pass


class FakeClockLoop(asyncio.SelectorEventLoop):
    """CPython's own loop on a fake clock: waiting for a timer moves the clock to it."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0
        select = self._selector.select

        def select_at_once(timeout=None):
            self.now += timeout or 0
            return select(0)

        self._selector.select = select_at_once

    def time(self) -> float:
        return self.now


@pytest.fixture
def browser():
    return FakeBrowser()


@pytest.fixture
def loop(browser):
    loop = webloop_batching.install(FakeWebLoop(browser), browser.schedule)
    outer = asyncio.events._get_running_loop()
    yield loop
    asyncio.events._set_running_loop(outer)
    loop.close()


def scenario(loop, log: list) -> None:
    """call_soon, call_later(0), timers, cancellations and callbacks that schedule more."""

    def parent(name, child_soon=True):
        log.append(name)
        if child_soon:
            loop.call_soon(log.append, f"{name}/soon")
        loop.call_later(0, log.append, f"{name}/later0")

    loop.call_soon(log.append, "a")
    loop.call_later(0, log.append, "later0")
    loop.call_soon(parent, "b")
    loop.call_later(0.02, log.append, "t20")
    loop.call_later(0.01, parent, "t10")
    loop.call_at(loop.time() + 0.011, parent, "t11", False)
    loop.call_soon(log.append, "cancelled").cancel()
    loop.call_later(0.005, log.append, "cancelled timer").cancel()
    loop.call_soon(log.append, "c")


def test_the_order_of_callbacks_and_timers_is_cpythons(loop, browser):
    expected: list[str] = []
    reference = FakeClockLoop()
    try:
        scenario(reference, expected)
        reference.run_until_complete(asyncio.sleep(0.05))
    finally:
        reference.close()
    log: list[str] = []
    scenario(loop, log)
    browser.run()
    assert log == expected
    assert log[:6] == ["a", "b", "c", "later0", "b/soon", "b/later0"]


def test_the_loop_keeps_its_class_name(loop):
    assert (type(loop).__name__, type(loop).__qualname__) == ("FakeWebLoop", "FakeWebLoop")
    assert isinstance(loop, FakeWebLoop) and type(loop).__module__ == FakeWebLoop.__module__


def test_a_callback_that_makes_another_loop_the_running_one_breaks_nothing(loop, browser):
    other, seen = asyncio.new_event_loop(), []
    try:
        loop.call_soon(asyncio.events._set_running_loop, other)  # as WebLoop() does
        loop.call_soon(lambda: seen.append(asyncio.get_running_loop()))
        browser.run()
    finally:
        other.close()
    assert seen == [loop]


def test_ready_callbacks_share_one_browser_task(loop, browser):
    log = []
    for i in range(100):
        loop.call_soon(log.append, i)
    browser.run()
    assert log == list(range(100))
    assert browser.tasks <= 2  # the drain, and the one that stood by in case it suspended


def test_a_long_chain_yields_to_the_browser_every_few_milliseconds(loop, browser):
    seen, stop = [], []
    cost = BATCH_SECONDS / (2 * CLOCK_EVERY - 1)  # spent after 2 × CLOCK_EVERY steps, read then

    def step():
        browser.now += cost
        seen.append(browser.now)
        if not stop:
            loop.call_soon(step)

    loop.call_soon(step)
    browser.schedule(lambda: stop.append(len(seen)), 0)  # a Stop message, queued meanwhile
    browser.run()
    per_task = 2 * CLOCK_EVERY
    assert stop == [per_task]
    assert len(seen) == per_task + 1


def test_timers_run_in_time_order_at_their_time(loop, browser):
    log = []
    for delay in (0.05, 0.01, 0.03):
        loop.call_later(delay, lambda d=delay: log.append((d, round(loop.time(), 6))))
    browser.run()
    assert log == [(0.01, 0.01), (0.03, 0.03), (0.05, 0.05)]
    assert len([d for d in browser.delays if d > 0]) <= 4  # one browser timer at a time


def test_a_timer_due_during_a_long_chain_runs_between_its_batches(loop, browser):
    log = []

    def step(n):  # 0.1 ms each: the timer is due after 10 steps
        browser.now += 0.0001
        log.append(n)
        if n < 40:
            loop.call_soon(step, n + 1)

    loop.call_later(0.001, log.append, "timer")
    loop.call_soon(step, 0)
    browser.run()
    assert 10 <= log.index("timer") <= 10 + CLOCK_EVERY
    assert browser.tasks <= 3  # no browser timer needed: the drain saw it come due


def test_a_timer_beyond_settimeouts_limit_is_not_early(loop, browser):
    log = []
    loop.call_later(3_000_000, lambda: log.append(loop.time()))
    browser.run()
    assert log == [3_000_000]
    assert MAX_TIMEOUT_MS in browser.delays


def test_cancelled_timers_are_skipped_and_swept(loop, browser):
    log = []
    timers = [loop.call_later(1 + i / 1000, log.append, i) for i in range(200)]
    for timer in timers[:150]:
        timer.cancel()
    loop.call_soon(log.append, "soon")
    browser.run(until=lambda: log)
    assert len(loop._scheduled) == 50  # more than half cancelled: swept, as CPython does
    browser.run()
    assert log == ["soon", *range(150, 200)]
    assert loop._scheduled == [] and loop._timer_cancelled_count == 0


def test_a_cancelled_handle_does_not_run(loop, browser):
    log, later, contexts = [], [], []
    loop.set_exception_handler(lambda loop, context: contexts.append(context))
    loop.call_soon(lambda: later[0].cancel())  # cancels one waiting in the same batch
    later.append(loop.call_soon(log.append, "no"))
    loop.call_soon(log.append, "yes")
    handle2 = loop.call_soon(log.append, "no either")
    handle2.cancel()
    browser.run()
    assert log == ["yes"]
    assert contexts == []  # skipped, not run (a cancelled Handle has no callback left)


def test_an_exception_goes_to_the_exception_handler_and_the_batch_goes_on(loop, browser):
    contexts, log = [], []
    loop.set_exception_handler(lambda loop, context: contexts.append(context))

    def boom():
        raise ValueError("boom")

    loop.call_soon(boom)
    loop.call_soon(log.append, "after")
    browser.run()
    assert log == ["after"]
    assert [type(c["exception"]) for c in contexts] == [ValueError]
    assert contexts[0]["handle"]._callback is boom
    assert browser.errors == []


def test_system_exit_and_ctrl_c_go_to_the_loops_handlers(loop, browser):
    calls, log = [], []
    loop._system_exit_handler = lambda code: calls.append(("exit", code))
    loop._keyboard_interrupt_handler = lambda: calls.append("interrupt")

    def interrupt():
        raise KeyboardInterrupt

    loop.call_soon(sys.exit, 3)
    loop.call_soon(log.append, "next")
    loop.call_later(0.01, interrupt)
    loop.call_later(0.01, log.append, "after")
    browser.run()
    assert calls == [("exit", 3), "interrupt"]
    assert log == ["next", "after"]  # the rest still runs, in the next browser task
    assert browser.errors == []


def test_without_handlers_system_exit_escapes_to_javascript_and_the_loop_goes_on(loop, browser):
    log = []
    loop.call_soon(sys.exit, 3)
    loop.call_soon(log.append, "next")
    browser.run()
    assert [type(e) for e in browser.errors] == [SystemExit]
    assert log == ["next"]


def test_tasks_and_sleep(loop, browser):
    async def main():
        await asyncio.sleep(0)
        await asyncio.sleep(0.25)
        names = await asyncio.gather(*(asyncio.sleep(0, result=i) for i in range(100)))
        return asyncio.current_task().get_name(), sum(names), loop.time()

    task = loop.create_task(main(), name="main")
    browser.run()
    assert task.result() == ("main", 4950, 0.25)
    assert browser.tasks < 10


# ---- JSPI: a callback parks its drain's stack (asyncio.run, time.sleep) ------------------


@pytest.fixture
def jspi_loop():
    browser = FakeBrowser(jspi=True)
    loop = webloop_batching.install(FakeWebLoop(browser), browser.schedule)
    yield loop, browser
    loop.close()


def test_a_parked_callback_lets_the_others_run(jspi_loop):
    loop, browser = jspi_loop
    log = []

    async def sleeper(name):  # time.sleep(0.3) under JSPI
        log.append(f"{name} sleeps")
        browser.run_sync(asyncio.sleep(0.3))
        log.append(f"{name} wakes at {loop.time():.1f}")

    async def main():
        await asyncio.gather(sleeper("A"), sleeper("B"))

    task = loop.create_task(main())
    browser.run(until=task.done)
    assert log == ["A sleeps", "B sleeps", "A wakes at 0.3", "B wakes at 0.3"]
    assert browser.errors == []


def test_callbacks_behind_a_parked_one_run_meanwhile(jspi_loop):
    loop, browser = jspi_loop
    log = []
    js_event = asyncio.Future(loop=loop)  # settled by "JavaScript" 10 s later
    browser.schedule(lambda: loop.call_soon(js_event.set_result, "js"), 10_000)
    loop.call_soon(lambda: log.append(browser.run_sync(js_event)))
    loop.call_soon(lambda: log.append(("B", loop.time())))
    loop.call_soon(lambda: log.append(("C", loop.time())))
    browser.run()
    assert log == [("B", 0), ("C", 0), "js"]
    assert browser.errors == []  # the parked drain, resumed, left the rest to its successor


def test_asyncio_run_under_jspi_is_batched_too(jspi_loop):
    loop, browser = jspi_loop
    log = []

    async def main():
        for _ in range(1000):
            await asyncio.sleep(0)
        await asyncio.sleep(0.5)
        return loop.time()

    async def module_body():  # main.py's task: asyncio.run(main()) parks it
        log.append(browser.run_sync(main()))
        log.append("after asyncio.run")

    task = loop.create_task(module_body())
    browser.run(until=task.done)
    assert log == [0.5, "after asyncio.run"]
    assert browser.tasks < 20 and browser.errors == []


def test_a_timer_due_while_a_stack_is_parked_still_fires(jspi_loop):
    loop, browser = jspi_loop
    log = []
    js_event = asyncio.Future(loop=loop)  # settled by "JavaScript" much later
    browser.schedule(lambda: loop.call_soon(js_event.set_result, "js"), 10_000)

    def waits_for_js():
        log.append(("woke", loop.time()))
        log.append(browser.run_sync(js_event))

    loop.call_later(1, waits_for_js)
    loop.call_later(2, lambda: log.append(("timer", loop.time())))
    browser.run()
    assert log == [("woke", 1), ("timer", 2), "js"]


# ---- the WebLoop engine's run driver on a batching loop ----------------------------------


def run_webloop(loop, browser, code: str, *, during=None):
    host = ThreadHost()
    run = Run(code, 1, host, {"engine": "webloop"})
    if during is not None:
        during(run)
    task = loop.create_task(run.engine.drive(run))
    browser.run(until=task.done)
    return task.result(), streams(host)


def test_a_program_runs_on_the_batching_loop(loop, browser):
    code = """\
import asyncio

async def worker(i):
    await asyncio.sleep(0.01 * i)
    return i

print(sum(await asyncio.gather(*(worker(i) for i in range(50)))))
print(asyncio.current_task().get_name())
"""
    result, out = run_webloop(loop, browser, code)
    assert result.ok and not result.restart
    assert out["stdout"] == "1225\nmain.py\n"


def test_callbacks_a_program_scheduled_never_fire_after_it(loop, browser):
    log = []
    sys._batching_probe = log
    code = """\
import asyncio, sys
loop = asyncio.get_running_loop()
loop.call_later(0.05, sys._batching_probe.append, "later")
loop.call_soon(sys._batching_probe.append, "soon")
"""
    try:
        keep = loop.call_later(1, log.append, "not the program's")
        result, _ = run_webloop(loop, browser, code)
        browser.run()
        assert result.ok
        assert log == ["soon", "not the program's"]
        assert not keep.cancelled()
    finally:
        del sys._batching_probe


def test_stop_cancels_a_program_on_the_batching_loop(loop, browser):
    browser.tick = 1e-4  # the program's steps take time
    code = "import asyncio\nprint('start')\nwhile True:\n    await asyncio.sleep(0)\n"
    result, out = run_webloop(loop, browser, code, during=lambda run: loop.call_later(0.05, run.cancel, 1))
    assert (result.stopped, result.exit_code, out["stdout"], out["stderr"]) == (True, 130, "start\n", "")
    assert not result.restart

"""Stop is Ctrl+C in a terminal, pressed until the program ends: a program ends without a
Python restart wherever a terminal's Ctrl+C would end it."""

import signal
import textwrap

import pytest

from support import ThreadHost, run_captured


class CtrlCHost(ThreadHost):
    """Once the program has printed "started", each of its next `presses` waits gets Ctrl+C
    (Stop's signal) at once: the page's Stop presses it twice, then restarts Python."""

    def __init__(self, presses: int) -> None:
        super().__init__()
        self.presses = presses
        self.escalated = presses == 2  # all the page does before it restarts Python
        self.started = False

    def post(self, message: str) -> None:
        super().post(message)
        self.started = self.started or "started" in message

    def wait(self, timeout, wake_on_requests=False):
        if self.started and self.presses:
            self.presses -= 1
            self.interrupt()
        elif self.started and self.escalated and self.stop_requested():
            raise AssertionError("the program waited on after Stop's two Ctrl+C: the page would restart Python")
        return super().wait(timeout, wake_on_requests)


def run(code, host):
    return run_captured(textwrap.dedent(code), host)


SLEEP_IN_A_COROUTINE = """
    import asyncio, time
    async def main():
        print("started", flush=True)
        time.sleep(3600)
        print("not reached")
    asyncio.run(main())
"""
SWALLOWS_CANCELLATION = """
    import asyncio
    async def main():
        print("started", flush=True)
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                print("cancelled, going on", flush=True)
    asyncio.run(main())
"""


@pytest.mark.parametrize("code, stdout", [
    # the first Ctrl+C cancels main(), the sleep goes on; the second ends it
    (SLEEP_IN_A_COROUTINE, "started\n"),
    # As in a terminal: Ctrl+C cancels main(), which goes on; the second raises KeyboardInterrupt,
    # and asyncio.run cancels main() again while closing; the third ends the program.
    (SWALLOWS_CANCELLATION, "started\ncancelled, going on\ncancelled, going on\n"),
], ids=["time-sleep-in-a-coroutine-ends-on-the-second", "a-task-swallowing-cancellation-ends-on-a-third"])
def test_stop_ends_the_program_as_ctrl_c_in_a_terminal(code, stdout):
    out = run(code, CtrlCHost(2))
    assert out.stdout == stdout
    assert out.result.stopped and out.result.exit_code == 130 and not out.result.restart


def test_cleanup_after_one_ctrl_c_still_runs_to_the_end():
    host = CtrlCHost(1)
    out = run("""
        import time
        try:
            print("started", flush=True)
            time.sleep(3600)
        except KeyboardInterrupt:
            time.sleep(0.01)
            print("cleaned up")
    """, host)
    assert out.stdout == "started\ncleaned up\n"



def test_ctrl_c_during_the_playgrounds_gc_callback_goes_back_to_the_program(monkeypatch, capsys):
    """Stop's Ctrl+C can land while the playground's own gc callback runs. CPython would print
    it there as "Exception ignored in" and the program would go on: the callback hands it back
    to the host, which delivers it to the program's next wait."""
    from asyncio_playground.channel import Channel
    from asyncio_playground.insights import instrument

    def interrupted():
        raise KeyboardInterrupt

    host = ThreadHost()
    instruments = instrument.RunInstruments(Channel(host, 1), timeline=False, flush_output=lambda: None)
    monkeypatch.setattr(instrument, "clock", interrupted)
    instruments._on_gc("start", {})  # returns: nothing raised, nothing printed
    assert capsys.readouterr().err == ""
    assert host.wait(0) == signal.SIGINT

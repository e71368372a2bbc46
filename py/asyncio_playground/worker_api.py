"""Entry points that web/worker.js calls. Strings in, strings out (JSON), no proxies kept.

Importing this module is on the page's start-up path (the worker imports it before Run
is enabled, and a warm start's snapshot holds what it imported), so it imports what a
plain run needs and nothing more: the WebLoop engine is imported by its first run.
"""

from __future__ import annotations

import gc
import sys

from .engines import cpython as _default_engine  # noqa: F401 - imported now, not by the first run
from .run import Run, RunResult


def python_version() -> str:
    return ".".join(map(str, sys.version_info[:3]))


def after_start() -> None:
    """Python has started and the runtime is imported (worker.js, before it says ready).

    What start-up made lives as long as the worker: frozen, the collector no longer walks
    it, so the gc.collect() that ends every run (process.py) takes ~0.1 ms instead of
    ~50 ms. A program's own objects are collected as before.
    """
    gc.freeze()


def after_restore() -> None:
    """Python was restored from a memory snapshot (a warm start): make it fresh where it matters."""
    from .startup import warm_start

    warm_start.after_restore()


def run(code: str, run_id: int, host, options: str | None = None):
    """Run one program on the engine `options.engine` names (run.RunOptions, a JSON object).

    The CPython loop runs it here and now: returns its RunResult as JSON (web/protocol.js
    RUN_RESULT). The WebLoop engine runs it on the browser's event loop, the worker free
    between its steps: returns the Run, whose `task` (a promise, to JS) gives that JSON and
    whose `cancel(run_id)` is Stop. Output and the other events went to `host.post` meanwhile.
    """
    program = Run(code, int(run_id), host, options)
    started = program.start()
    return started.to_json() if isinstance(started, RunResult) else program

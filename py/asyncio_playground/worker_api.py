"""Entry points that web/worker.js calls. Strings in, strings out (JSON), no proxies kept.

Importing this module is on the page's start-up path (the worker imports it before Run
is enabled), so it imports what a plain run needs and nothing more: the WebLoop engine
is imported by its first run.
"""

from __future__ import annotations

import gc
import sys

from . import process as execute


def python_version() -> str:
    return ".".join(map(str, sys.version_info[:3]))


def after_start() -> None:
    """Python has started and the runtime is imported (worker.js, before it says ready).

    What start-up made lives as long as the worker: frozen, the collector no longer walks
    it, so the gc.collect() that ends every run (execute.py) takes ~0.1 ms instead of
    ~50 ms. A program's own objects are collected as before.
    """
    gc.freeze()


def run(code: str, run_id: int, host, options: str | None = None) -> str:
    """Run one program; returns RunResult as JSON. Output went to `host.post` meanwhile.

    `options` is a JSON object of run options (see execute.RunOptions), or None.
    """
    try:
        return execute.run(code, int(run_id), host, options).to_json()
    except KeyboardInterrupt:  # a Stop that landed after the program ended, in our cleanup
        return execute.RunResult(int(run_id), False, execute.EXIT_SIGINT, True, False).to_json()


def run_webloop(code: str, run_id: int, host, options: str | None = None):
    """Start one program on Pyodide's WebLoop (the WebLoop engine); the worker awaits it.

    Returns a task (a promise, to JS) whose result is the RunResult as JSON.
    """
    from .engines import webloop as webloop_engine

    return webloop_engine.start(code, int(run_id), host)


def cancel_webloop(run_id: int) -> None:
    """Stop a WebLoop run: its tasks are cancelled (the worker is free while it runs)."""
    webloop_engine = sys.modules.get(f"{__package__}.engines.webloop")
    if webloop_engine is not None:  # else no WebLoop run ever started
        webloop_engine.cancel(int(run_id))

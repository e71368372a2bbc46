"""The engines a program runs on: CPython's own event loop (the default) or Pyodide's WebLoop.

The page picks one per run (options.engine, web/protocol.js ENGINES); `create` is the one
place a name becomes an engine. An engine has the run's output `sink`, `install(patches)`,
`start(run)`, `stop()` (the WebLoop's CANCEL) and `close()`.
"""

from __future__ import annotations

ENGINES = ("cpython", "webloop")
DEFAULT_ENGINE = "cpython"


def create(name: str, run):
    """The engine `name` for `run` (the WebLoop's is imported by its first run, not at start-up)."""
    if name == "webloop":
        from .webloop import WebLoopEngine

        return WebLoopEngine(run)
    from .cpython import CPythonLoopEngine

    return CPythonLoopEngine(run)

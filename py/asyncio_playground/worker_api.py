"""Entry points that web/worker.js calls. Strings in, strings out (JSON), no proxies kept."""

from __future__ import annotations

import sys

from . import execute, webloop_engine


def python_version() -> str:
    return ".".join(map(str, sys.version_info[:3]))


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
    return webloop_engine.start(code, int(run_id), host)


def cancel_webloop(run_id: int) -> None:
    """Stop a WebLoop run: its tasks are cancelled (the worker is free while it runs)."""
    webloop_engine.cancel(int(run_id))

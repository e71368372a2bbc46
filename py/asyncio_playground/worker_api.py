"""Entry points that web/worker.js calls. Strings in, strings out (JSON), no proxies kept."""

from __future__ import annotations

import sys

from . import execute


def python_version() -> str:
    return ".".join(map(str, sys.version_info[:3]))


def run(code: str, run_id: int, host) -> str:
    """Run one program; returns RunResult as JSON. Output went to `host.post` meanwhile."""
    return execute.run(code, int(run_id), host).to_json()

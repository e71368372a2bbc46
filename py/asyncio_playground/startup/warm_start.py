"""After a warm start from a memory snapshot (web/pyodide-loader.js): make the restored
interpreter as fresh as a newly started one where it matters to programs.

A snapshot holds the whole Python heap, so without this every visit restored from the
same snapshot would draw the same "random" numbers. `os.urandom`, `secrets` and `uuid`
read the browser's entropy on every call and need nothing. String hashing keeps the
seed of the snapshot (set iteration order is stable between such visits).
"""

from __future__ import annotations

import sys


def after_restore() -> None:
    """Reseed the generators a snapshot froze (only those already imported)."""
    random = sys.modules.get("random")
    if random is not None:
        random.seed()

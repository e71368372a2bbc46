"""Python side of asyncio-playground: runs a student's code on CPython's own event loop.

The package is stdlib-only and importable under plain CPython, where the tests run
it with a thread-based host instead of the browser worker.
"""

import sys

__version__ = "0.1.0"

IN_PYODIDE = sys.platform == "emscripten"

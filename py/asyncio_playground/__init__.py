"""Python side of asyncio-playground: runs a student's code on CPython's own event loop.

The package is stdlib-only and importable under plain CPython, where tests/py run it with
a thread playing the browser worker's host (tests/support). The way through it, for one
run: worker_api.py → run.py (the run object) → engines/ → channel.py (events to the page).
"""

import os
import sys

__version__ = "0.1.0"

IN_PYODIDE = sys.platform == "emscripten"
FILENAME = "main.py"  # the program's file, as tracebacks and the editor name it
RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))  # frames from here are the playground's

"""Errors shown as `python3 main.py` shows them: runtime frames removed, editor line numbers."""

from __future__ import annotations

import os
import traceback

from . import RUNTIME_DIR


def _is_runtime_frame(frame: traceback.FrameSummary) -> bool:
    return os.path.abspath(frame.filename).startswith(RUNTIME_DIR + os.sep)  # subpackages too


def _strip(te: traceback.TracebackException, seen: set[int]) -> None:
    if id(te) in seen:
        return
    seen.add(id(te))
    frames = [f for f in te.stack if not _is_runtime_frame(f)]
    te.stack = traceback.StackSummary.from_list(frames)
    for other in (te.__cause__, te.__context__):
        if other is not None:
            _strip(other, seen)
    for sub in te.exceptions or ():
        _strip(sub, seen)


def format_exception(exc: BaseException) -> str:
    """The text CPython's default excepthook prints for `exc`, without our frames."""
    te = traceback.TracebackException.from_exception(exc, capture_locals=False)
    _strip(te, set())
    return "".join(te.format())

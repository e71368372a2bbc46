"""The process as `python3 main.py` sees it, for one run of either engine: its streams,
argv, folder, warnings and logging, its __main__, how it ends and what it prints then."""

from __future__ import annotations

import ast
import builtins
import gc
import linecache
import logging
import os
import sys
import tempfile
import types
import warnings

from . import FILENAME, IN_PYODIDE
from .output import FdWrites, OutputSink, StreamWriter
from .tracebacks import format_exception

EXIT_SIGINT = 130  # what a shell shows for a program ended by Ctrl+C


def _default_warnings() -> None:
    """The warning filters and display of a plain `python3 main.py` (no -W, no -X dev)."""
    warnings.resetwarnings()
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__", append=True)
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.filterwarnings("ignore", category=category, append=True)
    warnings.showwarning = warnings._showwarning_orig
    warnings._showwarnmsg_impl = _showwarnmsg_impl


def _showwarnmsg_impl(msg) -> None:
    """warnings' own display (kept here: a test runner may have replaced it)."""
    file = msg.file if msg.file is not None else sys.stderr
    try:
        file.write(warnings._formatwarnmsg(msg))
    except OSError:
        pass


_workdir: str | None = None  # the worker's, made once: every run's main.py goes there


def workdir() -> str:
    """Where main.py lives during a run (Pyodide: the home folder; CPython: a temp folder)."""
    global _workdir
    if _workdir is None:
        _workdir = os.path.expanduser("~") if IN_PYODIDE else tempfile.mkdtemp(prefix="playground-")
    return _workdir


def fresh_main(code: str) -> types.ModuleType:
    """A new __main__ for `code`, and main.py written where the program runs."""
    module = types.ModuleType("__main__")
    module.__file__ = FILENAME
    module.__builtins__ = builtins
    module.__cached__ = None
    sys.modules["__main__"] = module
    # On disk too: CPython reads a SyntaxError's source line from the file.
    with open(os.path.join(workdir(), FILENAME), "w", encoding="utf-8") as file:
        file.write(code)
    linecache.cache[FILENAME] = (len(code), None, code.splitlines(True), FILENAME)
    return module


def _exit_code_of(exc: SystemExit, stderr: StreamWriter) -> int:
    """CPython's handling of an uncaught SystemExit (Python/pythonrun.c)."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    stderr.write(f"{code}\n")
    return 1


def set_up_process(sink: OutputSink, patches, *, debug: bool, stdin) -> StreamWriter:
    """The process as `python3 main.py` sees it, for one run of either engine; returns stderr.

    `stdin` is the run's keyboard (stdin.py). Streams, argv, working folder, warnings and logging are set as in a fresh process,
    until `patches` are restored. `debug` is asyncio's debug mode, as
    `PYTHONASYNCIODEBUG=1 python3 main.py`: every loop starts in debug mode (slow callbacks
    logged, where never-awaited coroutines were created), and ResourceWarning is shown.
    """
    stdout, stderr = StreamWriter(sink, "stdout"), StreamWriter(sink, "stderr")
    warning_state = warnings.catch_warnings()  # restores the filters the program changes
    warning_state.__enter__()
    patches.on_restore(lambda: warning_state.__exit__(None, None, None))
    for name, stream in (("stdout", stdout), ("stderr", stderr), ("stdin", stdin), ("argv", [FILENAME])):
        patches.set(sys, name, stream)
    patches.set(os, "write", FdWrites(stdout, stderr, os.write))
    main, cwd = sys.modules.get("__main__"), os.getcwd()
    if main is not None:
        patches.on_restore(lambda: sys.modules.__setitem__("__main__", main))
    patches.on_restore(lambda: os.chdir(cwd))
    os.chdir(workdir())
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def restore_logging() -> None:
        root.handlers[:] = handlers
        root.setLevel(level)

    patches.on_restore(restore_logging)
    root.handlers[:] = []  # as in a fresh process: asyncio's errors use lastResort
    root.setLevel(logging.WARNING)
    warnings.onceregistry.clear()
    _default_warnings()
    if debug:
        saved = os.environ.get("PYTHONASYNCIODEBUG")
        os.environ["PYTHONASYNCIODEBUG"] = "1"
        patches.on_restore(lambda: _set_env("PYTHONASYNCIODEBUG", saved))
        warnings.filterwarnings("default", category=ResourceWarning)
    return stderr


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def exit_code_for(exc: BaseException, stderr: StreamWriter, *, stopped: bool) -> int:
    """How `python3 main.py` ends on an uncaught `exc`, printing what CPython prints."""
    if isinstance(exc, SystemExit):
        return _exit_code_of(exc, stderr)
    if isinstance(exc, KeyboardInterrupt):
        if not stopped:  # Stop is Ctrl+C: the page already says the program was stopped
            stderr.write(format_exception(exc))
        return EXIT_SIGINT
    stderr.write(format_exception(exc))
    return 1


def exit_like_cpython(reported: BaseException | None, main: types.ModuleType | None) -> None:
    """Free what the program still holds, as CPython does when the process ends.

    The uncaught exception (kept as sys.last_exc until then) and __main__'s globals
    go; a coroutine found never awaited at that point is reported as CPython reports
    it at exit: `<sys>:0: RuntimeWarning: coroutine 'f' was never awaited`.
    """
    hook = warnings._warn_unawaited_coroutine
    warnings._warn_unawaited_coroutine = _warn_unawaited_at_exit
    try:
        pending, seen = [reported], set()
        while pending:
            exc = pending.pop()
            if exc is None or id(exc) in seen:
                continue
            seen.add(id(exc))
            exc.__traceback__ = None
            pending += [exc.__cause__, exc.__context__, *getattr(exc, "exceptions", ())]
        del reported, exc, pending
        if main is not None:  # as _PyModule_ClearDict: _names first, then the others
            names = [n for n in main.__dict__ if n != "__builtins__"]
            for name in sorted(names, key=lambda n: not n.startswith("_")):
                main.__dict__[name] = None
        gc.collect()
    finally:
        warnings._warn_unawaited_coroutine = hook


def _warn_unawaited_at_exit(coro) -> None:
    warnings.warn_explicit(
        f"coroutine '{coro.__qualname__}' was never awaited", RuntimeWarning,
        "<sys>", 0, module="sys", registry={},
    )


def compile_main(code: str) -> types.CodeType:
    """main.py's code object; top-level `await` makes it a coroutine (CO_COROUTINE)."""
    return compile(code, FILENAME, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)

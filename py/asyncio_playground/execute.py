"""Run one program as `python3 main.py` would, and report how it ended."""

from __future__ import annotations

import ast
import builtins
import gc
import inspect
import json
import linecache
import logging
import sys
import types
import warnings
from dataclasses import asdict, dataclass

from . import blocking
from .engine import CPythonLoopEngine
from .host import Host
from .output import NoInput, OutputSink, StreamWriter
from .tracebacks import format_exception

FILENAME = "main.py"
EXIT_SIGINT = 130  # what a shell shows for a program ended by Ctrl+C

STOPPED_MESSAGE = "\n[stopped]\n"


@dataclass(frozen=True, slots=True)
class RunResult:
    run_id: int
    ok: bool
    exit_code: int
    stopped: bool
    truncated: bool

    def to_json(self) -> str:
        return json.dumps(asdict(self))


@dataclass(slots=True)
class _Saved:
    stdout: object
    stderr: object
    stdin: object
    argv: list
    main: object
    root_handlers: list
    root_level: int


def _save_process_state() -> _Saved:
    root = logging.getLogger()
    return _Saved(
        sys.stdout, sys.stderr, sys.stdin, sys.argv, sys.modules.get("__main__"),
        root.handlers[:], root.level,
    )


def _restore_process_state(saved: _Saved) -> None:
    sys.stdout, sys.stderr, sys.stdin, sys.argv = (
        saved.stdout, saved.stderr, saved.stdin, saved.argv,
    )
    if saved.main is not None:
        sys.modules["__main__"] = saved.main
    root = logging.getLogger()
    root.handlers[:] = saved.root_handlers
    root.setLevel(saved.root_level)


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


def _fresh_main(code: str) -> types.ModuleType:
    module = types.ModuleType("__main__")
    module.__file__ = FILENAME
    module.__builtins__ = builtins
    module.__cached__ = None
    sys.modules["__main__"] = module
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


def run(code: str, run_id: int, host: Host) -> RunResult:
    """Run `code` as the module __main__ on CPython's event loop; output goes to `host`."""
    sink = OutputSink(host, run_id)
    stdout, stderr = StreamWriter(sink, "stdout"), StreamWriter(sink, "stderr")
    saved = _save_process_state()
    engine = CPythonLoopEngine()
    exit_code = 0
    blocking.set_host(host, before_wait=sink.flush)
    warning_state = warnings.catch_warnings()  # restores the filters the program changes
    warning_state.__enter__()
    try:
        sys.stdout, sys.stderr, sys.stdin = stdout, stderr, NoInput()
        sys.argv = [FILENAME]
        warnings.onceregistry.clear()
        _default_warnings()
        engine.install()
        try:
            exit_code = _execute(code, _fresh_main(code))
        except SystemExit as exc:
            exit_code = _exit_code_of(exc, stderr)
        except KeyboardInterrupt as exc:
            exit_code = EXIT_SIGINT
            if not host.stop_requested():
                stderr.write(format_exception(exc))
        except BaseException as exc:  # noqa: BLE001 - the program's error is data
            exit_code = 1
            stderr.write(format_exception(exc))
        finally:
            engine.cleanup()
            gc.collect()  # what CPython reports at exit (never-awaited coroutines) lands here
    finally:
        engine.uninstall()
        blocking.set_host(None)
        _restore_process_state(saved)
        warning_state.__exit__(None, None, None)
    stopped = host.stop_requested()
    if stopped:
        sink.system(STOPPED_MESSAGE)
    sink.flush()
    return RunResult(run_id, exit_code == 0 and not stopped, exit_code, stopped, sink.truncated)


def _execute(code: str, module: types.ModuleType) -> int:
    compiled = compile(
        code, FILENAME, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
    )
    if compiled.co_flags & inspect.CO_COROUTINE:
        import asyncio

        asyncio.run(eval(compiled, module.__dict__))
    else:
        exec(compiled, module.__dict__)
    return 0

"""What the worker does as Python starts: imports from zips compiled once, start-up's heap
frozen, and only what a plain run needs imported."""

import gc
import os
import subprocess
import sys
import textwrap
import warnings
import zipfile

import pytest

import asyncio_playground
from asyncio_playground import worker_api
from asyncio_playground.startup import fast_zipimport
from support import run_captured


@pytest.fixture
def archive(tmp_path, monkeypatch):
    """A zip on sys.path holding a module whose compilation warns (so it can be counted)."""
    path = tmp_path / "modules.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("warns_once.py", 'PATTERN = "\\d"\n')  # SyntaxWarning: invalid escape sequence
        zf.writestr("pkg/__init__.py", "")
        zf.writestr("pkg/inner.py", "VALUE = 42\n")
    monkeypatch.syspath_prepend(str(path))
    yield path
    for name in ("warns_once", "pkg", "pkg.inner"):
        sys.modules.pop(name, None)
    fast_zipimport.uninstall()


def import_counting_warnings(name):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = __import__(name)
    return module, [w for w in caught if issubclass(w.category, SyntaxWarning)]


def test_without_the_fix_cpython_compiles_a_zipped_module_twice(archive):
    _, caught = import_counting_warnings("warns_once")
    assert len(caught) == 2  # CPython gh-141276: if this fails, the fix may no longer be needed


def test_with_the_fix_a_zipped_module_is_compiled_once(archive):
    assert fast_zipimport.install()
    module, caught = import_counting_warnings("warns_once")
    assert len(caught) == 1
    assert module.PATTERN == "\\d"
    assert module.__file__ == str(archive / "warns_once.py")


def test_packages_and_missing_modules_behave_as_before(archive):
    assert fast_zipimport.install()
    from pkg import inner

    assert inner.VALUE == 42
    assert inner.__file__ == str(archive / "pkg" / "inner.py")
    assert sys.modules["pkg"].__path__ == [str(archive / "pkg")]
    with pytest.raises(ModuleNotFoundError):
        __import__("pkg.missing")


def test_bytecode_entries_go_through_cpythons_own_method(tmp_path, monkeypatch):
    path = tmp_path / "compiled.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("stale.pyc", b"not bytecode")  # bad magic: the source is used instead
        zf.writestr("stale.py", "VALUE = 1\n")
    monkeypatch.syspath_prepend(str(path))
    assert fast_zipimport.install()
    try:
        module = __import__("stale")
        assert module.VALUE == 1 and module.__file__ == str(path / "stale.py")
    finally:
        sys.modules.pop("stale", None)
        fast_zipimport.uninstall()


def test_a_run_still_collects_its_own_cycles_once_start_up_is_frozen():
    worker_api.after_start()
    try:
        out = run_captured(textwrap.dedent("""
            async def f(): pass
            class Holder: pass
            holder = Holder()
            holder.itself, holder.coro = holder, f()
            print("end")
        """))
    finally:
        gc.unfreeze()
    assert out.stdout == "end\n"
    assert "<sys>:0: RuntimeWarning: coroutine 'f' was never awaited" in out.stderr


def test_worker_api_imports_only_what_a_plain_run_needs():
    code = textwrap.dedent("""
        import sys
        import asyncio_playground.worker_api
        lazy = ["asyncio_playground.engines.webloop", "asyncio_playground.exercises",
                "ipaddress", "urllib.parse", "aiohttp"]
        print([name for name in lazy if name in sys.modules])
    """)
    env = {**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(asyncio_playground.__file__))}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip() == "[]"

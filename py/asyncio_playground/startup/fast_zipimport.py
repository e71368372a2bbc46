"""Modules imported from a zip archive are compiled once, not twice (CPython gh-141276).

Pyodide's standard library is a zip of sources (/lib/python314.zip), and so is the
runtime (web/pyodide-loader.js). CPython's `zipimporter.get_filename` compiles a
module's source only to learn its file name, and the import machinery asks for that
name before it compiles the module again to run it: every import from a zip costs two
compilations, which is most of Python's start-up time in the browser. `install()`
makes `get_filename` read the name from the archive's table of contents instead, as
the fix proposed upstream (python/cpython#153799) does. A compiled `.pyc` entry still
goes through the original method, which checks it and falls back to the source.

web/pyodide-loader.js has site.py run `install()` as Python starts (a .pth line), so
Pyodide's own start-up imports benefit too; the interpreter a warm start restores
holds the patched class already.
"""

from __future__ import annotations

import zipimport

_original_get_filename = zipimport.zipimporter.get_filename


def _get_filename(self, fullname):
    """zipimporter.get_filename without compiling the module's source."""
    path = zipimport._get_module_path(self, fullname)
    files = self._get_files()
    for suffix, is_bytecode, _ in zipimport._zip_searchorder:
        entry = files.get(path + suffix)
        if entry is not None:
            return _original_get_filename(self, fullname) if is_bytecode else entry[0]
    return _original_get_filename(self, fullname)  # raises ZipImportError as before


def install() -> bool:
    """Patch zipimporter (idempotent); False if this CPython's zipimport differs from 3.13–3.14's."""
    needed = (hasattr(zipimport, "_get_module_path"), hasattr(zipimport, "_zip_searchorder"),
              hasattr(zipimport.zipimporter, "_get_files"))
    if not all(needed):
        return False
    zipimport.zipimporter.get_filename = _get_filename
    return True


def uninstall() -> None:
    """Put CPython's own get_filename back (tests)."""
    zipimport.zipimporter.get_filename = _original_get_filename

"""CPython 3.14's own test files and a native CPython 3.14 to run them, from Debian's archive.

tests/cpython_suite runs CPython's Lib/test/test_asyncio in the page and natively. Its files must
be of Pyodide's Python (3.14). No CPython 3.14 is installed here (pyenv's builds stop at 3.13;
Debian 12 has none), but Debian's unstable suite ships both: `libpython3.14-testsuite` (the
test files) and `python3.14-minimal` with its libraries. They are downloaded with `apt-get
download` against a sources list of our own (the machine's apt setup is left alone), unpacked
with `dpkg -x` into ~/.cache/asyncio-playground/debian-python3.14/, and run with that suite's
own glibc (Debian 12's is older than it needs) through a small wrapper script.

`python3 build.py test` calls `ensure()` before the browser tests; without network or apt it
says why and the suite falls back to its stand-in (README "CPython's own test suite in the page").
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

HOME = Path.home() / ".cache" / "asyncio-playground" / "debian-python3.14"
LIB = HOME / "usr" / "lib" / "python3.14"  # holds test/
PYTHON = HOME / "python3.14"  # the wrapper
VERSION_FILE = HOME / "VERSION"
SUITE = "sid"
PACKAGES = [
    "libpython3.14-testsuite", "python3.14-minimal", "libpython3.14-minimal", "libpython3.14-stdlib",
    # what the interpreter and its stdlib's extension modules link to, of the same suite
    "libc6", "libgcc-s1", "zlib1g", "libexpat1", "libffi8", "libssl3t64", "libbz2-1.0", "liblzma5",
    "libzstd1", "libmpdec4", "libuuid1", "libsqlite3-0", "libncursesw6", "libtinfo6",
]
KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
WRAPPER = """#!/bin/sh
# Debian {suite}'s CPython {version}, run with that suite's own glibc (tools/cpython_tests.py)
PYTHONHOME={home}/usr exec {libs}/ld-linux-x86-64.so.2 --library-path {libs} {home}/usr/bin/python3.14 "$@"
"""


def installed_version() -> str | None:
    """The CPython version of the unpacked files, if they are there and run."""
    if not (VERSION_FILE.is_file() and (LIB / "test" / "test_asyncio" / "__init__.py").is_file() and PYTHON.is_file()):
        return None
    return VERSION_FILE.read_text().strip() or None


def ensure(log=print) -> str | None:
    """Downloads and unpacks them unless they are there; the CPython version, or None (and why, in `log`)."""
    if version := installed_version():
        return version
    if not (shutil.which("apt-get") and shutil.which("dpkg") and KEYRING.is_file()):
        log("cpython tests: no apt-get/dpkg/Debian keyring here: CPython 3.14's test files not fetched")
        return None
    with tempfile.TemporaryDirectory(prefix="cpython-tests-apt-") as work:
        work = Path(work)
        (work / "lists" / "partial").mkdir(parents=True)
        (work / "cache" / "archives" / "partial").mkdir(parents=True)
        (work / "sources.list").write_text(f"deb [signed-by={KEYRING}] http://deb.debian.org/debian {SUITE} main\n")
        options = [f"-oDir::Etc::SourceList={work / 'sources.list'}", "-oDir::Etc::SourceParts=/dev/null",
                   f"-oDir::State::Lists={work / 'lists'}", f"-oDir::Cache={work / 'cache'}",
                   "-oAPT::Sandbox::User=root", "-qq"]
        try:
            subprocess.run(["apt-get", *options, "update"], check=True, capture_output=True, timeout=300)
            subprocess.run(["apt-get", *options, "download", *PACKAGES], check=True, capture_output=True,
                           timeout=600, cwd=work)
            debs = sorted(work.glob("*.deb"))
            version = next(d.name.split("_")[1] for d in debs if d.name.startswith("python3.14-minimal_"))
            staging = HOME.with_name(HOME.name + ".new")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)  # dpkg -x makes only the last folder (a fresh machine has no ~/.cache/…)
            for deb in debs:
                subprocess.run(["dpkg", "-x", str(deb), str(staging)], check=True, capture_output=True, timeout=300)
        except (OSError, subprocess.SubprocessError, StopIteration) as error:
            detail = getattr(error, "stderr", b"") or b""
            log(f"cpython tests: could not fetch Debian {SUITE}'s CPython 3.14 ({error}) {detail.decode(errors='replace')[-300:]}")
            return None
    cpython = version.split("-")[0]
    libs = HOME / "usr" / "lib" / "x86_64-linux-gnu"
    (staging / PYTHON.name).write_text(WRAPPER.format(suite=SUITE, version=cpython, home=HOME, libs=libs))
    (staging / PYTHON.name).chmod(0o755)
    (staging / VERSION_FILE.name).write_text(cpython + "\n")
    shutil.rmtree(HOME, ignore_errors=True)
    staging.rename(HOME)
    check = subprocess.run([str(PYTHON), "-c", "import asyncio, sys; print(sys.version.split()[0])"],
                           capture_output=True, text=True, timeout=60)
    if check.returncode != 0 or check.stdout.strip() != cpython:
        log(f"cpython tests: Debian's CPython {cpython} does not run here: {check.stderr[-300:]}")
        shutil.rmtree(HOME, ignore_errors=True)
        return None
    log(f"cpython tests: CPython {cpython}'s test files and interpreter from Debian {SUITE} in {HOME}")
    return cpython

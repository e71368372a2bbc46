"""The project's paths and the helpers every build step uses (standard library only)."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
DIST = ROOT / "dist"
WEB = ROOT / "web"
PY_SRC = ROOT / "py"
CACHE = ROOT / ".cache"
NODE_MODULES = ROOT / "node_modules"
ESBUILD = NODE_MODULES / ".bin" / ("esbuild.cmd" if os.name == "nt" else "esbuild")
PYPROJECT = ROOT / "pyproject.toml"
CHROMIUM = "/usr/bin/chromium"

# build.py -v: show the commands run and their output.
VERBOSE = False


class BuildError(Exception):
    """A failure with a message meant for the person running build.py."""


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def note(message: str) -> None:
    print(message, flush=True)


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def show(cmd: list[str], suffix: str = "") -> None:
    """Print a command before running it (build.py -v)."""
    if VERBOSE:
        print("+", shlex.join(cmd), *([suffix] if suffix else []), flush=True)


def run(cmd, *, cwd: Path = ROOT, env: dict | None = None, what: str | None = None) -> str:
    """Run a command quietly; on failure raise BuildError with its output."""
    cmd = [str(c) for c in cmd]
    what = what or Path(cmd[0]).name
    show(cmd)
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=None if VERBOSE else subprocess.PIPE,
            stderr=None if VERBOSE else subprocess.STDOUT,
            text=True,
        )
    except FileNotFoundError:
        raise BuildError(f"{what}: command not found: {cmd[0]}") from None
    if proc.returncode != 0:
        output = (proc.stdout or "").strip()
        if len(output) > 6000:
            output = "...\n" + output[-6000:]
        raise BuildError(
            f"{what} failed (exit {proc.returncode}): {shlex.join(cmd)}"
            + (f"\n{output}" if output else "")
        )
    return proc.stdout or ""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_under(directory: Path) -> list[Path]:
    """Every file below directory, sorted."""
    return sorted(p for p in directory.rglob("*") if p.is_file())


def tree_hash(files, base: Path) -> str:
    """sha256 over each file's path relative to base and its sha256, in the order given."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.relative_to(base).as_posix()}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def canonical_name(name: str) -> str:
    """PEP 503 normalized project name (as used in pyodide-lock.json)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def load_toml(path: Path) -> dict:
    try:
        import tomllib
    except ImportError:  # Python < 3.11: only reached after bootstrap failed
        raise BuildError(f"reading {rel(path)} needs Python >= 3.11") from None
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise BuildError(f"{rel(path)} is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{rel(path)} is not valid TOML: {exc}") from None

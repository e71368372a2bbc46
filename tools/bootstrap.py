"""Before any subcommand: .venv (with the dev dependencies pinned in pyproject.toml) and node_modules/.

Standard library only: build.py runs this under any python3, which then re-runs
build.py with .venv's Python (REEXEC_ENV guards against a loop).
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tools.common import NODE_MODULES, PYPROJECT, ROOT, VENV, BuildError, load_toml, note, rel, run, warn

MIN_PYTHON = (3, 12)
MIN_NODE = 20
DEV_DEPS_STAMP = VENV / ".asyncio-playground-dev-deps.json"
# Set when build.py re-executes itself inside .venv (guards against loops).
REEXEC_ENV = "ASYNCIO_PLAYGROUND_REEXEC"


def in_project_venv() -> bool:
    try:
        return Path(sys.prefix).resolve() == VENV.resolve()
    except OSError:
        return False


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def python_version_of(executable: str) -> tuple[int, ...] | None:
    """(major, minor, micro) of an interpreter, or None if it does not run."""
    try:
        out = subprocess.run(
            [executable, "-c", "import sys; print(*sys.version_info[:3])"],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    try:
        return tuple(int(part) for part in out.stdout.split())
    except ValueError:
        return None


def wanted_python() -> tuple[int, int]:
    """major.minor from .python-version (default: 3.13)."""
    path = ROOT / ".python-version"
    text = path.read_text().strip() if path.exists() else ""
    match = re.match(r"(\d+)\.(\d+)", text.splitlines()[0].strip() if text else "")
    return (int(match.group(1)), int(match.group(2))) if match else (3, 13)


def find_python() -> str:
    """The interpreter to create .venv with: .python-version's, else any >= 3.12."""
    major, minor = wanted_python()
    preferred = []
    found = shutil.which(f"python{major}.{minor}")
    if found:
        preferred.append(found)
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    pattern = str(pyenv_root / "versions" / f"{major}.{minor}*" / "bin" / "python")
    preferred += sorted(glob.glob(pattern), reverse=True)
    for candidate in preferred:
        version = python_version_of(candidate)
        if version and version[:2] == (major, minor):
            return candidate

    fallback = [sys.executable]
    for name in ("python3.14", "python3.13", "python3.12", "python3", "python"):
        found = shutil.which(name)
        if found:
            fallback.append(found)
    for candidate in fallback:
        version = python_version_of(candidate)
        if version and version[:2] >= MIN_PYTHON:
            warn(
                f"Python {major}.{minor} (from .python-version) was not found; "
                f"using {candidate} (Python {'.'.join(map(str, version))}) for .venv"
            )
            return candidate
    raise BuildError(
        f"Python >= {MIN_PYTHON[0]}.{MIN_PYTHON[1]} is required "
        f"(Python {major}.{minor} preferred, see .python-version), and none was found: "
        f"install python{major}.{minor} (e.g. `pyenv install {major}.{minor}`) or put it on PATH"
    )


def ensure_venv() -> Path:
    """Create .venv if it is missing or broken; return its python."""
    python = venv_python()
    if python.exists() and python_version_of(str(python)):
        return python
    if VENV.exists():
        warn(f"{rel(VENV)} is broken (its python does not run); recreating it")
        shutil.rmtree(VENV)
    base = find_python()
    note(f"Creating {rel(VENV)} with {base} ...")
    try:
        run([base, "-m", "venv", VENV], what="python -m venv")
    except BuildError as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        raise BuildError(
            f"{exc}\n(on Debian, the venv module comes with the python3-venv / "
            "python3.X-venv package)"
        ) from None
    return python


def reexec_in_venv() -> None:
    """Re-run build.py with the venv's python (does not return)."""
    if os.environ.get(REEXEC_ENV):
        raise BuildError(
            f"re-executing in {rel(VENV)} did not land in it (sys.prefix={sys.prefix}); "
            f"delete {rel(VENV)} and run again"
        )
    python = ensure_venv()
    argv = [str(python), str(ROOT / "build.py"), *sys.argv[1:]]
    env = dict(os.environ, **{REEXEC_ENV: "1"})
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "nt":  # no real exec on Windows
        sys.exit(subprocess.call(argv, env=env))
    os.execve(str(python), argv, env)


def dev_dependencies() -> list[str]:
    """The pinned dev dependency list declared in pyproject.toml."""
    data = load_toml(PYPROJECT)
    deps = data.get("dependency-groups", {}).get("dev")
    if deps is None:
        deps = data.get("project", {}).get("optional-dependencies", {}).get("dev")
    if not deps:
        raise BuildError(
            "pyproject.toml declares no dev dependencies "
            "([dependency-groups] dev or [project.optional-dependencies] dev)"
        )
    bad = [d for d in deps if not isinstance(d, str) or "==" not in d]
    if bad:
        raise BuildError(f"dev dependencies must be pinned with ==: {bad}")
    return sorted(deps)


def ensure_dev_dependencies() -> None:
    """pip install the dev dependencies when their declared list changed."""
    deps = dev_dependencies()
    stamp = {"python": sys.version.split()[0], "dev": deps}
    try:
        if json.loads(DEV_DEPS_STAMP.read_text()) == stamp:
            return
    except (OSError, ValueError):
        pass
    note(f"Installing dev dependencies into {rel(VENV)} ({len(deps)} pinned) ...")
    run(
        [sys.executable, "-m", "pip", "install", "--disable-pip-version-check",
         "--quiet", *deps],
        what="pip install",
    )
    DEV_DEPS_STAMP.write_text(json.dumps(stamp, indent=1) + "\n")


def check_node() -> None:
    """Node >= 20 and npm must be on PATH."""
    node = shutil.which("node")
    if not node:
        raise BuildError(f"Node >= {MIN_NODE} is required, but `node` is not on PATH")
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True,
                             timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    match = re.match(r"v?(\d+)", out)
    if not match or int(match.group(1)) < MIN_NODE:
        raise BuildError(f"Node >= {MIN_NODE} is required (found {out or 'an unknown version'} at {node})")
    if not shutil.which("npm"):
        raise BuildError("npm is required (it comes with Node), but `npm` is not on PATH")


def ensure_node_modules() -> None:
    """npm ci (npm install without a lock) when node_modules/ is missing or stale."""
    check_node()
    if not (ROOT / "package.json").exists():
        raise BuildError("package.json is missing")
    lock = ROOT / "package-lock.json"
    marker = NODE_MODULES / ".package-lock.json"  # npm rewrites it on every install
    stamp = marker if marker.exists() else NODE_MODULES
    if NODE_MODULES.is_dir() and (
        not lock.exists() or stamp.stat().st_mtime >= lock.stat().st_mtime
    ):
        return
    cmd = ["npm", "ci"] if lock.exists() else ["npm", "install"]
    note(f"Installing npm packages ({' '.join(cmd)}) ...")
    run([*cmd, "--no-audit", "--no-fund", "--loglevel=error"], what=" ".join(cmd))
    if marker.exists():
        marker.touch()


def bootstrap() -> None:
    """Every subcommand starts here: .venv + dev deps, node_modules."""
    if not in_project_venv():
        reexec_in_venv()  # does not return
    os.environ.pop(REEXEC_ENV, None)  # landed; don't leak it to child processes
    if sys.version_info[:2] < MIN_PYTHON:
        raise BuildError(
            f"{rel(VENV)} runs Python {sys.version.split()[0]}, but >= "
            f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]} is required: delete {rel(VENV)} and run again"
        )
    ensure_dev_dependencies()
    ensure_node_modules()

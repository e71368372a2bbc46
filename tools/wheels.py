"""dist/pyodide/: the Pyodide runtime, the wheels for it, and the lock file that lists them.

The pinned pure-Python wheels are downloaded once into .cache/wheels/; the project's
own wheel is built from py/ offline and cached by a hash of its sources.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from tools.common import (
    CACHE, NODE_MODULES, PY_SRC, PYPROJECT, ROOT, BuildError, canonical_name, load_toml, note, rel, run,
    sha256_file, tree_hash, warn,
)

PY_PACKAGE = "asyncio_playground"
WHEEL_CACHE = CACHE / "wheels"
PYODIDE_NPM = NODE_MODULES / "pyodide"
# Python inside Pyodide; the wheels are downloaded for it.
PYODIDE_PYTHON = "3.14"
# The Pyodide runtime, copied from node_modules/pyodide/ to dist/pyodide/.
# (pyodide.mjs.map is left out: only a debugger would fetch it.)
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
# Fixed zip timestamps, so the project's wheel (and so the build hash) only
# changes when its sources do.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest a zip can hold


def pinned_wheels() -> list[tuple[str, str]]:
    """(name, version) for each wheel pinned in [tool.asyncio-playground] wheels."""
    pins = load_toml(PYPROJECT).get("tool", {}).get("asyncio-playground", {}).get("wheels", [])
    result = []
    for pin in pins:
        name, sep, version = str(pin).partition("==")
        if not sep or not name.strip() or not version.strip():
            raise BuildError(f"[tool.asyncio-playground] wheels: pin {pin!r} as name==version")
        result.append((name.strip(), version.strip()))
    return result


def cached_wheel(name: str, version: str) -> Path | None:
    """The wheel for name==version in .cache/wheels/, if downloaded."""
    if not WHEEL_CACHE.is_dir():
        return None
    for path in sorted(WHEEL_CACHE.glob("*.whl")):
        parts = path.name.split("-")
        if len(parts) >= 5 and canonical_name(parts[0]) == canonical_name(name) and parts[1] == version:
            return path
    return None


def fetch_wheels() -> list[Path]:
    """Download the pinned pure-Python wheels for Pyodide once into .cache/wheels/."""
    pins = pinned_wheels()
    CACHE.mkdir(exist_ok=True)
    missing = [f"{n}=={v}" for n, v in pins if cached_wheel(n, v) is None]
    if missing:
        note(f"Downloading {len(missing)} wheel(s) for Pyodide into {rel(WHEEL_CACHE)} ...")
        WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            run(
                [sys.executable, "-m", "pip", "download", "--disable-pip-version-check",
                 "--quiet", "--no-deps", "--only-binary=:all:",
                 "--python-version", PYODIDE_PYTHON, "--platform", "any",
                 "--implementation", "py", "--abi", "none", "--dest", tmp, *missing],
                what="pip download",
            )
            for path in Path(tmp).glob("*.whl"):
                os.replace(path, WHEEL_CACHE / path.name)
    wheels = []
    for name, version in pins:
        path = cached_wheel(name, version)
        if path is None:
            raise BuildError(f"no pure-Python wheel of {name}=={version} in {rel(WHEEL_CACHE)}")
        wheels.append(path)
    return wheels


def project_sources() -> list[Path]:
    """The files the asyncio-playground wheel is built from."""
    skip = {"__pycache__", "build", "dist"}
    files = [PYPROJECT]
    for path in sorted(PY_SRC.rglob("*")):
        parts = path.relative_to(PY_SRC).parts
        if path.is_file() and not any(p in skip or p.endswith(".egg-info") for p in parts) \
                and path.suffix not in {".pyc", ".pyo"}:
            files.append(path)
    return files


def build_project_wheel(out_dir: Path) -> Path | None:
    """The asyncio-playground wheel from py/: built offline from a copy of the
    sources, cached in .cache/project-wheel/ by a hash of those sources."""
    if not (PY_SRC / PY_PACKAGE / "__init__.py").exists():
        warn(f"{rel(PY_SRC / PY_PACKAGE)}/__init__.py does not exist yet; "
             "dist/ will not contain the asyncio-playground wheel")
        return None
    sources = project_sources()
    CACHE.mkdir(exist_ok=True)
    cache = CACHE / "project-wheel" / tree_hash(sources, ROOT)[:32]
    cached = sorted(cache.glob("*.whl")) if cache.is_dir() else []
    if len(cached) != 1:
        shutil.rmtree(cache.parent, ignore_errors=True)  # keep only the newest build
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            src = Path(tmp) / "src"
            for path in sources:
                (src / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, src / path.relative_to(ROOT))
            wheel_dir = Path(tmp) / "wheel"
            env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PIP_NO_INPUT="1")
            run(
                [sys.executable, "-m", "pip", "wheel", "--disable-pip-version-check", "--quiet",
                 "--no-deps", "--no-build-isolation", "--no-index", "--wheel-dir", wheel_dir, src],
                cwd=Path(tmp),
                env=env,
                what="building the asyncio-playground wheel",
            )
            built = sorted(wheel_dir.glob("*.whl"))
            if len(built) != 1:
                raise BuildError(f"expected one asyncio-playground wheel, got {[p.name for p in built]}")
            cache.mkdir(parents=True)
            shutil.move(str(built[0]), cache / built[0].name)
        cached = sorted(cache.glob("*.whl"))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / cached[0].name
    shutil.copy2(cached[0], target)
    return target


def write_lock(pyodide_dir: Path, wheels: list[Path]) -> dict:
    """pyodide-lock.json listing exactly our wheels (in pyodide_dir), verified."""
    with open(PYODIDE_NPM / "pyodide-lock.json", encoding="utf-8") as f:
        upstream = json.load(f)
    output = pyodide_dir / "pyodide-lock.json"
    CACHE.mkdir(exist_ok=True)
    cli = Path(sys.executable).parent / ("pyodide.exe" if os.name == "nt" else "pyodide")
    if not cli.exists():
        cli = shutil.which("pyodide")
        if not cli:
            raise BuildError("the `pyodide` command (pyodide-build) is not installed in .venv")
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        empty = Path(tmp) / "pyodide-lock.json"
        # Keep "info" (abi, platform, python); drop the packages: their files are
        # not in the npm package and we host only what we list.
        empty.write_text(json.dumps({"info": upstream["info"], "packages": {}}))
        run(
            [cli, "lockfile", "add-wheels", "--input", empty, "--output", output,
             "--base-path", pyodide_dir, *wheels],
            what="pyodide lockfile add-wheels",
        )
    with open(output, encoding="utf-8") as f:
        lock = json.load(f)
    verify_lock(lock, pyodide_dir, wheels)
    return lock


def verify_lock(lock: dict, pyodide_dir: Path, wheels: list[Path]) -> None:
    """Every wheel is listed, nothing else is, and every listed file exists and matches."""
    packages = lock.get("packages", {})
    expected = {canonical_name(w.name.split("-")[0]) for w in wheels}
    if set(packages) != expected:
        raise BuildError(
            f"pyodide-lock.json lists {sorted(packages)}, expected {sorted(expected)}"
        )
    for name, spec in packages.items():
        path = pyodide_dir / spec["file_name"]
        if not path.is_file():
            raise BuildError(f"pyodide-lock.json: {name} names {spec['file_name']}, which is not in {rel(pyodide_dir)}")
        if sha256_file(path) != spec["sha256"]:
            raise BuildError(f"pyodide-lock.json: sha256 of {spec['file_name']} does not match")
        missing = [d for d in spec.get("depends", []) if d not in packages]
        if missing:
            raise BuildError(f"pyodide-lock.json: {name} depends on {missing}, which are not listed")


def copy_pyodide_runtime(pyodide_dir: Path) -> str:
    """Copy the Pyodide runtime from node_modules; return its version."""
    with open(PYODIDE_NPM / "package.json", encoding="utf-8") as f:
        version = json.load(f)["version"]
    pyodide_dir.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        src = PYODIDE_NPM / name
        if not src.exists():
            if name.endswith(".map"):
                continue
            raise BuildError(f"{rel(src)} is missing (pyodide {version}); delete node_modules and run again")
        shutil.copy2(src, pyodide_dir / name)
    return version


def write_pyodide_dir(pyodide_dir: Path) -> tuple[str, Path | None, dict]:
    """dist/pyodide/: the runtime, the pinned wheels, the project's wheel and the lock.

    Returns Pyodide's version, the project's wheel (None without py/) and the lock.
    """
    version = copy_pyodide_runtime(pyodide_dir)
    wheels = []
    for path in fetch_wheels():
        shutil.copy2(path, pyodide_dir / path.name)
        wheels.append(pyodide_dir / path.name)
    own = build_project_wheel(pyodide_dir)
    if own:
        wheels.insert(0, own)
    return version, own, write_lock(pyodide_dir, wheels)

#!/usr/bin/env python3
"""asyncio-playground: build, serve and test the static site in dist/.

    python3 build.py build                  # dist/ from scratch
    python3 build.py serve [--host H] [--port P] [--no-isolation]
    python3 build.py test [pytest args...]  # build, then pytest on tests/
    python3 build.py bench [-n N] [--compare OLD.json] ...  # build, then tests/bench/

Any python3 can start this script (only the standard library is used at top
level). It first makes sure the project's .venv exists (created with the Python
named in .python-version), holds the dev dependencies pinned in pyproject.toml,
and that node_modules/ matches package-lock.json; then it re-runs itself with
the venv's Python. Every step is one function below; tests import `make_server`.
"""

from __future__ import annotations

import argparse
import datetime
import errno
import functools
import glob
import hashlib
import http.server
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DIST = ROOT / "dist"
WEB = ROOT / "web"
PY_SRC = ROOT / "py"
PY_PACKAGE = "asyncio_playground"
CACHE = ROOT / ".cache"
WHEEL_CACHE = CACHE / "wheels"
NODE_MODULES = ROOT / "node_modules"
ESBUILD = NODE_MODULES / ".bin" / ("esbuild.cmd" if os.name == "nt" else "esbuild")
PYODIDE_NPM = NODE_MODULES / "pyodide"
PYPROJECT = ROOT / "pyproject.toml"
DEV_DEPS_STAMP = VENV / ".asyncio-playground-dev-deps.json"

MIN_PYTHON = (3, 12)
MIN_NODE = 20
# Python inside Pyodide; the wheels are downloaded for it.
PYODIDE_PYTHON = "3.14"
# Top-level JS entry points in web/, each bundled to dist/<name>: ES modules for pages,
# classic scripts for the sandboxed worker (Pyodide bundled in: it starts from a blob:
# URL on an opaque origin, where it can import nothing) and for index.html's <head>.
JS_ENTRIES = ("main.js", "embed.js", "lesson.js")
CLASSIC_JS_ENTRIES = ("worker.js", "early.js")
# The sandboxed runner frame's one script (web/run/sandbox.js writes it into the frame's
# srcdoc); its sha256 goes into every page's Content-Security-Policy.
SANDBOX_FRAME_SCRIPT = "run/sandbox-frame.js"
CSP_PLACEHOLDER = "__ASYNCIO_PLAYGROUND_CSP__"
CSP_PAGES = ("index.html", "lesson.html")
# Copied as-is from web/ (top level only) and web/<dir>/ (recursively).
STATIC_PATTERNS = ("*.html", "*.css", "*.svg", "*.ico")
STATIC_DIRS = ("data",)
# The Pyodide runtime, copied from node_modules/pyodide/ to dist/pyodide/.
# (pyodide.mjs.map is left out: only a debugger would fetch it.)
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
# The service worker (web/sw.js, with the build hash put in) and the manifest it reads:
# PRECACHE_FILES are cached when it installs (what a first visit loads), the other files
# when first used (aiohttp's wheels, other pages); never maps, the bench's page or siblings.
SERVICE_WORKER = "sw.js"
BUILD_HASH_PLACEHOLDER = "__ASYNCIO_PLAYGROUND_BUILD_HASH__"
MANIFEST_PLACEHOLDER = "__ASYNCIO_PLAYGROUND_MANIFEST__"
PRECACHE_MANIFEST = "precache.json"
PRECACHE_FILES = ("index.html", "early.js", "main.js", "worker.js", "styles.css", "pyodide/pyodide-lock.json",
                  "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip")
NOT_CACHED = ("*.map", "*.gz", "*.br", "bare.html", PRECACHE_MANIFEST, SERVICE_WORKER)
# Precompressed siblings NAME.br / NAME.gz, sent by build.py's server to browsers that
# accept them; kept only when they save at least a tenth (python_stdlib.zip does not).
COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".py")
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # best first
# Fixed zip timestamps, so the project's wheel (and so the build hash) only
# changes when its sources do.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest a zip can hold
# Set when build.py re-executes itself inside .venv (guards against loops).
REEXEC_ENV = "ASYNCIO_PLAYGROUND_REEXEC"
CHROMIUM = "/usr/bin/chromium"

VERBOSE = False


class BuildError(Exception):
    """A failure with a message meant for the person running build.py."""


# --------------------------------------------------------------------------
# small helpers


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def note(message: str) -> None:
    print(message, flush=True)


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def run(cmd, *, cwd: Path = ROOT, env: dict | None = None, what: str | None = None) -> str:
    """Run a command quietly; on failure raise BuildError with its output."""
    cmd = [str(c) for c in cmd]
    what = what or Path(cmd[0]).name
    if VERBOSE:
        print("+", shlex.join(cmd), flush=True)
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


def in_project_venv() -> bool:
    try:
        return Path(sys.prefix).resolve() == VENV.resolve()
    except OSError:
        return False


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


# --------------------------------------------------------------------------
# bootstrap: interpreter, .venv, dev dependencies, node_modules


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


# --------------------------------------------------------------------------
# wheels


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
    key = hashlib.sha256()
    for path in sources:
        key.update(f"{path.relative_to(ROOT).as_posix()}\0{sha256_file(path)}\n".encode())
    cache = CACHE / "project-wheel" / key.hexdigest()[:32]
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


# --------------------------------------------------------------------------
# the Pyodide lock file


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


# --------------------------------------------------------------------------
# dist/


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


def sandbox_frame_script() -> tuple[str, str]:
    """The runner frame's script (one classic script, minified) and its CSP hash (base64 sha256)."""
    import base64

    result = subprocess.run(
        [ESBUILD, rel(WEB / SANDBOX_FRAME_SCRIPT), "--bundle", "--format=iife", "--target=es2022",
         "--minify", "--log-level=warning"],
        cwd=ROOT, check=False, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BuildError(f"esbuild could not bundle {SANDBOX_FRAME_SCRIPT}:\n{result.stderr}")
    script = result.stdout.strip()
    if "</script" in script.lower():
        raise BuildError(f"{SANDBOX_FRAME_SCRIPT} bundles to text holding '</script': it cannot be inlined")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return script, digest


def content_security_policy(frame_hash: str) -> str:
    """The pages' CSP. The runner frame inherits it and narrows it (run/sandbox.js):
    its script is allowed by hash, its worker by blob:, wasm by 'wasm-unsafe-eval';
    connect-src allows https: only for programs the user let use the network."""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'sha256-{frame_hash}' 'wasm-unsafe-eval'",
        "worker-src 'self' blob: data:",
        "connect-src 'self' https:",
        "img-src 'self' data: blob:",
        "style-src 'self' 'unsafe-inline'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


def bundle_js(out_dir: Path, pyodide_version: str, runtime_wheel: str | None) -> str:
    """Bundle web/'s JS entry points with esbuild; return the pages' CSP.

    worker.js first: the page's loading bar needs the start-up files' sizes, its own too.
    """
    script, frame_hash = sandbox_frame_script()
    common = ["--bundle", "--target=es2022", f"--outbase={rel(WEB)}", f"--outdir={out_dir}", "--sourcemap",
              "--minify",  # half the bytes to download and parse; the source maps keep it debuggable
              "--log-level=warning", f"--define:PYODIDE_VERSION={json.dumps(pyodide_version)}"]
    # Pyodide's node-only imports stay out (never reached in a browser).
    run([ESBUILD, rel(WEB / "worker.js"), "--format=iife", "--external:node:*", "--external:ws", *common],
        what="esbuild (worker)")
    startup = ["worker.js", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip"]
    if runtime_wheel:
        startup.append(f"pyodide/{runtime_wheel}")
    sizes = {path: (out_dir / path).stat().st_size for path in startup}
    common += [
        f"--define:SANDBOX_FRAME_SCRIPT={json.dumps(script)}",
        f"--define:SANDBOX_FRAME_HASH={json.dumps(frame_hash)}",
        f"--define:STARTUP_BYTES={json.dumps(sizes)}",
    ]
    classic = [name for name in CLASSIC_JS_ENTRIES if name != "worker.js"]
    run([ESBUILD, *[rel(WEB / name) for name in classic], "--format=iife", *common], what="esbuild (early.js)")
    run([ESBUILD, *[rel(WEB / name) for name in JS_ENTRIES], "--format=esm", *common], what="esbuild")
    return content_security_policy(frame_hash)


def minify_css(out_dir: Path) -> None:
    """Minify the copied style sheets in place with esbuild (a fifth fewer bytes; no bundling)."""
    sheets = sorted(out_dir.glob("*.css"))
    if not sheets:
        return
    run([ESBUILD, *[str(sheet) for sheet in sheets], "--minify", f"--outdir={out_dir}",
         "--allow-overwrite", "--log-level=warning"], what="esbuild (CSS)")


def copy_static(out_dir: Path, csp: str = "") -> None:
    """Copy web/'s HTML, CSS, icons and data/ into out_dir (the CSP written into CSP_PAGES)."""
    if not WEB.is_dir():
        warn(f"{rel(WEB)}/ does not exist yet; dist/ has no page")
        return
    for pattern in STATIC_PATTERNS:
        for path in sorted(WEB.glob(pattern)):
            if path.is_file() and path.name in CSP_PAGES:
                text = path.read_text(encoding="utf-8")
                if CSP_PLACEHOLDER not in text:
                    raise BuildError(f"{rel(path)} has no {CSP_PLACEHOLDER}: its Content-Security-Policy is missing")
                (out_dir / path.name).write_text(text.replace(CSP_PLACEHOLDER, csp), encoding="utf-8")
            elif path.is_file():
                shutil.copy2(path, out_dir / path.name)
    for name in STATIC_DIRS:
        if (WEB / name).is_dir():
            shutil.copytree(WEB / name, out_dir / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".*"))
    if not (out_dir / "index.html").exists():
        warn(f"{rel(WEB / 'index.html')} does not exist yet; dist/ has no index.html")


def render_lesson(out_dir: Path) -> None:
    """dist/lesson.html: the lesson's Markdown (web/lesson/*.md) rendered into it (tools/lesson_render.py)."""
    page = out_dir / "lesson.html"
    if not page.is_file():
        return
    from tools.lesson_render import LessonError, render_lesson_page  # markdown-it-py: a dev dependency

    try:
        render_lesson_page(page, WEB / "lesson")
    except (LessonError, OSError) as error:
        raise BuildError(f"the lesson could not be rendered: {error}") from error


def content_hash(directory: Path) -> str:
    """sha256 over every file's relative path and sha256."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(directory).as_posix()}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def write_build_info(out_dir: Path, pyodide_version: str, lock: dict) -> dict:
    """dist/build-info.json: versions, build hash (of the other files), time."""
    python = ".".join(str(lock["info"]["python"]).split(".")[:2])
    if python != PYODIDE_PYTHON:
        warn(f"pyodide {pyodide_version} runs Python {python}, but the wheels were "
             f"downloaded for {PYODIDE_PYTHON} (PYODIDE_PYTHON in build.py)")
    info = {
        "pyodide": pyodide_version,
        "python": python,
        "hash": content_hash(out_dir),
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "packages": {name: spec["version"] for name, spec in sorted(lock["packages"].items())},
    }
    (out_dir / "build-info.json").write_text(json.dumps(info, indent=2) + "\n")
    return info


def write_service_worker(out_dir: Path, build_hash: str, lock: dict) -> None:
    """dist/sw.js (web/sw.js with the build hash) and dist/precache.json, its file list."""
    source = WEB / SERVICE_WORKER
    if not source.is_file():
        return
    files = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file())
    files = [f for f in files if not any(Path(f).match(pattern) for pattern in NOT_CACHED)]
    own = lock["packages"].get("asyncio-playground", {}).get("file_name")
    startup = set(PRECACHE_FILES) | ({f"pyodide/{own}"} if own else set())
    precache = [f for f in files if f in startup]
    manifest = {
        "hash": build_hash,
        "precache": precache,
        "onDemand": [f for f in files if f not in startup],
        # sw.js stores and serves only these bytes (and adopts the page's staged copies)
        "sha256": {f: sha256_file(out_dir / f) for f in files},
    }
    (out_dir / PRECACHE_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    text = source.read_text(encoding="utf-8")
    for placeholder in (BUILD_HASH_PLACEHOLDER, MANIFEST_PLACEHOLDER):
        if placeholder not in text:
            raise BuildError(f"{rel(source)} does not contain {placeholder}")
    # The manifest is written into sw.js: it trusts no file it could read from a cache.
    text = text.replace(BUILD_HASH_PLACEHOLDER, build_hash).replace(MANIFEST_PLACEHOLDER, json.dumps(manifest))
    (out_dir / SERVICE_WORKER).write_text(text, encoding="utf-8")


def precompress(out_dir: Path) -> None:
    """NAME.gz (and NAME.br when the brotli module is installed) beside compressible files.

    Compressed bytes are cached in .cache/compressed/ by content, so only changed
    files cost time (brotli's best level takes a while on the wasm file).
    """
    import gzip

    try:
        import brotli
    except ImportError:
        brotli = None
    cache = CACHE / "compressed"
    cache.mkdir(parents=True, exist_ok=True)
    compressors = {".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0)}
    if brotli is not None:
        compressors[".br"] = lambda data: brotli.compress(data, quality=11)
    used = set()
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file() and p.suffix in COMPRESSIBLE):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        for suffix, compress in compressors.items():
            cached = cache / f"{digest}{suffix}"
            used.add(cached.name)
            try:
                packed = cached.read_bytes()
                os.utime(cached)
            except FileNotFoundError:
                packed = compress(data)
                partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
                partial.write_bytes(packed)
                os.replace(partial, cached)
            if len(packed) <= 0.9 * len(data):
                path.with_name(path.name + suffix).write_bytes(packed)
    old = time.time() - 3600  # entries another build may still be using stay an hour
    for stale in cache.iterdir():
        try:
            if stale.name not in used and stale.stat().st_mtime < old:
                stale.unlink()
        except FileNotFoundError:
            pass


def build() -> dict:
    """dist/ from scratch (built beside it, then swapped in)."""
    started = time.monotonic()
    CACHE.mkdir(exist_ok=True)
    stage = CACHE / "dist.partial"
    shutil.rmtree(stage, ignore_errors=True)
    pyodide_dir = stage / "pyodide"
    pyodide_version = copy_pyodide_runtime(pyodide_dir)
    wheels = []
    for path in fetch_wheels():
        shutil.copy2(path, pyodide_dir / path.name)
        wheels.append(pyodide_dir / path.name)
    own = build_project_wheel(pyodide_dir)
    if own:
        wheels.insert(0, own)
    lock = write_lock(pyodide_dir, wheels)
    csp = bundle_js(stage, pyodide_version, own.name if own else None)
    copy_static(stage, csp)
    minify_css(stage)
    render_lesson(stage)
    info = write_build_info(stage, pyodide_version, lock)
    write_service_worker(stage, info["hash"], lock)
    precompress(stage)
    shutil.rmtree(DIST, ignore_errors=True)
    os.replace(stage, DIST)
    files = [p for p in DIST.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    note(f"Built {rel(DIST)}/ in {time.monotonic() - started:.1f}s: {len(files)} files, "
         f"{size:.1f} MB, pyodide {pyodide_version}, hash {info['hash'][:12]}")
    return info


# --------------------------------------------------------------------------
# serve


class PlaygroundRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from the server's directory with the headers the playground needs."""

    server_version = "asyncio-playground"
    MIME_TYPES = {
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".json": "application/json",
        ".map": "application/json",
        ".wasm": "application/wasm",
        ".whl": "application/octet-stream",
        ".zip": "application/zip",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".ico": "image/x-icon",
        ".txt": "text/plain; charset=utf-8",
        ".py": "text/plain; charset=utf-8",
    }

    def version_string(self) -> str:
        return self.server_version

    def end_headers(self) -> None:
        if getattr(self.server, "isolation", True):
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        # CORS: embed.js on another origin's page imports worker.js and fetches Pyodide.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        if getattr(self, "_varies_by_encoding", False):
            self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def guess_type(self, path) -> str:
        return self.MIME_TYPES.get(os.path.splitext(str(path))[1].lower(), "application/octet-stream")

    def send_head(self):
        path = self.translate_path(self.path)
        root = os.path.realpath(self.directory)
        real = os.path.realpath(path)
        if real != root and not real.startswith(root + os.sep):
            self.send_error(404, "File not found")  # e.g. a symlink out of dist/
            return None
        if os.path.isdir(path) and not os.path.isfile(os.path.join(path, "index.html")):
            self.send_error(404, "File not found")
            return None
        self._varies_by_encoding = False
        encoded = self._send_precompressed(path)
        return encoded if encoded is not None or self._varies_by_encoding else super().send_head()

    def _send_precompressed(self, path: str):
        """Sends NAME.br or NAME.gz (see precompress) for NAME if the client accepts it.

        Returns the open file, or None: then nothing was sent, unless the answer was a 304
        (self._varies_by_encoding tells whether NAME has precompressed siblings at all).
        """
        if not getattr(self.server, "compression", True):
            return None
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return None  # SimpleHTTPRequestHandler redirects to the slashed URL
            path = os.path.join(path, "index.html")
        variants = [(name, path + suffix) for name, suffix in ENCODINGS if os.path.isfile(path + suffix)]
        if not variants or not os.path.isfile(path):
            return None
        accepted = self._accepted_encodings()
        chosen = next(((name, p) for name, p in variants if name in accepted), None)
        if chosen is None:
            self._varies_by_encoding = True
            return super().send_head()  # the identity file, with Vary
        encoding, encoded_path = chosen
        self._varies_by_encoding = True
        modified = os.stat(path).st_mtime
        if self._not_modified_since(modified):
            self.send_response(304)
            self.end_headers()
            return None
        f = open(encoded_path, "rb")
        try:
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))  # the original's type
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("Last-Modified", self.date_time_string(modified))
            self.end_headers()
            return f
        except BaseException:
            f.close()
            raise

    def _accepted_encodings(self) -> set[str]:
        """Content codings in Accept-Encoding, less those with q=0."""
        accepted = set()
        for item in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = item.partition(";")
            weight = params.strip().lower()
            if weight.startswith("q="):
                try:
                    if float(weight[2:]) <= 0:
                        continue
                except ValueError:
                    continue
            if name.strip():
                accepted.add(name.strip().lower())
        return accepted

    def _not_modified_since(self, mtime: float) -> bool:
        """If-Modified-Since as SimpleHTTPRequestHandler checks it."""
        import email.utils

        header = self.headers.get("If-Modified-Since")
        if not header or "If-None-Match" in self.headers:
            return False
        try:
            since = email.utils.parsedate_to_datetime(header)
        except (TypeError, IndexError, OverflowError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=datetime.timezone.utc)
        modified = datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc).replace(microsecond=0)
        return modified <= since

    def list_directory(self, path):
        self.send_error(404, "File not found")
        return None

    def log_message(self, format, *args) -> None:
        pass  # no per-request lines

    def log_error(self, format, *args) -> None:
        request = f"{getattr(self, 'command', None) or '-'} {getattr(self, 'path', '')}".strip()
        sys.stderr.write(f"serve: {request}: {format % args}\n")


class PlaygroundServer(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer serving one directory; `isolation` toggles COOP/COEP."""

    daemon_threads = True

    def __init__(self, address, directory: Path, isolation: bool = True, compression: bool = True):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.directory = Path(directory)
        self.isolation = isolation
        self.compression = compression  # send precompressed siblings (Content-Encoding)
        handler = functools.partial(PlaygroundRequestHandler, directory=str(directory))
        super().__init__(address, handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser went away mid-response
        sys.stderr.write(f"serve: error handling a request from {client_address[0]}: {exc!r}\n")


def make_server(host: str = "127.0.0.1", port: int = 0, *, isolation: bool = True,
                directory: Path | str = DIST, compression: bool = True) -> PlaygroundServer:
    """A bound (not yet running) server for `directory`; call serve_forever() on it.

    port=0 picks a free port: read it back from server.server_address or server.url.
    compression=False serves every file as it is (never its .br/.gz sibling).
    """
    return PlaygroundServer((host, port), Path(directory), isolation=isolation, compression=compression)


def serve(host: str, port: int, isolation: bool) -> int:
    """Build, then serve dist/ until Ctrl+C."""
    try:  # listen first: a busy port should not cost a rebuild of dist/
        server = make_server(host, port, isolation=isolation)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise BuildError(f"port {port} on {host} is already in use (try --port {port + 1})") from None
        raise BuildError(f"cannot listen on {host}:{port}: {exc}") from None
    try:
        build()
    except BaseException:
        server.server_close()
        raise

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    note(f"Serving asyncio-playground on {server.url}")
    if not isolation:
        note("(--no-isolation: no COOP/COEP headers, so the page runs without cross-origin isolation)")
    note("Press Ctrl+C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        note("\nStopped.")
    finally:
        server.server_close()
    return 0


# --------------------------------------------------------------------------
# test, bench


def run_tests(pytest_args: list[str]) -> int:
    """Build, then pytest on tests/ (testpaths) with the arguments given.

    Without arguments (the README's command), tests/py runs in a second pytest beside
    tests/browser: its tests mostly sleep through the seed article's examples, the
    browser tests mostly wait for browsers, and the two together take the time of the
    longer one. Its report is printed when the browser tests end.
    """
    build()
    env = dict(os.environ)
    if os.path.exists(CHROMIUM):
        env.setdefault("PLAYWRIGHT_CHROMIUM", CHROMIUM)
    pytest = [sys.executable, "-m", "pytest"]
    if pytest_args:
        return _pytest_rc(_call(pytest + pytest_args, env), "")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as py_log:
        py_cmd = pytest + ["tests/py", "-p", "no:cacheprovider"]
        if VERBOSE:
            print("+", shlex.join(py_cmd), "(alongside)", flush=True)
        py_tests = subprocess.Popen(py_cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                    stdout=py_log, stderr=subprocess.STDOUT, text=True)
        try:
            browser_rc = _pytest_rc(_call(pytest + ["tests/browser"], env), "tests/browser")
        finally:
            py_rc = _pytest_rc(py_tests.wait(), "tests/py")
        py_log.seek(0)
        print("\n" + " tests/py (ran alongside the browser tests) ".center(80, "="), flush=True)
        sys.stdout.write(py_log.read())
        sys.stdout.flush()
    verdict = "failed" if py_rc or browser_rc else "passed"
    print(f"build.py test: {verdict} (tests/browser exit {browser_rc}, tests/py exit {py_rc})", flush=True)
    return py_rc or browser_rc


def _call(cmd: list[str], env: dict) -> int:
    if VERBOSE:
        print("+", shlex.join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def _pytest_rc(rc: int, what: str) -> int:
    if rc == 5:
        print(f"build.py test: error: pytest collected no tests {what}".rstrip(), file=sys.stderr)
        return 1
    return rc


def bench(bench_args: list[str]) -> int:
    """Build, then benchmark dist/ in Chromium (tests/bench/pagebench.py; --help lists its options)."""
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    import pagebench

    return pagebench.main(bench_args, build_module=sys.modules[__name__])


# --------------------------------------------------------------------------
# command line


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Parse build.py's arguments; everything after `test` goes to pytest verbatim."""
    passthrough: list[str] = []
    for i, arg in enumerate(argv):
        if not arg.startswith("-"):
            if arg in ("test", "bench"):
                argv, passthrough = argv[: i + 1], argv[i + 1:]
            break
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build, serve and test asyncio-playground (a static site in dist/).",
        allow_abbrev=False,
    )
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show the commands run and their output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sub.add_parser("build", help="build dist/ from scratch")
    p_serve = sub.add_parser("serve", help="build, then serve dist/ over HTTP")
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p_serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    p_serve.add_argument("--no-isolation", action="store_true",
                         help="omit the COOP/COEP headers (to try the degraded, non-isolated mode)")
    sub.add_parser("test", usage="build.py test [pytest args...]",
                   help="build, then run pytest on tests/ (all further arguments go to pytest)")
    sub.add_parser("bench", usage="build.py bench [bench args...] (see build.py bench --help)",
                   help="build, then benchmark loading and running in Chromium (further arguments go to the bench)")
    return parser.parse_args(argv), passthrough


def main(argv: list[str] | None = None) -> int:
    global VERBOSE
    args, passthrough = parse_args(sys.argv[1:] if argv is None else argv)
    VERBOSE = args.verbose
    try:
        bootstrap()
        if args.command == "build":
            build()
            return 0
        if args.command == "serve":
            return serve(args.host, args.port, not args.no_isolation)
        if args.command == "test":
            return run_tests(passthrough)
        if args.command == "bench":
            return bench(passthrough)
    except BuildError as exc:
        print(f"build.py {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())

"""Site assembly: dist/ from web/, py/ and node_modules/ (build()), one function per step.

The steps in build()'s order: dist/pyodide/ (tools/wheels.py), the JS bundles and the
pages' Content-Security-Policy, the static files, the lesson, build-info.json, the
service worker (tools/serviceworker.py) and the precompressed siblings (tools/compress.py).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from tools.common import (
    CACHE, DIST, ESBUILD, ROOT, WEB, BuildError, files_under, note, rel, run, sha256_file, tree_hash, warn,
)
from tools.compress import precompress
from tools.serviceworker import write_service_worker
from tools.wheels import PYODIDE_PYTHON, write_pyodide_dir

# Top-level JS entry points in web/, each bundled to dist/<name>: ES modules for pages,
# classic scripts for the sandboxed worker (Pyodide bundled in: it starts from a blob:
# URL on an opaque origin, where it can import nothing) and for index.html's <head>.
JS_ENTRIES = ("main.js", "embed.js", "lesson.js")
CLASSIC_JS_ENTRIES = ("worker.js", "early.js")
# The sandboxed runner frame's one script (web/run/sandbox.js writes it into the frame's
# srcdoc); its sha256 goes into every page's Content-Security-Policy.
SANDBOX_FRAME_SCRIPT = "run/sandbox-frame.js"
# The pages' worker that reads and checks cached files (started from a blob: URL).
CACHE_CHECK_SCRIPT = "run/cache-check.js"
CSP_PLACEHOLDER = "__ASYNCIO_PLAYGROUND_CSP__"
CSP_PAGES = ("index.html", "lesson.html")
# Copied as-is from web/ (top level only) and web/<dir>/ (recursively).
STATIC_PATTERNS = ("*.html", "*.css", "*.svg", "*.ico")
STATIC_DIRS = ("data",)


def script_text(entry: str) -> str:
    """web/<entry> bundled to one classic script (minified), as text for another bundle."""
    result = subprocess.run(
        [ESBUILD, rel(WEB / entry), "--bundle", "--format=iife", "--target=es2022", "--minify", "--log-level=warning"],
        cwd=ROOT, check=False, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BuildError(f"esbuild could not bundle {entry}:\n{result.stderr}")
    return result.stdout.strip()


def sandbox_frame_script() -> tuple[str, str]:
    """The runner frame's script (one classic script, minified) and its CSP hash (base64 sha256)."""
    script = script_text(SANDBOX_FRAME_SCRIPT)
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


def startup_files(out_dir: Path, runtime_wheel: str | None) -> dict:
    """{name: {path, size, sha256}} of what a worker starts on (web/run/files.js): the page
    reads them from the service worker's cache itself, and trusts a copy only with these
    bytes (the pages' bundles are built after worker.js, so its sha256 is known)."""
    paths = {"source": "worker.js", "lock": "pyodide/pyodide-lock.json", "wasm": "pyodide/pyodide.asm.wasm",
             "stdlib": "pyodide/python_stdlib.zip"}
    if runtime_wheel:
        paths["wheel"] = f"pyodide/{runtime_wheel}"
    return {name: {"path": path, "size": (out_dir / path).stat().st_size, "sha256": sha256_file(out_dir / path)}
            for name, path in paths.items()}


def bundle_js(out_dir: Path, pyodide_version: str, runtime_wheel: str | None) -> str:
    """Bundle web/'s JS entry points with esbuild; return the pages' CSP.

    worker.js first: the pages need the start-up files' sizes and sha256s, its own too.
    """
    script, frame_hash = sandbox_frame_script()
    common = ["--bundle", "--target=es2022", f"--outbase={rel(WEB)}", f"--outdir={out_dir}", "--sourcemap",
              "--minify",  # half the bytes to download and parse; the source maps keep it debuggable
              "--loader:.py=text",  # the seed examples (web/examples/*.py) are imported as strings
              "--log-level=warning", f"--define:PYODIDE_VERSION={json.dumps(pyodide_version)}"]
    # Pyodide's node-only imports stay out (never reached in a browser).
    run([ESBUILD, rel(WEB / "worker.js"), "--format=iife", "--external:node:*", "--external:ws", *common],
        what="esbuild (worker)")
    common += [
        f"--define:SANDBOX_FRAME_SCRIPT={json.dumps(script)}",
        f"--define:SANDBOX_FRAME_HASH={json.dumps(frame_hash)}",
        f"--define:CACHE_CHECK_SCRIPT={json.dumps(script_text(CACHE_CHECK_SCRIPT))}",
        f"--define:STARTUP_FILES={json.dumps(startup_files(out_dir, runtime_wheel))}",
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


def write_build_info(out_dir: Path, pyodide_version: str, lock: dict) -> dict:
    """dist/build-info.json: versions, build hash (of the other files), time."""
    python = ".".join(str(lock["info"]["python"]).split(".")[:2])
    if python != PYODIDE_PYTHON:
        warn(f"pyodide {pyodide_version} runs Python {python}, but the wheels were "
             f"downloaded for {PYODIDE_PYTHON} (PYODIDE_PYTHON in tools/wheels.py)")
    info = {
        "pyodide": pyodide_version,
        "python": python,
        "hash": tree_hash(files_under(out_dir), out_dir),
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "packages": {name: spec["version"] for name, spec in sorted(lock["packages"].items())},
    }
    (out_dir / "build-info.json").write_text(json.dumps(info, indent=2) + "\n")
    return info


def build() -> dict:
    """dist/ from scratch (built beside it, then swapped in)."""
    started = time.monotonic()
    CACHE.mkdir(exist_ok=True)
    stage = CACHE / "dist.partial"
    shutil.rmtree(stage, ignore_errors=True)
    pyodide_version, own, lock = write_pyodide_dir(stage / "pyodide")
    csp = bundle_js(stage, pyodide_version, own.name if own else None)
    copy_static(stage, csp)
    minify_css(stage)
    render_lesson(stage)
    info = write_build_info(stage, pyodide_version, lock)
    write_service_worker(stage, info["hash"], lock)
    precompress(stage)
    shutil.rmtree(DIST, ignore_errors=True)
    os.replace(stage, DIST)
    files = files_under(DIST)
    size = sum(p.stat().st_size for p in files) / 1e6
    note(f"Built {rel(DIST)}/ in {time.monotonic() - started:.1f}s: {len(files)} files, "
         f"{size:.1f} MB, pyodide {pyodide_version}, hash {info['hash'][:12]}")
    return info

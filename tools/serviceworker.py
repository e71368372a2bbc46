"""dist/sw.js and dist/precache.json: the service worker with the build's file list written in.

PRECACHE_FILES are cached when it installs (what a first visit loads), the other files
when first used (aiohttp's wheels, other pages); never maps, the bench's page or siblings.
"""

from __future__ import annotations

import json
from pathlib import Path

from tools.common import WEB, BuildError, rel, sha256_file

SERVICE_WORKER = "sw.js"
BUILD_HASH_PLACEHOLDER = "__ASYNCIO_PLAYGROUND_BUILD_HASH__"
MANIFEST_PLACEHOLDER = "__ASYNCIO_PLAYGROUND_MANIFEST__"
PRECACHE_MANIFEST = "precache.json"
PRECACHE_FILES = ("index.html", "early.js", "main.js", "worker.js", "styles.css", "pyodide/pyodide-lock.json",
                  "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip")
NOT_CACHED = ("*.map", "*.gz", "*.br", "bare.html", PRECACHE_MANIFEST, SERVICE_WORKER)


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

"""Precompressed siblings NAME.br / NAME.gz: written beside dist/'s files by the build,
sent by the dev server (tools/devserver.py) to browsers that accept them."""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from pathlib import Path

from tools.common import CACHE

COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".py")
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # best first
# A sibling is kept only when it saves at least a tenth (python_stdlib.zip does not).
MAX_RATIO = 0.9


def precompress(out_dir: Path) -> None:
    """NAME.gz (and NAME.br when the brotli module is installed) beside compressible files.

    Compressed bytes are cached in .cache/compressed/ by content, so only changed
    files cost time (brotli's best level takes a while on the wasm file).
    """
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
            if len(packed) <= MAX_RATIO * len(data):
                path.with_name(path.name + suffix).write_bytes(packed)
    old = time.time() - 3600  # entries another build may still be using stay an hour
    for stale in cache.iterdir():
        try:
            if stale.name not in used and stale.stat().st_mtime < old:
                stale.unlink()
        except FileNotFoundError:
            pass

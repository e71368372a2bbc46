"""Page modules without a browser, under Node: the loading text (web/page/load-progress.js) and
the traceback parser (web/console/traceback-view.js), fed with what the runtime really prints."""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from support import run_captured

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")


def node(module: str, function: str, *args):
    """`function(...args)` exported by web/`module`, its result through JSON."""
    url = json.dumps((ROOT / "web" / module).as_uri())
    script = (
        f"import {{ {function} }} from {url};\n"
        f"const args = JSON.parse(process.argv[1]);\n"
        f"console.log(JSON.stringify(args.map((a) => {function}(...a))));\n"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script, json.dumps([list(a) for a in args])],
        check=True, capture_output=True, text=True, timeout=60,
    )
    return json.loads(out.stdout)


def test_bytes_move_the_bar_and_name_the_step():
    mb = 1024 * 1024
    first, half, unknown_total, starting, legacy = node(
        "page/load-progress.js", "describeProgress",
        [{"stage": "Downloading Python (Pyodide)", "key": "stageDownload", "loaded": 0, "total": 8 * mb}],
        [{"stage": "Downloading Python (Pyodide)", "key": "stageDownload", "loaded": 4 * mb, "total": 8 * mb}],
        [{"stage": "Downloading", "loaded": 3 * mb, "total": 0}],
        [{"stage": "Starting Python", "key": "stageStarting", "loaded": 8 * mb, "total": 0}],
        [{"stage": "Downloading Python (Pyodide)", "key": "stageDownload", "percent": 10}],
    )
    assert first == {"text": "Downloading Python (Pyodide) — 0.0 of 8.0 MB", "percent": 0}
    assert half == {"text": "Downloading Python (Pyodide) — 4.0 of 8.0 MB", "percent": 50}
    assert unknown_total == {"text": "Downloading — 3.0 MB", "percent": None}
    assert starting == {"text": "Starting Python…", "percent": None}  # an indeterminate bar
    assert legacy == {"text": "Downloading Python (Pyodide)", "percent": 10}


def stderr_of(code: str) -> str:
    return run_captured(textwrap.dedent(code)).stderr


def kinds(parts):
    return [(p["kind"], p.get("user"), p.get("line")) for p in parts] if parts else parts


@pytest.mark.skipif(sys.version_info < (3, 13), reason="CPython 3.13's traceback format")
def test_tracebacks_parse_into_frames_and_exception_lines():
    syntax = stderr_of('print("a"\n')
    nested = stderr_of("""
        import asyncio
        async def main():
            return 1 / 0
        asyncio.run(main())
    """)
    group = stderr_of("""
        import asyncio
        async def f():
            raise ValueError("x")
        async def main():
            async with asyncio.TaskGroup() as tg:
                tg.create_task(f())
        asyncio.run(main())
    """)
    plain = "a warning of the program\n"
    results = node("console/traceback-view.js", "parseTraceback", [syntax], [nested], [group], [plain])
    for text, parts in zip([syntax, nested, group], results):
        assert "".join(p["text"] for p in parts) == text  # nothing lost or added
    assert kinds(results[0]) == [("frame", True, 1), ("exception", None, None)]
    frames = [k for k in kinds(results[1]) if k[0] == "frame"]
    assert [k[1] for k in frames] == [True, False, False, False, True]
    assert kinds(results[1])[-1] == ("exception", None, None)
    group_kinds = [k[0] for k in kinds(results[2])]
    assert group_kinds.count("header") == 2 and group_kinds.count("exception") == 2
    assert results[3] is None


def test_library_names_of_internal_frames():
    assert node("console/traceback-view.js", "libraryOf",
                ["/lib/python314.zip/asyncio/runners.py"],
                ["/lib/python3.14/site-packages/aiohttp/client.py"],
                ["/usr/lib/python3.14/socket.py"]) == ["asyncio", "aiohttp", "socket"]


def test_every_feature_has_each_of_its_words_in_english_and_french():
    """Each feature's strings.js (web/<feature>/strings.js) says every key in both languages,
    and no key belongs to two features (t() would show whichever registered last)."""
    files = sorted((ROOT / "web").glob("*/strings.js"))
    script = (
        "const files = JSON.parse(process.argv[1]);\n"
        "const tables = await Promise.all(files.map((f) => import(f).then((m) => m.default)));\n"
        "console.log(JSON.stringify(tables.map((s) => [Object.keys(s.en), Object.keys(s.fr)])));\n"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script, json.dumps([f.as_uri() for f in files])],
        check=True, capture_output=True, text=True, timeout=60,
    )
    tables = json.loads(out.stdout)
    assert len(files) >= 10
    owners = {}
    for path, (en, fr) in zip(files, tables):
        feature = path.parent.name
        assert en and sorted(en) == sorted(fr), feature
        for key in en:
            assert owners.setdefault(key, feature) == feature, f"{key}: {owners[key]} and {feature}"


def test_a_packed_snapshot_keeps_only_its_nonzero_pages_and_unpacks_to_the_same_heap():
    url = json.dumps((ROOT / "web" / "run" / "sparse-snapshot.js").as_uri())
    script = textwrap.dedent(f"""
        import {{ packSnapshot, unpackSnapshot }} from {url};
        const heap = new Uint8Array(4096 * 5 + 130); // a short last page
        heap[10] = 1; heap[4096 * 3 + 7] = 2; heap[heap.length - 1] = 3;
        const packed = packSnapshot(heap);
        const back = new Uint8Array(heap.length);
        unpackSnapshot(packed, back);
        const refused = (bytes, size) => {{
          try {{ unpackSnapshot(bytes, new Uint8Array(size)); return false; }} catch {{ return true; }}
        }};
        console.log(JSON.stringify({{
          same: back.every((byte, i) => byte === heap[i]),
          packed: packed.byteLength,
          cut: refused(packed.slice(0, packed.byteLength - 1), heap.length),
          otherSize: refused(packed, heap.length + 4096),
        }}));
    """)
    out = subprocess.run(["node", "--input-type=module", "-e", script], check=True, capture_output=True, text=True, timeout=60)
    # pages 0, 3 and the short last one: a header of 6 words, then their bytes
    assert json.loads(out.stdout) == {"same": True, "packed": 24 + 2 * 4096 + 130, "cut": True, "otherSize": True}

"""web/load-progress.js under Node: the loading text and bar from {stage, key, loaded, total}."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")

SCRIPT = """
import { describeProgress } from %s;
const events = JSON.parse(process.argv[1]);
console.log(JSON.stringify(events.map((event) => describeProgress(event))));
"""


def describe(*events):
    module = json.dumps((ROOT / "web" / "load-progress.js").as_uri())
    out = subprocess.run(
        ["node", "--input-type=module", "-e", SCRIPT % module, json.dumps(events)],
        check=True, capture_output=True, text=True, timeout=60,
    )
    return json.loads(out.stdout)


def test_bytes_move_the_bar_and_name_the_step():
    mb = 1024 * 1024
    first, half, unknown_total, starting, legacy = describe(
        {"stage": "Downloading Python (Pyodide)", "key": "stageDownload", "loaded": 0, "total": 8 * mb},
        {"stage": "Downloading Python (Pyodide)", "key": "stageDownload", "loaded": 4 * mb, "total": 8 * mb},
        {"stage": "Downloading", "loaded": 3 * mb, "total": 0},
        {"stage": "Starting Python", "key": "stageStarting", "loaded": 8 * mb, "total": 0},
        {"stage": "Downloading Python (Pyodide)", "key": "stageDownload", "percent": 10},
    )
    assert first == {"text": "Downloading Python (Pyodide) — 0.0 of 8.0 MB", "percent": 0}
    assert half == {"text": "Downloading Python (Pyodide) — 4.0 of 8.0 MB", "percent": 50}
    assert unknown_total == {"text": "Downloading — 3.0 MB", "percent": None}
    assert starting == {"text": "Starting Python…", "percent": None}  # an indeterminate bar
    assert legacy == {"text": "Downloading Python (Pyodide)", "percent": 10}

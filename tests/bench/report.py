"""The bench's figures: medians, ratios to their references, goals, table, JSON, comparison."""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the table: a measured value, what it is compared with, and the goal."""

    name: str
    what: str
    unit: str  # "ms" | "bytes"
    value: str  # key of the samples
    reference: str | None  # key of the reference samples
    reference_what: str
    max_ratio: float | None = None  # goal: value / reference <= max_ratio
    max_value: float | None = None  # goal: value < max_value (in unit)


# Goals of issue 20 ("lighter and quicker than Pyodide itself"); earlier goals were met.
FIGURES = (
    Figure("cold_ready", "cold ready (navigation → Run enabled)", "ms", "cold_ready_ms",
           "bare_ready_ms", "bare loadPyodide()", max_ratio=0.80),
    Figure("warm_ready", "warm ready (second visit)", "ms", "warm_ready_ms",
           "cold_ready_ms", "cold ready", max_ratio=0.25),
    Figure("bytes", "first-visit bytes, compressed", "bytes", "page_bytes",
           "bare_bytes", "Pyodide core alone", max_ratio=0.75),
    Figure("bytes_identity", "first-visit bytes, no compression", "bytes", "page_bytes_identity",
           "bare_bytes_identity", "Pyodide core alone", max_ratio=1.0),
    Figure("stdlib_bytes", "first-visit standard-library bytes, compressed", "bytes", "stdlib_bytes",
           "bare_stdlib_bytes", "Pyodide's python_stdlib.zip"),
    Figure("share_cold", "share link → first output, cold", "ms", "share_cold_ms",
           "bare_share_cold_ms", "bare loadPyodide + runPython", max_ratio=0.80),
    Figure("share_warm", "share link → first output, warm", "ms", "share_warm_ms",
           "bare_share_warm_ms", "the same, second visit"),
    Figure("rerun", "rerun → first output line", "ms", "rerun_ms",
           "first_run_ms", "first run after ready", max_value=50.0),
    Figure("loop_sleep0", "await sleep(0) ×10k, playground", "ms", "page_sleep0_ms",
           "cpython_sleep0_ms", "CPython (.venv)", max_ratio=1.3),
    Figure("loop_gather", "gather 10k tasks, playground", "ms", "page_gather_ms",
           "cpython_gather_ms", "CPython (.venv)", max_ratio=1.3),
    Figure("webloop_sleep0", "await sleep(0) ×10k, raw WebLoop (before)", "ms", "webloop_sleep0_ms",
           "cpython_sleep0_ms", "CPython (.venv)"),
    Figure("webloop_gather", "gather 10k tasks, raw WebLoop (before)", "ms", "webloop_gather_ms",
           "cpython_gather_ms", "CPython (.venv)"),
    Figure("engine_webloop_sleep0", "await sleep(0) ×10k, playground WebLoop engine", "ms",
           "engine_webloop_sleep0_ms", "cpython_sleep0_ms", "CPython (.venv)", max_ratio=1.3),
    Figure("engine_webloop_gather", "gather 10k tasks, playground WebLoop engine", "ms",
           "engine_webloop_gather_ms", "cpython_gather_ms", "CPython (.venv)", max_ratio=1.3),
    Figure("stop_sleep", "Stop of time.sleep in a coroutine → next output", "ms", "stop_sleep_ms",
           "rerun_ms", "rerun → first output line", max_value=300.0),
    Figure("stop_restart", "Stop that needs a fresh Python → next output", "ms", "stop_restart_ms",
           "rerun_ms", "rerun → first output line", max_value=1000.0),
)


def median(values) -> float | None:
    return statistics.median(values) if values else None


def evaluate(figure: Figure, samples: dict) -> dict | None:
    value = median(samples.get(figure.value))
    if value is None:
        return None
    reference = median(samples.get(figure.reference)) if figure.reference else None
    ratio = value / reference if reference else None
    if figure.max_ratio is not None:
        goal, passed = f"≤{figure.max_ratio:g}×", ratio is not None and ratio <= figure.max_ratio
    elif figure.max_value is not None:
        goal, passed = f"<{figure.max_value:g} {figure.unit}", value < figure.max_value
    else:
        goal, passed = "", None
    return {
        **asdict(figure), "median": value, "reference_median": reference, "ratio": ratio,
        "goal": goal, "pass": passed, "samples": samples.get(figure.value, []),
        "reference_samples": samples.get(figure.reference, []) if figure.reference else [],
    }


def make_result(samples: dict, runs: int, dist: Path, label: str, versions: dict, elapsed: float) -> dict:
    try:
        build = json.loads((dist / "build-info.json").read_text())
    except (OSError, ValueError):
        build = {}
    figures = {f.name: r for f in FIGURES if (r := evaluate(f, samples)) is not None}
    by_path = samples.get("_page_bytes_by_path") or [{}]
    return {
        "format": 1,
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "label": label,
        "runs": runs,
        "elapsed_s": round(elapsed, 1),
        "build": {k: build.get(k) for k in ("hash", "pyodide", "python", "time")},
        "machine": {
            "platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
            "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None, **versions,
        },
        "figures": figures,
        "page_bytes_by_path": by_path[-1],
        "page_bytes_identity_by_path": (samples.get("_page_bytes_identity_by_path") or [{}])[-1],
    }


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "bytes":
        return f"{value / 1e6:.2f} MB"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def verdict(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "info"}[passed]


def print_table(result: dict, file=sys.stdout) -> None:
    rows = [("figure", "median", "reference", "ref. median", "ratio", "goal", "")]
    for f in result["figures"].values():
        rows.append((
            f["what"], fmt(f["median"], f["unit"]), f["reference_what"],
            fmt(f["reference_median"], f["unit"]),
            "—" if f["ratio"] is None else f"{f['ratio']:.2f}×", f["goal"] or "—", verdict(f["pass"]),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"\nmedians of {result['runs']} run(s); build {str(result['build'].get('hash'))[:12]}, "
          f"Chromium {result['machine'].get('chromium')}, {result['machine']['cpus']} CPUs", file=file)
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip(), file=file)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=file)


def write(result: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    path = out_dir / f"{stamp}.json"
    path.write_text(text, encoding="utf-8")
    (out_dir / "latest.json").write_text(text, encoding="utf-8")
    return path


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def print_comparison(old: dict, new: dict, file=sys.stdout) -> None:
    """Old → new medians and ratios, figure by figure."""
    print(f"\ncompared with {old.get('time')} {old.get('label') or ''} "
          f"(build {str(old.get('build', {}).get('hash'))[:12]}):", file=file)
    rows = [("figure", "old", "new", "change", "old ratio", "new ratio")]
    for name, f in new["figures"].items():
        o = old.get("figures", {}).get(name)
        if not o:
            continue
        change = (f["median"] - o["median"]) / o["median"] * 100 if o["median"] else None
        ratio = lambda r: "—" if r is None else f"{r:.2f}×"  # noqa: E731
        rows.append((
            f["what"], fmt(o["median"], f["unit"]), fmt(f["median"], f["unit"]),
            "—" if change is None else f"{change:+.0f}%", ratio(o.get("ratio")), ratio(f.get("ratio")),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip(), file=file)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=file)

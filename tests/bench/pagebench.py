"""`python3 build.py bench`: how fast the playground opens and reruns, against references.

Drives headless Chromium (Python Playwright, Debian's /usr/bin/chromium) against dist/
served by the dev server (tools/devserver.py), and measures each figure N times
(median), with its reference measured in the same run:

    cold ready      navigation → Run enabled, fresh browser context   vs  bare.html (Pyodide alone)
    warm ready      the same on a second visit (service worker)       vs  cold ready
    first-visit bytes (compressed / identity), counted by the server  vs  bare.html's
    rerun → first output line                                         (goal: < 50 ms)
    share link → first output (open #code=…, Run as soon as enabled), cold and warm
                                                                      vs  bare.html: loadPyodide + runPython
    Stop → next run's first line: time.sleep in a coroutine (Ctrl+C ends it), and a program
           that swallows Ctrl+C (a fresh Python: the spare)          (goals: ≤ 300 ms, ≤ 1 s)
    event loop: sleep(0) ×10k, gather of 10k tasks, in the page       vs  CPython in .venv
                and on Pyodide's raw WebLoop (bare.html, runPythonAsync: the "before")

Prints a table and writes bench-results/<timestamp>.json and bench-results/latest.json;
`--compare old.json` prints the deltas. Options: `python3 build.py bench --help`.
"""

from __future__ import annotations

import argparse
import base64
import os
import platform
import subprocess
import sys
import time
import zlib
from pathlib import Path

import report
from probes import (
    PAGE_LOOP, PAGE_LOOP_ON, RERUN_LATENCY, RUN_ENABLED_PROBE, SHARE_LINK_PROBE, STOP_TO_NEXT_OUTPUT,
    WAIT_BARE_FIRST_LINE, WAIT_BARE_READY, WAIT_FIRST_LINE, WAIT_RUN_ENABLED, WAIT_WARM_START, WEBLOOP_LOOP,
)
from serving import CountingSite

from tools.common import CHROMIUM, DIST, ROOT
from tools.site import build

HERE = Path(__file__).resolve().parent
WORKLOADS = HERE / "workloads.py"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
LOAD_TIMEOUT_MS = 180_000
SW_TIMEOUT_MS = 60_000


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=5, help="runs per figure; each figure is their median (default: 5)")
    parser.add_argument("--compare", metavar="OLD_JSON", type=Path, help="print the deltas against an earlier result file")
    parser.add_argument("--dist", type=Path, help="benchmark this built site instead of building dist/")
    parser.add_argument("--no-build", action="store_true", help="benchmark dist/ as it is (do not build first)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results", help="directory for the JSON results (default: bench-results/)")
    parser.add_argument("--only", choices=("load", "loops"), help="only the load figures, or only the loop and rerun figures")
    parser.add_argument("--label", default="", help="a note stored with the results (e.g. 'before')")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    dist = args.dist or DIST
    if args.dist is None and not args.no_build:
        build()
    if not (dist / "index.html").is_file() or not (dist / "bare.html").is_file():
        print(f"build.py bench: {dist} has no index.html or bare.html (build it first)", file=sys.stderr)
        return 1
    chromium = os.environ.get("PLAYWRIGHT_CHROMIUM") or CHROMIUM
    if not os.path.exists(chromium):
        print(f"build.py bench: Chromium not found at {chromium} (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    samples: dict[str, list[float]] = {}
    with CountingSite(dist, compression=True) as site, \
            CountingSite(dist, compression=False) as plain, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            for i in range(args.runs):
                progress(f"run {i + 1}/{args.runs}")
                if args.only != "loops":
                    measure_loads(browser, site, plain, samples)
            if args.only != "load":
                measure_page_loops(browser, site, args.runs, samples)
                measure_webloop(browser, site, args.runs, samples)
                measure_cpython(args.runs, samples)
            versions = {"chromium": browser.version}
        finally:
            browser.close()
    result = report.make_result(samples, args.runs, dist, args.label, versions, time.monotonic() - started)
    report.print_table(result)
    written = report.write(result, args.out)
    print(f"\nwrote {written} (and {args.out / 'latest.json'})")
    if args.compare:
        report.print_comparison(report.load(args.compare), result)
    return 0


def progress(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def add(samples: dict, name: str, value: float | None) -> None:
    if value is not None:
        samples.setdefault(name, []).append(value)


# --------------------------------------------------------------------------
# loading


def measure_loads(browser, site: CountingSite, plain: CountingSite, samples: dict) -> None:
    """One cold bare load, one cold + one warm playground load, and identity-encoded bytes."""
    ready, transferred = bare_visit(browser, site)
    add(samples, "bare_ready_ms", ready)
    add(samples, "bare_bytes", transferred)
    add(samples, "bare_stdlib_bytes", stdlib_bytes(site.bytes_by_path()))
    context = browser.new_context()
    try:
        page = context.new_page()
        ready, transferred, by_path = playground_visit(page, site)
        add(samples, "cold_ready_ms", ready)
        add(samples, "page_bytes", transferred)
        samples.setdefault("_page_bytes_by_path", []).append(by_path)
        add(samples, "stdlib_bytes", stdlib_bytes(by_path))
        add(samples, "warm_ready_ms", warm_visit(page, site))
    finally:
        context.close()
    measure_share_link(browser, site, samples)
    add(samples, "bare_bytes_identity", bare_visit(browser, plain)[1])
    context = browser.new_context()
    try:
        _, transferred, by_path = playground_visit(context.new_page(), plain)
        add(samples, "page_bytes_identity", transferred)
        samples.setdefault("_page_bytes_identity_by_path", []).append(by_path)
    finally:
        context.close()


# What the share-link figure runs: asyncio imported, one line printed.
SHARE_CODE = 'import asyncio\nprint("first line")\n'


def share_token(code: str) -> str:
    """The playground's `#code=` token (web/share/share.js): deflate-raw, base64url."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = deflate.compress(code.encode()) + deflate.flush()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def measure_share_link(browser, site: CountingSite, samples: dict) -> None:
    """Navigation → first output line of a share link, cold then warm, page and bare Pyodide."""
    raw = base64.urlsafe_b64encode(SHARE_CODE.encode()).decode().rstrip("=")
    for name, url, setup, wait in (
        ("share", f"{site.url}#code={share_token(SHARE_CODE)}", SHARE_LINK_PROBE, WAIT_FIRST_LINE),
        ("bare_share", f"{site.url}bare.html#run={raw}", None, WAIT_BARE_FIRST_LINE),
    ):
        context = browser.new_context()
        try:
            page = context.new_page()
            if setup:
                page.add_init_script(setup)
            for visit in ("cold", "warm"):
                page.goto(url)
                if setup:
                    ms = page.wait_for_function(wait, timeout=LOAD_TIMEOUT_MS, polling=50).json_value()
                else:
                    ms = page.evaluate(wait)
                add(samples, f"{name}_{visit}_ms", ms)
                if visit == "cold" and setup:
                    page.evaluate(WAIT_WARM_START, SW_TIMEOUT_MS)
                page.goto("about:blank")
        finally:
            context.close()


def stdlib_bytes(by_path: dict[str, int]) -> int:
    """Bytes sent for the standard library (python_stdlib.zip and any lazily fetched module)."""
    return sum(n for path, n in by_path.items() if "stdlib" in path.rsplit("/", 1)[-1])


def bare_visit(browser, site: CountingSite) -> tuple[float, int]:
    context = browser.new_context()
    try:
        page = context.new_page()
        site.reset()
        page.goto(site.url + "bare.html")
        ready = page.evaluate(WAIT_BARE_READY)
        return ready, site.bytes_sent()
    finally:
        context.close()


def playground_visit(page, site: CountingSite) -> tuple[float, int, dict]:
    """A first visit: ms to Run enabled, then bytes once the service worker is installed."""
    page.add_init_script(RUN_ENABLED_PROBE)
    site.reset()
    page.goto(site.url)
    ready = page.wait_for_function(WAIT_RUN_ENABLED, timeout=LOAD_TIMEOUT_MS, polling=50).json_value()
    page.evaluate(WAIT_WARM_START, SW_TIMEOUT_MS)
    site.idle()
    return ready, site.bytes_sent(), site.bytes_by_path()


def warm_visit(page, site: CountingSite) -> float:
    """A second visit in the same browser context: ms to Run enabled."""
    page.goto(site.url)
    return page.wait_for_function(WAIT_RUN_ENABLED, timeout=LOAD_TIMEOUT_MS, polling=50).json_value()


# --------------------------------------------------------------------------
# running


def loop_script(name: str, *, top_level_await: bool) -> str:
    source = WORKLOADS.read_text(encoding="utf-8")
    if top_level_await:  # the WebLoop (runPythonAsync): the value of the last expression
        return f"{source}\nawait timed({name!r})\n"
    return f"{source}\nprint('BENCH', asyncio.run(timed({name!r})))\n"


def bench_seconds(stdout: str) -> float:
    for line in stdout.splitlines():
        if line.startswith("BENCH "):
            return float(line.split()[1])
    raise RuntimeError(f"the workload printed no BENCH line: {stdout[-500:]!r}")


def measure_page_loops(browser, site: CountingSite, runs: int, samples: dict) -> None:
    progress("rerun latency and event loop in the playground")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(RUN_ENABLED_PROBE)
        page.goto(site.url)
        page.wait_for_function(WAIT_RUN_ENABLED, timeout=LOAD_TIMEOUT_MS, polling=50)
        code = 'print("first line")\n'
        add(samples, "first_run_ms", page.evaluate(RERUN_LATENCY, code))
        # That run came before the snapshot: a spare Python loads to offer one (runner-client.js).
        page.evaluate(WAIT_WARM_START, SW_TIMEOUT_MS)  # not while the loops are measured
        for _ in range(runs):
            add(samples, "rerun_ms", page.evaluate(RERUN_LATENCY, code))
        for name in ("sleep0", "gather"):
            script = loop_script(name, top_level_await=False)
            page.evaluate(PAGE_LOOP, script)  # warm-up
            for _ in range(runs):
                add(samples, f"page_{name}_ms", 1000 * bench_seconds(page.evaluate(PAGE_LOOP, script)))
        measure_engine(page, "webloop", runs, samples)
        measure_stops(page, runs, samples)
    finally:
        context.close()


# Stop as issue 21 measures it: each program prints "started", then blocks.
STOP_PROGRAMS = {
    # Ctrl+C ends it, as in a terminal: no restart.
    "stop_sleep_ms": "import asyncio, time\n\nasync def main():\n    print('started')\n    time.sleep(3600)\n\n"
                     "asyncio.run(main())\n",
    # Only a fresh Python ends it.
    "stop_restart_ms": "import time\nprint('started')\nwhile True:\n    try:\n        time.sleep(3600)\n"
                       "    except KeyboardInterrupt:\n        pass\n",
}
STOP_AFTER_MS = 3000  # a student watches the program this long before pressing Stop


def measure_stops(page, runs: int, samples: dict) -> None:
    progress("Stop → next output")
    for name, code in STOP_PROGRAMS.items():
        for _ in range(runs):
            measured = page.evaluate(STOP_TO_NEXT_OUTPUT, [code, STOP_AFTER_MS])
            if measured["restarted"] != (name == "stop_restart_ms"):
                progress(f"{name}: the run {'was' if measured['restarted'] else 'was not'} restarted")
            add(samples, name, measured["ms"])


def measure_engine(page, engine: str, runs: int, samples: dict) -> None:
    """The loops on the playground's `engine`, if it has one (else nothing is recorded)."""
    for name in ("sleep0", "gather"):
        script = loop_script(name, top_level_await=False)
        try:
            if page.evaluate(PAGE_LOOP_ON, [script, engine]) is None:  # warm-up
                progress(f"the page has no {engine} engine: skipped")
                return
            for _ in range(runs):
                stdout = page.evaluate(PAGE_LOOP_ON, [script, engine])
                add(samples, f"engine_{engine}_{name}_ms", 1000 * bench_seconds(stdout))
        except Exception as error:  # noqa: BLE001 - an engine that cannot run the loop is a note
            progress(f"{engine} engine: {name} failed: {str(error).splitlines()[0]}")


def measure_webloop(browser, site: CountingSite, runs: int, samples: dict) -> None:
    progress("event loop on the raw WebLoop (bare page)")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site.url + "bare.html")
        page.evaluate(WAIT_BARE_READY)
        for name in ("sleep0", "gather"):
            script = loop_script(name, top_level_await=True)
            page.evaluate(WEBLOOP_LOOP, script)
            for _ in range(runs):
                add(samples, f"webloop_{name}_ms", 1000 * page.evaluate(WEBLOOP_LOOP, script))
    finally:
        context.close()


def measure_cpython(runs: int, samples: dict) -> None:
    progress(f"event loop under CPython {platform.python_version()} ({sys.executable})")
    for name in ("sleep0", "gather"):
        script = loop_script(name, top_level_await=False)
        for i in range(runs + 1):
            out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
            if i:  # the first one warms the disk cache
                add(samples, f"cpython_{name}_ms", 1000 * bench_seconds(out.stdout))


if __name__ == "__main__":
    sys.exit("run this through `python3 build.py bench`")

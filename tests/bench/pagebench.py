"""`python3 build.py bench`: how fast the playground opens and reruns, against references.

Drives headless Chromium (Python Playwright, Debian's /usr/bin/chromium) against dist/
served by build.py's own server, and measures each figure N times (median), with its
reference measured in the same run:

    cold ready      navigation → Run enabled, fresh browser context   vs  bare.html (Pyodide alone)
    warm ready      the same on a second visit (service worker)       vs  cold ready
    first-visit bytes (compressed / identity), counted by the server  vs  bare.html's
    rerun → first output line                                         (goal: < 50 ms)
    event loop: sleep(0) ×10k, gather of 10k tasks, in the page       vs  CPython in .venv
                and on Pyodide's raw WebLoop (bare.html, runPythonAsync: the "before")

Prints a table and writes bench-results/<timestamp>.json and bench-results/latest.json;
`--compare old.json` prints the deltas. Options: `python3 build.py bench --help`.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import report
from serving import CountingSite

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORKLOADS = HERE / "workloads.py"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
LOAD_TIMEOUT_MS = 180_000
SW_TIMEOUT_MS = 60_000

# Runs before the page's scripts: notes when the Run button first becomes enabled.
RUN_ENABLED_PROBE = """
(() => {
  const probe = () => {
    const button = document.querySelector('[data-testid="run"]');
    if (button && !button.disabled && window.__benchRunEnabledAt === undefined) {
      window.__benchRunEnabledAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(probe);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
})();
"""
WAIT_RUN_ENABLED = "() => window.__benchRunEnabledAt !== undefined && window.__benchRunEnabledAt"
WAIT_BARE_READY = "async () => { while (!window.bare) await new Promise((r) => setTimeout(r, 5)); return window.bare.ready; }"
# Resolves once a service worker controls the page and the warm-start snapshot is
# stored (web/run/files.js): true; false after `timeout` ms, or after 10 s without
# any service worker registered (a build without one).
WAIT_WARM_START = """async (timeout) => {
  if (!navigator.serviceWorker || typeof caches !== 'object') return false;
  const stored = async () => {
    if (!navigator.serviceWorker.controller) return false;
    const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground-snapshot:'));
    return !!name && (await (await caches.open(name)).keys()).length > 0;
  };
  const started = performance.now();
  while (performance.now() < started + timeout) {
    if (await stored()) return true;
    if (performance.now() > started + 10000 && !(await navigator.serviceWorker.getRegistration())) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}"""

# Clicks Run and resolves with the ms until the console shows the program's first line.
RERUN_LATENCY = """async (code) => {
  const api = window.playground;
  await api.ready;
  api.setCode(code);
  const output = document.querySelector('[data-testid="console"]');
  const button = document.querySelector('[data-testid="run"]');
  let started = 0;
  const firstLine = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (started && output.textContent.includes('first line\\n')) {
        observer.disconnect();
        resolve(performance.now() - started);
      }
    });
    observer.observe(output, { subtree: true, childList: true, characterData: true });
  });
  started = performance.now();
  button.click();
  const ms = await firstLine;
  while (api.isRunning()) await new Promise((r) => setTimeout(r, 5));
  return ms;
}"""
PAGE_LOOP = "async (code) => (await window.playground.run(code)).stdout"
# The playground's second engine (Pyodide's WebLoop, issue 10), where the page has one.
PAGE_LOOP_ON = """async ([code, engine]) => {
  const result = await window.playground.run(code, { engine });
  return result.engine === engine ? result.stdout : null;
}"""
WEBLOOP_LOOP = "async (code) => { const p = window.bare.pyodide; return await p.runPythonAsync(code); }"


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


def main(argv: list[str], build_module) -> int:
    args = parse_args(argv)
    dist = args.dist or build_module.DIST
    if args.dist is None and not args.no_build:
        build_module.build()
    if not (dist / "index.html").is_file() or not (dist / "bare.html").is_file():
        print(f"build.py bench: {dist} has no index.html or bare.html (build it first)", file=sys.stderr)
        return 1
    chromium = os.environ.get("PLAYWRIGHT_CHROMIUM") or build_module.CHROMIUM
    if not os.path.exists(chromium):
        print(f"build.py bench: Chromium not found at {chromium} (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    samples: dict[str, list[float]] = {}
    with CountingSite(build_module, dist, compression=True) as site, \
            CountingSite(build_module, dist, compression=False) as plain, sync_playwright() as playwright:
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
    context = browser.new_context()
    try:
        page = context.new_page()
        ready, transferred, by_path = playground_visit(page, site)
        add(samples, "cold_ready_ms", ready)
        add(samples, "page_bytes", transferred)
        samples.setdefault("_page_bytes_by_path", []).append(by_path)
        add(samples, "warm_ready_ms", warm_visit(page, site))
    finally:
        context.close()
    add(samples, "bare_bytes_identity", bare_visit(browser, plain)[1])
    context = browser.new_context()
    try:
        _, transferred, by_path = playground_visit(context.new_page(), plain)
        add(samples, "page_bytes_identity", transferred)
        samples.setdefault("_page_bytes_identity_by_path", []).append(by_path)
    finally:
        context.close()


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
        for _ in range(runs):
            add(samples, "rerun_ms", page.evaluate(RERUN_LATENCY, code))
        for name in ("sleep0", "gather"):
            script = loop_script(name, top_level_await=False)
            page.evaluate(PAGE_LOOP, script)  # warm-up
            for _ in range(runs):
                add(samples, f"page_{name}_ms", 1000 * bench_seconds(page.evaluate(PAGE_LOOP, script)))
        measure_engine(page, "webloop", runs, samples)
    finally:
        context.close()


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

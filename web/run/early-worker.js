/**
 * Python's worker, started by index.html before the page's own script has loaded.
 *
 * index.html's head runs early.js (a small classic script), which makes the sandboxed
 * worker (run/sandbox.js) and tells it to start at once: Pyodide's files download and
 * Python starts while the page's script downloads and runs (which takes a while on a
 * slow machine). RunnerClient adopts that worker for its first start; restarts and
 * pages without the snippet start workers as before.
 *
 * early.js leaves window.__asyncioPlaygroundWorker = {worker, url, snapshots, failed}.
 */

/**
 * The worker index.html started, once, if it runs `url` with the same snapshot choice
 * and has not failed; else null (a mismatched one is terminated).
 */
export function takeEarlyWorker(url, { snapshots, network = false }) {
  const early = globalThis.__asyncioPlaygroundWorker;
  if (!early) return null;
  delete globalThis.__asyncioPlaygroundWorker;
  const base = globalThis.location?.href;
  const same = new URL(early.url, base).href === new URL(url, base).href && early.snapshots === snapshots;
  if (early.failed || !same || network) {
    early.worker.terminate();
    return null;
  }
  early.worker.onerror = null;
  return early.worker;
}

/**
 * Python's worker, started by index.html before the page's own script has loaded.
 *
 * index.html's head starts worker.js at once, named EARLY_WORKER_NAME (plus
 * ':nosnapshot' with ?snapshot=0). The worker sees its name and starts loading Pyodide
 * without waiting for its INIT message, while the page's script downloads and runs
 * (which takes a while on a slow machine). RunnerClient adopts that worker for its
 * first start; restarts and pages without the snippet start workers as before.
 *
 * index.html's snippet leaves window.__asyncioPlaygroundWorker = {worker, url, snapshots,
 * failed}.
 */
export const EARLY_WORKER_NAME = 'asyncio-playground-early';

/**
 * The worker index.html started, once, if it runs `url` with the same snapshot choice
 * and has not failed; else null (a mismatched one is terminated).
 */
export function takeEarlyWorker(url, { snapshots }) {
  const early = globalThis.__asyncioPlaygroundWorker;
  if (!early) return null;
  delete globalThis.__asyncioPlaygroundWorker;
  const base = globalThis.location?.href;
  const same = new URL(early.url, base).href === new URL(url, base).href && early.snapshots === snapshots;
  if (early.failed || !same) {
    early.worker.terminate();
    return null;
  }
  return early.worker;
}

/**
 * index.html's first script (classic, in <head>, before the style sheet): marks embed
 * mode before the first paint and starts Python's sandboxed worker (early-worker.js),
 * which RunnerClient adopts. No inline script: the page's CSP allows none.
 */
import { SandboxedWorker } from './run/sandbox.js';
import { TO_WORKER } from './protocol.js';

if (/[?&]embed=(1|true|yes)(&|$)/.test(location.search)) document.documentElement.dataset.embed = '';
const snapshots = !/[?&]snapshot=0(&|$)/.test(location.search);
const url = new URL('worker.js', document.baseURI).href;
try {
  const worker = new SandboxedWorker(new URL('./', url), { snapshots });
  const early = { worker, url, snapshots, failed: false };
  worker.onerror = () => { early.failed = true; };
  worker.postMessage({ type: TO_WORKER.INIT, runId: null, snapshots });
  window.__asyncioPlaygroundWorker = early;
} catch { /* main.js starts one */ }

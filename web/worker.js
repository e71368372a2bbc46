/**
 * Module worker: loads Pyodide and the runtime, runs programs, forwards their events.
 *
 * Python runs synchronously here (runPython-style call), so this worker blocks for a
 * whole run; the page reaches it through the control buffer (see protocol.js).
 */
import { loadPyodide, version as pyodideVersion } from './pyodide/pyodide.mjs';
import { CONTROL, FROM_WORKER, TO_WORKER } from './protocol.js';

const indexURL = new URL('./pyodide/', import.meta.url).href;
let pyodide = null;
let runtime = null;
let control = null;

const post = (message) => self.postMessage(message);
const progress = (stage, percent) => post({ type: FROM_WORKER.PROGRESS, stage, percent });

/** The host object the Python runtime calls (asyncio_playground.host.Host). */
const host = {
  wait(timeout) {
    const ms = timeout == null ? Infinity : Math.max(0, timeout * 1000);
    if (control) {
      const seq = Atomics.load(control, CONTROL.WAKE);
      const pending = Atomics.exchange(control, CONTROL.SIGNAL, 0);
      if (pending) return pending;
      if (ms > 0) Atomics.wait(control, CONTROL.WAKE, seq, ms);
      return Atomics.exchange(control, CONTROL.SIGNAL, 0);
    }
    // No SharedArrayBuffer: a busy wait keeps blocking semantics exact; Stop restarts us.
    const end = performance.now() + ms;
    while (performance.now() < end) { /* blocking wait */ }
    return 0;
  },
  post(json) {
    post(JSON.parse(json));
  },
  stop_requested() {
    return control ? Atomics.load(control, CONTROL.STOP) !== 0 : false;
  },
};

async function init({ control: buffer }) {
  control = buffer ? new Int32Array(buffer) : null;
  progress('Downloading Python (Pyodide)', 10);
  pyodide = await loadPyodide({ indexURL, fullStdLib: false });
  progress('Starting the asyncio runtime', 75);
  if (control) pyodide.setInterruptBuffer(control.subarray(CONTROL.SIGNAL, CONTROL.SIGNAL + 1));
  await pyodide.loadPackage('asyncio-playground', { messageCallback: () => {}, errorCallback: () => {} });
  runtime = pyodide.pyimport('asyncio_playground.worker_api');
  progress('Ready', 100);
  post({
    type: FROM_WORKER.READY,
    info: {
      python: runtime.python_version(),
      pyodide: pyodideVersion,
      jspi: typeof WebAssembly.Suspending === 'function',
      sab: control !== null,
    },
  });
}

async function run({ runId, code }) {
  try {
    await pyodide.loadPackagesFromImports(code, {
      messageCallback: (msg) => {
        if (msg.startsWith('Loading ')) {
          post({ type: FROM_WORKER.OUTPUT, runId, chunks: [['system', `[${msg}…]\n`]] });
        }
      },
      errorCallback: () => {},
    });
  } catch (error) {
    post({ type: FROM_WORKER.OUTPUT, runId, chunks: [['system', `[could not load packages: ${error}]\n`]] });
  }
  const started = performance.now();
  try {
    const result = JSON.parse(runtime.run(code, runId, host));
    post({
      type: FROM_WORKER.DONE,
      runId,
      ok: result.ok,
      exitCode: result.exit_code,
      stopped: result.stopped,
      truncated: result.truncated,
      durationMs: performance.now() - started,
    });
  } catch (error) {
    post({ type: FROM_WORKER.CRASH, runId, error: String(error && error.message || error) });
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === TO_WORKER.INIT) {
    try {
      await init(message);
    } catch (error) {
      post({ type: FROM_WORKER.LOAD_ERROR, error: String(error && error.stack || error) });
    }
  } else if (message.type === TO_WORKER.RUN) {
    await run(message);
  }
};

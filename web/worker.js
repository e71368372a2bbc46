/**
 * Module worker: loads Pyodide and the runtime, runs programs, forwards their events.
 *
 * Python runs synchronously here (runPython-style call), so this worker blocks for a
 * whole run; the page reaches it through the control buffer (see protocol.js).
 */
import { version as pyodideVersion } from './pyodide/pyodide.mjs';
import { startPython } from './pyodide-loader.js';
import { CONTROL, FROM_WORKER, TO_WORKER } from './protocol.js';
import { hasMail, takeMail } from './mailbox.js';
import { watchWasmFailure } from './wasm-guard.js';
import { EARLY_WORKER_NAME } from './early-worker.js';

const indexURL = new URL('./pyodide/', import.meta.url).href;
const RUNTIME_MODULE = 'asyncio_playground.worker_api';
let pyodide = null;
let runtime = null;
let control = null;
let mailbox = null; // the server panel's requests (mailbox.js)
let programsRun = 0; // programs started here (a snapshot is only taken before the first)
/** The snapshot waits until the worker is idle this long after ready (a quick first Run wins). */
const SNAPSHOT_DELAY_MS = 500;

const post = (message) => self.postMessage(message);
// `key`: the stage's i18n key, so the page shows it in its language (`stage`: in English).
const progress = (stage, percent, key) => post({ type: FROM_WORKER.PROGRESS, stage, percent, key });

/** The host object the Python runtime calls (asyncio_playground.host.Host). */
const host = {
  wait(timeout, wakeOnRequests = false) {
    const ms = timeout == null ? Infinity : Math.max(0, timeout * 1000);
    if (control) {
      const seq = Atomics.load(control, CONTROL.WAKE);
      const pending = Atomics.exchange(control, CONTROL.SIGNAL, 0);
      if (pending) return pending;
      if (wakeOnRequests && mailbox && hasMail(mailbox)) return 0;
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
  take_requests() {
    return mailbox ? takeMail(mailbox) : null;
  },
};

/** Started early by index.html (early-worker.js): Python loads now, INIT brings the rest. */
function startEarly() {
  const wasmFailure = watchWasmFailure();
  const snapshots = !self.name.endsWith(':nosnapshot');
  const started = Promise.race([startPython({ indexURL, runtimeModule: RUNTIME_MODULE, snapshots }), wasmFailure.failed]);
  started.then(wasmFailure.restore, wasmFailure.restore); // init reports a failure
  return started;
}
const earlyStart = self.name.startsWith(EARLY_WORKER_NAME) ? startEarly() : null;

async function init({ control: buffer, mailbox: mailboxBuffer = null, snapshots = true }) {
  control = buffer ? new Int32Array(buffer) : null;
  mailbox = control ? mailboxBuffer : null;
  progress('Downloading Python (Pyodide)', 10, 'stageDownload');
  const wasmFailure = earlyStart ? null : watchWasmFailure(); // Pyodide only logs a wasm that cannot load, then hangs
  let started;
  try {
    started = await (earlyStart ?? Promise.race([
      startPython({ indexURL, runtimeModule: RUNTIME_MODULE, snapshots }),
      wasmFailure.failed,
    ]));
  } finally {
    wasmFailure?.restore();
  }
  ({ pyodide, runtime } = started);
  runtime.after_start(); // freezes start-up's heap: a run's final gc.collect() stays cheap
  progress('Ready', 100, 'stageReady');
  post({
    type: FROM_WORKER.READY,
    info: {
      python: runtime.python_version(),
      pyodide: pyodideVersion,
      jspi: typeof WebAssembly.Suspending === 'function',
      sab: control !== null,
      warmStart: started.restored, // restored from a memory snapshot (pyodide-loader.js)
    },
  });
  // The next visit starts from here: a snapshot of this Python, taken only if no program has run.
  setTimeout(() => programsRun === 0 && started.saveSnapshot(), SNAPSHOT_DELAY_MS);
}

let interruptsOn = false;

/** Runs one program on the engine it asks for; resolves with the runtime's RunResult. */
async function runProgram(code, runId, options) {
  if (options.engine !== 'webloop') {
    return JSON.parse(runtime.run(code, runId, host, JSON.stringify(options)));
  }
  // Pyodide's WebLoop: Python hands back a task (a promise); this worker stays free
  // between the program's steps, so JS promises settle and CANCEL gets through.
  const task = runtime.run_webloop(code, runId, host, JSON.stringify(options));
  try {
    return JSON.parse(await task);
  } finally {
    task.destroy();
    if (control) Atomics.store(control, CONTROL.SIGNAL, 0); // a late Stop must not hit idle Python
  }
}

async function run({ runId, code, options = {} }) {
  programsRun += 1;
  // Only now: a spare worker (runner-client.js) shares the control buffer while it waits.
  if (control && !interruptsOn) {
    pyodide.setInterruptBuffer(control.subarray(CONTROL.SIGNAL, CONTROL.SIGNAL + 1));
    interruptsOn = true;
  }
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
    const result = await runProgram(code, runId, options);
    post({
      type: FROM_WORKER.DONE,
      runId,
      ok: result.ok,
      exitCode: result.exit_code,
      stopped: result.stopped,
      truncated: result.truncated,
      durationMs: performance.now() - started,
      engine: result.engine ?? 'cpython',
      restart: Boolean(result.restart),
    });
  } catch (error) {
    // Python itself is gone (os._exit, stack overflow, wasm trap): the page restarts us.
    const text = String((error && error.message) || error);
    const exited = /exit\((-?\d+)\)/.exec(text);
    post({ type: FROM_WORKER.CRASH, runId, error: text, exitCode: exited ? Number(exited[1]) : null });
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === TO_WORKER.INIT) {
    try {
      await init(message);
    } catch (error) {
      // The message itself, not the stack: Firefox's and Safari's stacks leave it out.
      post({ type: FROM_WORKER.LOAD_ERROR, error: String(error), stack: String(error?.stack ?? '') });
    }
  } else if (message.type === TO_WORKER.RUN) {
    await run(message);
  } else if (message.type === TO_WORKER.CANCEL) {
    post({ type: FROM_WORKER.CANCELLING, runId: message.runId });
    runtime?.cancel_webloop(message.runId);
  }
};

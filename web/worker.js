// Over 300 lines: one scope holds the private ports and the run state that start-up, file serving and runs share.
/**
 * Python's worker: loads Pyodide and the runtime, runs programs, posts their events.
 *
 * It runs on an opaque origin (web/run/sandbox.js): a classic worker started from a
 * blob: URL by a sandboxed iframe, so the program it runs cannot reach the site's
 * storage, caches or service worker. It fetches nothing: the page hands it every file
 * (the wasm, the standard library, the wheels, a memory snapshot) as ArrayBuffers.
 *
 * Its first message, from the frame, brings two private ports: `events` (to the page)
 * and `commands` (from the page, through the frame). They live in this module's scope
 * only, taken before any program runs: a program that posts with `js.postMessage` talks
 * to the frame, which ignores it. Python reaches the page through `host.post`, which
 * takes only the events the runtime sends (PYTHON_EVENTS) and only for the current run.
 *
 * Python runs synchronously here (runPython-style call), so this worker blocks for a
 * whole run; the page reaches it through the control buffer (see protocol.js), which
 * the frame writes for it.
 */
import { loadPyodide, version as pyodideVersion } from 'pyodide/pyodide.mjs';
import createPyodideModule from 'pyodide/pyodide.asm.mjs';
import { CONTROL, FROM_WORKER, PYTHON_EVENTS, RUN_RESULT, TO_WORKER } from './protocol.js';
import { hasMail, takeMail } from './run/mailbox.js';
import { packSnapshot, unpackSnapshot } from './run/sparse-snapshot.js';
import { watchWasmFailure } from './run/wasm-guard.js';

const RUNTIME_MODULE = 'asyncio_playground.worker_api';
const RUNTIME_ZIP = '/lib/asyncio-playground.zip';
/** Imports from zips compile each module once, not twice (asyncio_playground/startup/fast_zipimport.py). */
const STARTUP_PTH_LINE = 'import asyncio_playground.startup.fast_zipimport as m; m.install()\n';
const STARTUP_PTH = 'asyncio-playground.pth';
/** The snapshot waits until the worker is idle this long after ready (a quick first Run wins). */
const SNAPSHOT_DELAY_MS = 500;

let events = null; // MessagePort to the page
let pyodide = null;
let runtime = null;
let control = null;
let mailbox = null; // the server panel's requests (mailbox.js)
let indexURL = null; // the site's pyodide/ folder
let siteURL = null; // the site's folder: relative URLs resolve against it, not blob:
let programsRun = 0; // programs started here (a snapshot is only taken before the first)
let currentRun = null; // the runId Python may post events for
let webloopRun = null; // the Run of a WebLoop run in progress (Python's): CANCEL reaches it
let networkAllowed = false;
let recordingGlobals = false;
let stdinQueue = []; // STDIN messages of the current WebLoop run, not read yet
let stdinWaiter = null; // resolves the promise a suspended input() awaits (host.next_stdin)

/** Hands the suspended input() what came (a JSON list), or null: Stop, or the run is over. */
function wakeStdin(json) {
  const resolve = stdinWaiter;
  stdinWaiter = null;
  resolve?.(json);
} // `js` is Pyodide's snapshot-recording proxy (see realGlobals)

const post = (message, transfer = []) => events.postMessage(message, transfer);
const progress = (stage, percent, key) => post({ type: FROM_WORKER.PROGRESS, stage, percent, key });
/** A line of the playground's own: the page words it in its language (protocol.js SYSTEM_LINES). */
const systemLine = (runId, key, vars) => post({ type: FROM_WORKER.SYSTEM, runId, key, vars });

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
    const message = JSON.parse(json);
    // Only the runtime's own events, for the run in progress: never ready, done, crash.
    if (!PYTHON_EVENTS.includes(message?.type) || message.runId !== currentRun || currentRun === null) return;
    post(message);
  },
  stop_requested() {
    return control ? Atomics.load(control, CONTROL.STOP) !== 0 : false;
  },
  take_command() {
    return control ? Atomics.exchange(control, CONTROL.COMMAND, 0) : 0;
  },
  take_requests() {
    return mailbox ? takeMail(mailbox) : null;
  },
  /** The next typed input of a WebLoop run under JSPI: a promise of a JSON list, or of null on Stop. */
  next_stdin() {
    if (stdinQueue.length) return Promise.resolve(JSON.stringify(stdinQueue.splice(0)));
    wakeStdin(null);
    return new Promise((resolve) => { stdinWaiter = resolve; });
  },
  interrupt_later(signum) {
    // Pyodide reads the interrupt buffer at its next periodic check; host.wait reads it too.
    if (control) Atomics.store(control, CONTROL.SIGNAL, signum);
  },
};

// --------------------------------------------------------------------------
// files: handed by the page, never fetched from the network

/** The start-up files, by name, as the page sends them (FILE {name}): promises of ArrayBuffers. */
const startupFiles = new Map();
function startupFile(name) {
  if (!startupFiles.has(name)) {
    let resolve;
    const promise = new Promise((done) => { resolve = done; });
    startupFiles.set(name, { promise, resolve });
  }
  return startupFiles.get(name);
}
const STARTUP_URLS = { wasm: 'pyodide.asm.wasm', stdlib: 'python_stdlib.zip' };
const files = new Map(); // absolute URL -> start-up file name (Pyodide fetches them)
const asked = new Map(); // request id -> {resolve, reject}
let askSeq = 0;
const realFetch = self.fetch.bind(self);

const CONTENT_TYPES = { '.wasm': 'application/wasm', '.json': 'application/json', '.zip': 'application/zip' };
function responseFor(url, bytes, { status = 200, contentType = null } = {}) {
  const type = contentType
    ?? Object.entries(CONTENT_TYPES).find(([suffix]) => url.endsWith(suffix))?.[1] ?? 'application/octet-stream';
  return new Response(status === 204 || status === 304 ? null : bytes, { status, headers: { 'Content-Type': type } });
}

/**
 * The wasm binary is compiled as soon as it is in (by the frame, else here on its bytes),
 * not when Pyodide gets to it: Pyodide's instantiateStreaming(fetch(wasm)) takes the
 * module compiled for that Response. Only while Python starts (startPython puts it back).
 */
const compiledWasm = new WeakMap(); // Response -> Promise<WebAssembly.Module>
const nativeInstantiateStreaming = WebAssembly.instantiateStreaming;
async function instantiateStreaming(source, imports) {
  const response = await source;
  const compiled = compiledWasm.get(response);
  if (!compiled) return nativeInstantiateStreaming.call(WebAssembly, response, imports);
  const module = await compiled;
  return { module, instance: await WebAssembly.instantiate(module, imports) };
}

/** A file of the site (Pyodide's, a wheel, web/data/…), from what the page handed over or asked of it. */
function siteFile(url) {
  const name = files.get(url);
  if (name === 'wasm') {
    const response = responseFor(url, null);
    compiledWasm.set(response, startupFile(name).promise);
    return Promise.resolve(response);
  }
  if (name) return startupFile(name).promise.then((bytes) => responseFor(url, bytes)); // a Response copies its bytes
  const id = ++askSeq;
  return new Promise((resolve, reject) => {
    asked.set(id, { resolve: (answer) => resolve(responseFor(url, answer.bytes, answer)), reject });
    post({ type: FROM_WORKER.FILE_REQUEST, id, path: url.slice(siteURL.length) });
  });
}

/** Request resolves a relative URL against the site, as on the page (the worker's own URL is blob:). */
const NativeRequest = self.Request;
const SiteRequest = class Request extends NativeRequest {
  constructor(input, init) {
    super(typeof input === 'string' && siteURL ? new URL(input, siteURL).href : input, init);
  }
};
self.Request = SiteRequest;

/**
 * fetch() here: the playground's files come from the page; other requests only when
 * the page allows programs to use the network (WebLoop's pyfetch), and the runner's
 * Content-Security-Policy agrees. A refused request says why, in the console too.
 */
self.fetch = async (input, init) => {
  const url = new URL(input instanceof NativeRequest ? input.url : String(input), siteURL ?? undefined).href;
  const method = (init?.method ?? (input instanceof NativeRequest ? input.method : 'GET')).toUpperCase();
  if (siteURL && url.startsWith(siteURL) && method === 'GET') return siteFile(url.split(/[?#]/)[0]);
  if (!networkAllowed) {
    refused(url);
    throw new TypeError(`NetworkError: the playground does not let programs reach other sites (${url}); `
      + 'turn on "Allow network" to allow it');
  }
  return realFetch(input, init);
};

let lastRefused = '';
function refused(url) {
  if (currentRun === null || url === lastRefused) return;
  lastRefused = url;
  systemLine(currentRun, networkAllowed ? 'refusedLineCsp' : 'refusedLine', { url: url.slice(0, 200) });
}
/**
 * A JavaScript error nobody caught (a timer callback that throws, a Python callback that
 * Pyodide already destroyed): the program's error, not Python's death. It goes into the
 * run's output with its message and stack, and Python goes on; the frame never sees it.
 */
function uncaught(error, what) {
  const text = error instanceof Error
    ? `${error.name}: ${error.message}\n${String(error.stack ?? '').split('\n').filter((line) => /^\s*at |@/.test(line)).slice(0, 8).join('\n')}`
    : String(error);
  const message = `JavaScript error (${what}): ${text.trimEnd()}\n`;
  if (currentRun === null) console.error(message);
  else post({ type: FROM_WORKER.OUTPUT, runId: currentRun, chunks: [['stderr', message]] });
}
// Timer callbacks run inside a catch: an error there keeps its message and stack (an
// error event from this blob:/data: worker only says "Script error.").
for (const name of ['setTimeout', 'setInterval']) {
  const native = self[name].bind(self);
  self[name] = (callback, ...rest) => native(typeof callback !== 'function' ? callback : function timer(...args) {
    try {
      return callback.apply(this, args);
    } catch (error) {
      if (/fatal/i.test(String(error?.message))) throw error; // Pyodide itself died: the page restarts it
      uncaught(error, 'uncaught');
      return undefined;
    }
  }, ...rest);
}
self.addEventListener('error', (event) => {
  if (/fatal/i.test(String(event.message))) return; // Pyodide itself died: the page restarts it
  event.preventDefault();
  uncaught(event.error ?? event.message, 'uncaught');
});

// XHR, WebSocket, EventSource, sendBeacon…: the runner's CSP (connect-src) stops them.
self.addEventListener('securitypolicyviolation', (event) => refused(event.blockedURI || String(event.blockedURL || '')));

// --------------------------------------------------------------------------
// start

/**
 * The memory snapshot of `size` bytes the page is handing over, for Pyodide to start on
 * before its bytes are in. Pyodide awaits _loadSnapshot before it even sets up its module
 * and the wasm instance, but reads the bytes only after fsInit; so it gets a zeroed buffer
 * of that size at once, and fsInit waits in fill() until the page has said the bytes have
 * their sha256 (snapshot-check), then unpacks them into it (run/sparse-snapshot.js). `verified` rejects if they do not
 * (fill then never returns: that Pyodide is dropped unrestored).
 */
function pendingSnapshot(size) {
  const buffer = new Uint8Array(size);
  const verified = Promise.all([startupFile('snapshot').promise, startupFile('snapshot-check').promise])
    .then(([bytes, matches]) => {
      if (!bytes || matches !== true) throw new Error('the stored snapshot did not match its sha256');
      unpackSnapshot(bytes, buffer);
    });
  verified.catch(() => {}); // raced in startPython
  return { buffer, verified, fill: () => verified.catch(() => new Promise(() => {})) };
}

async function startPython({ lock, snapshot: size }, makeSnapshot) {
  performance.mark('asyncio-playground:python-start');
  for (const [name, file] of Object.entries(STARTUP_URLS)) files.set(`${indexURL}${file}`, name);
  const wheel = startupFile('wheel').promise;
  const snapshot = size > 0 ? pendingSnapshot(size) : null;
  const wasmFailure = watchWasmFailure(); // Pyodide only logs a wasm that cannot load, then hangs
  WebAssembly.instantiateStreaming = instantiateStreaming;
  const load = (snap) => loadPyodide({
    indexURL,
    createPyodideModule,
    lockFileContents: lock,
    packageBaseUrl: indexURL, // wheels from dist/pyodide/ (through the page), never a CDN
    env: { PYTHONPATH: RUNTIME_ZIP },
    fsInit: async (FS, { sitePackages }) => {
      FS.writeFile(RUNTIME_ZIP, new Uint8Array(await wheel));
      // site.py runs this .pth line as Python starts, before Pyodide's own imports.
      FS.writeFile(`${sitePackages}/${STARTUP_PTH}`, STARTUP_PTH_LINE);
      await snap?.fill();
    },
    // _makeSnapshot wraps `js` in a recording proxy (global getters such as js.location
    // then throw "Illegal invocation"): only when a snapshot will be offered.
    ...(snap ? { _loadSnapshot: snap.buffer } : makeSnapshot ? { _makeSnapshot: true } : {}),
  });
  let restored = false;
  try {
    if (snapshot) {
      try {
        const mismatch = snapshot.verified.then(() => new Promise(() => {})); // rejects only
        pyodide = await Promise.race([load(snapshot), wasmFailure.failed, mismatch]);
        restored = true;
      } catch (error) {
        console.warn('asyncio-playground: the saved snapshot did not restore; starting Python afresh', error);
        post({ type: FROM_WORKER.SNAPSHOT_FAILED }); // the page drops it
      }
    }
    if (!pyodide) {
      pyodide = await Promise.race([load(null), wasmFailure.failed]);
      recordingGlobals = makeSnapshot;
    }
  } finally {
    wasmFailure.restore();
    WebAssembly.instantiateStreaming = nativeInstantiateStreaming;
    files.clear(); // start-up's files are read: their memory goes back
    startupFiles.clear();
  }
  performance.mark('asyncio-playground:python-loaded');
  runtime = pyodide.pyimport(RUNTIME_MODULE);
  if (restored) runtime.after_restore();
  performance.mark('asyncio-playground:runtime-imported');
  return restored;
}

/**
 * Programs get the real global as `js`. While a snapshot may still be taken, Pyodide's
 * `js` records what is read from it through a proxy on which the global's getters
 * (js.location, js.navigator, js.origin…) throw "Illegal invocation"; once the snapshot
 * is taken, or a program is about to run (then none will be), the real one comes back.
 */
function realGlobals() {
  if (!recordingGlobals) return;
  recordingGlobals = false;
  pyodide.registerJsModule('js', globalThis);
  pyodide.pyimport('sys').modules.pop('js', null);
}

/** A memory snapshot of this Python for the next visit, taken only if no program has run. */
function offerSnapshot() {
  if (programsRun !== 0) return;
  let bytes;
  try {
    bytes = pyodide.makeMemorySnapshot(); // synchronous: nothing has run yet
  } catch (error) {
    console.warn('asyncio-playground: no warm-start snapshot:', error);
    return;
  } finally {
    realGlobals();
  }
  const packed = packSnapshot(bytes); // without its zero pages: half the bytes
  post({ type: FROM_WORKER.SNAPSHOT, bytes: packed, size: bytes.byteLength }, [packed]);
}

async function init(message) {
  networkAllowed = Boolean(message.network);
  progress(message.snapshot ? 'Restoring Python from the cache' : 'Starting Python',
    null, message.snapshot ? 'stageSnapshot' : 'stageStarting');
  let restored;
  try {
    restored = await startPython(message, Boolean(message.snapshots));
  } catch (error) {
    // The message itself, not the stack: Firefox's and Safari's stacks leave it out.
    post({ type: FROM_WORKER.LOAD_ERROR, error: String(error), stack: String(error?.stack ?? '') });
    return;
  }
  runtime.after_start(); // freezes start-up's heap: a run's final gc.collect() stays cheap
  progress('Ready', 100, 'stageReady');
  post({
    type: FROM_WORKER.READY,
    info: {
      python: runtime.python_version(),
      pyodide: pyodideVersion,
      jspi: typeof WebAssembly.Suspending === 'function',
      sab: control !== null,
      warmStart: restored, // restored from a memory snapshot (run/files.js)
    },
  });
  if (!restored && message.snapshots) setTimeout(offerSnapshot, SNAPSHOT_DELAY_MS);
}

// --------------------------------------------------------------------------
// runs

let interruptsOn = false;

/**
 * Runs one program on the engine its options name (the page decided it); resolves with the
 * runtime's result (protocol.js RUN_RESULT). The CPython loop runs it within the call and
 * returns the result; the WebLoop engine returns the Run, whose task (a promise) gives it,
 * this worker staying free between the program's steps: JS promises settle, CANCEL gets through.
 */
async function runProgram(code, runId, options) {
  const outcome = runtime.run(code, runId, host, JSON.stringify(options));
  if (typeof outcome === 'string') return JSON.parse(outcome);
  webloopRun = outcome;
  const { task } = outcome;
  try {
    return JSON.parse(await task);
  } finally {
    webloopRun = null;
    task.destroy();
    outcome.destroy();
    if (control) Atomics.store(control, CONTROL.SIGNAL, 0); // a late Stop must not hit idle Python
  }
}

async function run({ runId, code, options = {} }) {
  programsRun += 1;
  realGlobals();
  currentRun = runId;
  lastRefused = '';
  stdinQueue = [];
  wakeStdin(null);
  if (control && !interruptsOn) {
    pyodide.setInterruptBuffer(control.subarray(CONTROL.SIGNAL, CONTROL.SIGNAL + 1));
    interruptsOn = true;
  }
  try {
    await pyodide.loadPackagesFromImports(code, {
      messageCallback: (msg) => {
        if (msg.startsWith('Loading ')) systemLine(runId, 'sysLoading', { what: msg.slice('Loading '.length) });
      },
      errorCallback: () => {},
    });
  } catch (error) {
    systemLine(runId, 'sysNoPackages', { what: String(error) });
  }
  try {
    const result = await runProgram(code, runId, options);
    currentRun = null;
    // The result as the runtime made it, its RUN_RESULT fields only: the program shares
    // Python with the runtime, so nothing else of it reaches the page's own run result.
    const done = { type: FROM_WORKER.DONE };
    for (const key of RUN_RESULT) if (key in result) done[key] = result[key];
    post({ ...done, runId });
  } catch (error) {
    currentRun = null;
    // Python itself is gone (os._exit, stack overflow, wasm trap): the page restarts us.
    const text = String((error && error.message) || error);
    const exited = /exit\((-?\d+)\)/.exec(text);
    post({ type: FROM_WORKER.CRASH, runId, error: text, exitCode: exited ? Number(exited[1]) : null });
  }
}

async function onCommand({ data: message }) {
  if (message.type === TO_WORKER.INIT) {
    await init(message);
  } else if (message.type === TO_WORKER.RUN) {
    await run(message);
  } else if (message.type === TO_WORKER.CANCEL) {
    post({ type: FROM_WORKER.CANCELLING, runId: message.runId });
    webloopRun?.cancel(message.runId); // a CANCEL for another run is ignored
    if (message.runId === currentRun) wakeStdin(null); // a suspended input(): KeyboardInterrupt
  } else if (message.type === TO_WORKER.STDIN) {
    if (message.runId !== currentRun || currentRun === null) return;
    stdinQueue.push({ type: 'stdin', text: String(message.text ?? ''), eof: Boolean(message.eof) });
    if (stdinWaiter) wakeStdin(JSON.stringify(stdinQueue.splice(0)));
  } else if (message.type === TO_WORKER.FILE && message.name === 'wasm') {
    startupFile('wasm').resolve(message.module ?? WebAssembly.compile(message.bytes)); // compiled by the frame, or now
  } else if (message.type === TO_WORKER.FILE && message.name === 'snapshot-check') {
    startupFile(message.name).resolve(message.matches === true);
  } else if (message.type === TO_WORKER.FILE && message.name) {
    startupFile(message.name).resolve(message.bytes);
  } else if (message.type === TO_WORKER.FILE) {
    const waiting = asked.get(message.id);
    asked.delete(message.id);
    if (message.error) waiting?.reject(new TypeError(`NetworkError: ${message.error}`));
    else waiting?.resolve(message);
  }
}

/** The frame's one message: the private ports and the shared buffers; then nothing is read from self. */
self.onmessage = ({ data }) => {
  if (events || !data?.events || !data?.commands) return;
  self.onmessage = null;
  ({ events } = data);
  indexURL = data.indexURL;
  siteURL = new URL('../', indexURL).href;
  control = data.control ? new Int32Array(data.control) : null;
  mailbox = control ? data.mailbox : null;
  data.commands.onmessage = onCommand;
  post({ type: FROM_WORKER.BOOTED });
};
self.postMessage({ type: 'alive' }); // to the frame: the script loaded (run/sandbox-frame.js)

/**
 * Owns the Python worker: start, run, stop, restart. One promise per run.
 *
 * Events (CustomEvent.detail):
 *   progress {stage, percent}          while Pyodide loads
 *   state    {state, message?}         loading | ready | running | stopping | restarting | error
 *   output   {runId, stream, text}     stream: stdout | stderr | system
 *   done     RunResult                 once per run, as run() resolves: protocol.js RUN_RESULT
 *                                      (with options.exercise, its `exercise` verdict), stdout, stderr
 *   stalled  {seconds}                 a loading worker has said nothing for that long
 *   timeline {runId, events}           the current run's task timeline (run option timeline)
 *   hint     {runId, hint}             a pitfall the current run showed (insights/hints.py)
 *   server   message                   the in-page server's messages of the current run
 *                                      (server-started, server-stopped, http-response)
 */
import { DEFAULT_ENGINE, ENGINES, FROM_WORKER, SIGINT, SYSTEM_LINES, TO_WORKER } from './protocol.js';
import { takeEarlyWorker } from './early-worker.js';
import { SandboxedWorker } from './run/sandbox.js';
import { RunnerFiles } from './run/files.js';
import { t } from './i18n.js';

/** Stop escalates like a person pressing Ctrl+C again, then restarts Python. */
const SECOND_SIGINT_MS = 80;
const RESTART_AFTER_MS = 200;
/** After the program ended on Stop, Python tidies up (gc takes ~0.1 s with aiohttp loaded). */
const FINISHING_RESTART_MS = 5000;
/** WebLoop Stop: the worker says it got CANCEL within this long, unless a step never yields. */
const CANCEL_ACK_MS = 100;
/** …then the runtime gives the tasks ~1 s (engines/webloop.py STOP_GRACE + CLEANUP_GRACE). */
const WEBLOOP_STOP_MS = 2000;
/** A spare Python starts this long after the first is ready, not to slow the first load. */
const SPARE_DELAY_MS = 1500;
/** Loading Python takes seconds; after this long without a word from the worker, say so. */
const LOAD_STALL_MS = 60_000;

export class RunnerClient extends EventTarget {
  /**
   * workerUrl: the worker script (its folder holds pyodide/); createWorker(url, {network}):
   * makes the worker, by default a SandboxedWorker (run/sandbox.js: an opaque origin).
   * snapshots: warm start from a memory snapshot (run/files.js); ?snapshot=0 turns it off.
   * network: programs may fetch other origins (off by default; setNetwork() changes it).
   */
  constructor({
    workerUrl = new URL('./worker.js', import.meta.url),
    createWorker = null,
    network = false,
    loadStallMs = LOAD_STALL_MS,
    snapshots = !/[?&]snapshot=0(&|$)/.test(globalThis.location?.search ?? ''),
    keepSpare = null,
  } = {}) {
    super();
    /**
     * A spare Python loaded in the background makes a restart instant. Without
     * isolation every Stop restarts, so keep one from the start; otherwise only after
     * the first restart (restarts are rare there). null: decide by isolation.
     */
    this.keepSpare = keepSpare;
    this._spare = null;
    this.loadStallMs = loadStallMs;
    this.snapshots = snapshots;
    this.workerUrl = workerUrl;
    this.network = network;
    this.files = new RunnerFiles(new URL('./', workerUrl));
    this.createWorker = createWorker
      ?? ((url, options) => new SandboxedWorker(new URL('./', url), { ...options, files: this.files }));
    this.worker = null;
    this.info = null;
    this.running = false;
    this._runSeq = 0;
    this._current = null; // {runId, resolve, stdout, stderr}
    this._requested = null; // {stopped}: a run() waiting for Python to be ready
    /** Shared memory with the worker's frame (then Stop is Ctrl+C and the server panel works). */
    this.sharedMemory = typeof SharedArrayBuffer === 'function' && !!self.crossOriginIsolated;
    /** Requests for the running program's servers (null: the page cannot deliver them). */
    this.mailbox = this.sharedMemory ? {
      send: (message) => this.worker?.mail(message),
      reset: () => this.worker?.mailReset(),
    } : null;
    this._newReadyPromise();
  }

  _newReadyPromise() {
    this.ready = new Promise((resolve, reject) => {
      this._resolveReady = resolve;
      this._rejectReady = reject;
    });
    this.ready.catch(() => {});
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _setState(state, message) {
    this.state = state;
    this._emit('state', { state, message });
  }

  /** Start loading Python (idempotent); resolves with {python, pyodide, jspi, isolated, sab}. */
  start() {
    if (!this.worker) this._spawn();
    return this.ready;
  }

  _spawn() {
    if (this._promoteSpare()) return;
    this._setState(this.info ? 'restarting' : 'loading');
    // The first Python may already be loading: index.html starts it (early-worker.js).
    const early = this.info ? null : takeEarlyWorker(this.workerUrl, { snapshots: this.snapshots });
    const worker = early ?? this.createWorker(this.workerUrl, { network: this.network, snapshots: this.snapshots });
    this.worker = worker;
    worker.onmessage = (event) => this._onMessage(worker, event.data);
    worker.onerror = (event) => this._onWorkerError(worker, event);
    this._watchLoad(true);
    worker.postMessage(this._initMessage());
  }

  /** What every new worker is told first (the worker adds the files it fetched). */
  _initMessage() {
    return { type: TO_WORKER.INIT, runId: null, snapshots: this.snapshots };
  }

  /**
   * Lets programs fetch other origins (WebLoop's pyfetch), or stops them: a fresh Python
   * in a frame whose policy says so. Resolves when it is ready.
   */
  async setNetwork(on) {
    if (Boolean(on) === this.network) return this.ready;
    this.network = Boolean(on);
    if (this.running) await this.stop();
    if (this._spare) {
      this._spare.worker.terminate();
      this._spare = null;
    }
    if (!this.worker) return this.ready;
    this._restart(null);
    return this.ready;
  }

  /** Starts a second Python in the background, used at the next restart. */
  _makeSpare() {
    if (this._spare || !this.worker) return;
    const worker = this.createWorker(this.workerUrl, { network: this.network, snapshots: this.snapshots });
    const spare = { worker, info: null };
    this._spare = spare;
    const drop = () => {
      worker.terminate();
      if (this._spare === spare) this._spare = null;
    };
    worker.onmessage = ({ data }) => {
      if (data.type === FROM_WORKER.READY) spare.info = data.info;
      else if (data.type === FROM_WORKER.LOAD_ERROR) drop();
    };
    worker.onerror = drop;
    worker.postMessage(this._initMessage());
  }

  /** Makes a ready spare the current worker; false when there is none yet. */
  _promoteSpare() {
    const spare = this._spare;
    if (!spare?.info) return false;
    this._spare = null;
    const { worker } = spare;
    this.worker = worker;
    worker.onmessage = (event) => this._onMessage(worker, event.data);
    worker.onerror = (event) => this._onWorkerError(worker, event);
    this.info = { ...spare.info, isolated: !!self.crossOriginIsolated };
    this._setState('ready');
    this._resolveReady(this.info);
    this.keepSpare = true;
    setTimeout(() => this._makeSpare(), 0);
    return true;
  }

  _onWorkerError(worker, event) {
    if (worker !== this.worker) return;
    event.preventDefault?.();
    this._watchLoad(false);
    // A module worker whose script cannot load gets an error event without a message.
    const message = event.message || t('workerLoadFailed');
    if (!this.info) {
      this._setState('error', `Python could not load: ${message}`);
      this._rejectReady(new Error(message));
    } else {
      this._crash(`the Python worker failed: ${message}`);
    }
  }

  /** (Re)starts, or with on=false stops, the timer behind the 'stalled' event. */
  _watchLoad(on) {
    clearTimeout(this._loadTimer);
    if (!on) return;
    this._loadTimer = setTimeout(() => {
      this._emit('stalled', { seconds: Math.round(this.loadStallMs / 1000) });
    }, this.loadStallMs);
  }

  _onMessage(worker, message) {
    if (worker !== this.worker) return; // a terminated worker's last words
    switch (message.type) {
      case FROM_WORKER.PROGRESS:
        if (this.state === 'error') break; // a late download's progress must not hide the error
        this._watchLoad(true);
        this._emit('progress', {
          stage: message.stage, percent: message.percent, key: message.key, loaded: message.loaded, total: message.total,
        });
        break;
      case FROM_WORKER.READY:
        this._watchLoad(false);
        this.info = { ...message.info, isolated: !!self.crossOriginIsolated };
        this._setState('ready');
        this._resolveReady(this.info);
        if (this.keepSpare ?? !this.info.sab) setTimeout(() => this._makeSpare(), SPARE_DELAY_MS);
        break;
      case FROM_WORKER.LOAD_ERROR:
        this._watchLoad(false);
        if (message.stack) console.error('Python could not load:', message.stack);
        this._setState('error', `Python could not load: ${message.error}`);
        this._rejectReady(new Error(message.error));
        break;
      case FROM_WORKER.OUTPUT:
        this._onOutput(message);
        break;
      case FROM_WORKER.DONE: {
        if (message.stopped) this._systemLine(`\n${t('stoppedLine')}\n`);
        const { type, restart, ...result } = message; // the runtime's result (protocol.js RUN_RESULT)
        this._finish(message.runId, result);
        if (restart) this._restart(); // a WebLoop task would not end: a fresh Python
        break;
      }
      case FROM_WORKER.SYSTEM: // a line of the playground's own, worded in the page's language
        if (this._current?.runId === message.runId && SYSTEM_LINES.includes(message.key)) {
          this._systemLine(`\n${t(message.key, message.vars ?? {})}\n`);
        }
        break;
      case FROM_WORKER.FINISHING:
        if (this._current?.runId === message.runId) this._finishing(this._current);
        break;
      case FROM_WORKER.CANCELLING:
        if (this._current?.runId === message.runId) this._current.cancelAcked = true;
        break;
      case FROM_WORKER.CRASH:
        this._crash(message);
        break;
      case FROM_WORKER.TIMELINE:
      case FROM_WORKER.HINT:
        if (this._current?.runId === message.runId) this._emit(message.type, message);
        break;
      case FROM_WORKER.SERVER_STARTED:
      case FROM_WORKER.SERVER_STOPPED:
      case FROM_WORKER.HTTP_RESPONSE:
        if (this._current?.runId === message.runId) this._emit('server', message);
        break;
      default:
        break;
    }
  }

  _onOutput({ runId, chunks }) {
    const run = this._current;
    if (!run || run.runId !== runId) return; // stale output of an earlier run
    for (const [stream, text] of chunks) {
      if (stream === 'stdout') run.stdout.push(text);
      else if (stream === 'stderr') run.stderr.push(text);
      this._emit('output', { runId, stream, text });
    }
  }

  _finish(runId, fields) {
    const run = this._current;
    if (!run || run.runId !== runId) return;
    clearTimeout(run.escalation);
    this._current = null;
    this.running = false;
    if (this.state !== 'restarting') this._setState('ready');
    const result = {
      runId,
      engine: run.engine,
      stdout: run.stdout.join(''),
      stderr: run.stderr.join(''),
      durationMs: performance.now() - run.started, // a run without a result (restarted) only
      ...fields,
    };
    run.resolve(result);
    this._emit('done', result);
  }

  _systemLine(text) {
    const run = this._current;
    if (run) this._emit('output', { runId: run.runId, stream: 'system', text });
  }

  /** Python is gone (crash or forced stop): finish the run and start a fresh worker. */
  _restart(reason, { stopped = false, exitCode = stopped ? 130 : 1 } = {}) {
    const run = this._current;
    this.keepSpare = true; // one restart suggests more: have the next Python ready
    if (reason) this._systemLine(reason);
    this.worker?.terminate(); // its frame and shared buffers go with it
    this.worker = null;
    this._newReadyPromise();
    this._spawn();
    if (run) {
      this._finish(run.runId, {
        ok: false, exitCode, stopped, truncated: false, restarted: true,
        error: stopped ? undefined : reason,
      });
    }
  }

  /** Python cannot go on (os._exit, stack overflow, out of memory…): say so in plain words. */
  _crash({ error = '', exitCode = null }) {
    if (exitCode !== null && exitCode !== undefined) {
      this._restart(`\n${t('exitedLine', { code: exitCode })}\n`, { exitCode });
      return;
    }
    this._restart(`\n${t('crashedLine', { message: describeCrash(error) })}\n`);
  }

  /**
   * Run `code`; resolves with {runId, ok, exitCode, stdout, stderr, durationMs, stopped, engine}.
   * `options` go to the Python runtime as they are (e.g. {timeline: true}); options.engine
   * ('cpython' | 'webloop') picks the event loop, else the code's `# engine:` first line does.
   */
  async run(code, options = {}) {
    const engine = resolveEngine(code, options.engine);
    if (this.running) await this.stop();
    // A Stop before the run has started (Python still loading or restarting) cancels it.
    const request = { stopped: false };
    this._requested = request;
    this.start();
    await this.ready;
    if (this._requested === request) this._requested = null;
    if (request.stopped) {
      return { runId: 0, ok: false, exitCode: 130, stdout: '', stderr: '', durationMs: 0, stopped: true, truncated: false, engine };
    }
    const runId = ++this._runSeq;
    this.worker.clearSignals?.(); // in order: the frame clears before it passes RUN on
    this.mailbox?.reset();
    this.running = true;
    this._setState('running');
    return new Promise((resolve) => {
      this._current = { runId, resolve, stdout: [], stderr: [], started: performance.now(), engine };
      this.worker.postMessage({ type: TO_WORKER.RUN, runId, code, options: { ...options, engine } });
    });
  }

  _signal() {
    this.worker?.signal(SIGINT);
  }

  /** The current worker shares memory with its frame: Stop is Ctrl+C, not a restart. */
  get _canSignal() {
    return Boolean(this.info?.sab && this.worker?.signal);
  }

  /** The program ended on Stop: no second Ctrl+C; a fresh Python only if tidying up hangs. */
  _finishing(run) {
    if (!run.escalation) return;
    clearTimeout(run.escalation);
    run.escalation = setTimeout(() => {
      if (this._current === run) this._restart(`\n${t('restartingLine')}\n`, { stopped: true });
    }, FINISHING_RESTART_MS);
  }

  /** Stop the current run: Ctrl+C, Ctrl+C again, then a fresh Python. */
  stop() {
    const run = this._current;
    if (!run) {
      if (this._requested) this._requested.stopped = true;
      return Promise.resolve();
    }
    if (run.stopping) return run.stopping;
    this._setState('stopping');
    run.stopping = new Promise((resolve) => {
      run.resolveStop = resolve;
    });
    const originalResolve = run.resolve;
    run.resolve = (result) => {
      originalResolve(result);
      run.resolveStop();
    };
    if (run.engine === 'webloop') {
      this._stopWebLoop(run);
      return run.stopping;
    }
    if (!this._canSignal) {
      this._restart(`\n${t('restartingLine')}\n`, { stopped: true });
      return run.stopping;
    }
    this._signal();
    run.escalation = setTimeout(() => {
      if (this._current !== run) return;
      this._signal();
      run.escalation = setTimeout(() => {
        if (this._current !== run) return;
        this._restart(`\n${t('restartingLine')}\n`, { stopped: true });
      }, RESTART_AFTER_MS - SECOND_SIGINT_MS);
    }, SECOND_SIGINT_MS);
    return run.stopping;
  }

  /**
   * WebLoop runs: the worker is free between steps, so ask it to cancel the run's tasks;
   * a step that never yields gets Ctrl+C through the interrupt buffer; then a fresh Python.
   */
  _stopWebLoop(run) {
    const restart = () => {
      if (this._current === run) this._restart(`\n${t('restartingLine')}\n`, { stopped: true });
    };
    this.worker.stopFlag?.();
    this.worker.postMessage({ type: TO_WORKER.CANCEL, runId: run.runId });
    run.escalation = setTimeout(() => {
      if (this._current !== run) return;
      if (run.cancelAcked || !this._canSignal) {
        run.escalation = setTimeout(restart, WEBLOOP_STOP_MS);
        return;
      }
      this._signal();
      run.escalation = setTimeout(restart, RESTART_AFTER_MS);
    }, CANCEL_ACK_MS);
  }
}

/** The engine a program asks for on its first line (`# engine: webloop`), or null. */
export function engineFromCode(code) {
  const firstLine = String(code ?? '').split('\n', 1)[0];
  const name = /^\s*#\s*engine\s*[:=]\s*([\w-]+)\s*$/i.exec(firstLine)?.[1].toLowerCase();
  return ENGINES.includes(name) ? name : null;
}

/** `requested` if given (it must be one of ENGINES), else the code's choice, else the default. */
export function resolveEngine(code, requested) {
  if (requested === undefined || requested === null) return engineFromCode(code) ?? DEFAULT_ENGINE;
  if (!ENGINES.includes(requested)) {
    throw new Error(`Unknown engine ${JSON.stringify(requested)}: use ${ENGINES.map((e) => `'${e}'`).join(' or ')}.`);
  }
  return requested;
}

/** A crash message a student can read, from Pyodide's error text. */
function describeCrash(error) {
  const text = String(error);
  if (/Maximum call stack size exceeded|stack overflow/i.test(text)) {
    return t('crashStack');
  }
  if (/out of memory|Cannot enlarge memory|Aborted\(OOM\)/i.test(text)) return t('crashMemory');
  const trap = /unreachable|memory access out of bounds|table index is out of bounds|null function/i.exec(text);
  if (trap) return t('crashTrap', { detail: trap[0] });
  return text.split('\n').find((line) => line.trim()) ?? text;
}

// Over 300 lines: one state machine (the worker, its ready promise, the current run); what stands alone is in spare.js, stop.js, crash.js.
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
 *   inspect {runId, state}             the paused loop's state, or null: it runs again (run option inspect)
 *   hint     {runId, hint}             a pitfall the current run showed (insights/hints.py)
 *   server   message                   the in-page server's messages of the current run
 *                                      (server-started, server-stopped, http-response)
 *   stdin-request {runId}              the current run waits for a line of input (sendInput)
 */
import { FROM_WORKER, SIGINT, SYSTEM_LINES, TO_WORKER } from '../protocol.js';
import { resolveEngine } from '../engines/choice.js';
import { takeEarlyWorker } from './early-worker.js';
import { SandboxedWorker } from './sandbox.js';
import { RunnerFiles } from './files.js';
import { SparePython } from './spare.js';
import { awaitTidyUp, stopRun } from './stop.js';
import { describeCrash } from './crash.js';
import { addStrings, t } from '../page/i18n.js';
import runStrings from './strings.js';

addStrings(runStrings);

/** A spare Python starts this long after the first is ready, not to slow the first load. */
const SPARE_DELAY_MS = 1500;
/**
 * A run still going after this long may be one that only a restart stops (it swallows
 * Ctrl+C): have a spare Python ready by then, so that restart is instant.
 */
const LONG_RUN_SPARE_MS = 1000;
/** Loading Python takes seconds; after this long without a word from the worker, say so. */
const LOAD_STALL_MS = 60_000;
/** Typed input goes to the mailbox in pieces this long: a batch holds 1 MB (protocol.js MAILBOX). */
const STDIN_PIECE_CHARS = 64 * 1024;

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
     * the first restart (restarts are rare there) or once a run lasts LONG_RUN_SPARE_MS
     * (its Stop may need one). null: decide by isolation; false: no spare before the
     * first restart, however long a run lasts (one Python per page, as embed.js wants).
     */
    this.keepSpare = keepSpare;
    this.loadStallMs = loadStallMs;
    this.snapshots = snapshots;
    this.workerUrl = workerUrl;
    this.network = network;
    this.files = new RunnerFiles(new URL('./', workerUrl));
    this.createWorker = createWorker
      ?? ((url, options) => new SandboxedWorker(new URL('./', url), { ...options, files: this.files }));
    this._spare = new SparePython(() => this._newWorker());
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
    const worker = early ?? this._newWorker();
    this._adopt(worker);
    this._watchLoad(true);
    worker.postMessage(this._initMessage());
  }

  _newWorker() {
    return this.createWorker(this.workerUrl, { network: this.network, snapshots: this.snapshots });
  }

  /** Makes `worker` the current one: its messages are the ones that count. */
  _adopt(worker) {
    this.worker = worker;
    worker.onmessage = (event) => this._onMessage(worker, event.data);
    worker.onerror = (event) => this._onWorkerError(worker, event);
  }

  /** Python is ready ({python, pyodide, jspi, sab} from the worker). */
  _ready(info) {
    this.info = { ...info, isolated: !!self.crossOriginIsolated };
    this._setState('ready');
    this._resolveReady(this.info);
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
    this._spare.drop();
    if (!this.worker) return this.ready;
    this._restart(null);
    return this.ready;
  }

  /** Starts a second Python in the background, used at the next restart (spare.js). */
  _makeSpare() {
    if (this.worker) this._spare.start(this._initMessage());
  }

  /** Makes a ready spare the current worker; false when there is none yet. */
  _promoteSpare() {
    const spare = this._spare.take();
    if (!spare) return false;
    this._adopt(spare.worker);
    this._ready(spare.info);
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
      this._crash({ error: `the Python worker failed: ${message}` });
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
        this._ready(message.info);
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
        if (this._current?.runId === message.runId) awaitTidyUp(this._current, this._stopControls(this._current));
        break;
      case FROM_WORKER.CANCELLING:
        if (this._current?.runId === message.runId) this._current.cancelAcked = true;
        break;
      case FROM_WORKER.CRASH:
        this._crash(message);
        break;
      case FROM_WORKER.TIMELINE:
      case FROM_WORKER.HINT:
      case FROM_WORKER.INSPECT: // the loop paused ({state}) or runs again ({state: null})
        if (this._current?.runId === message.runId) this._emit(message.type, message);
        break;
      case FROM_WORKER.STDIN_REQUEST:
        if (this._current?.runId === message.runId) this._emit('stdin-request', { runId: message.runId });
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
    for (const [given, text] of chunks) {
      // A program's output is stdout or stderr: never the page's own system or input lines.
      const stream = given === 'stderr' ? 'stderr' : 'stdout';
      run[stream].push(text);
      this._emit('output', { runId, stream, text });
    }
  }

  _finish(runId, fields) {
    const run = this._current;
    if (!run || run.runId !== runId) return;
    clearTimeout(run.escalation);
    clearTimeout(run.spareTimer);
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
    this._snapshotFromSpare();
  }

  /**
   * A first run sent before the worker offered its snapshot (a share link run at once)
   * leaves the next visit without a warm start: a spare Python, which runs nothing, offers
   * one instead (run/sandbox.js accepts it only from a Python sent no program) and stays
   * as the spare. keepSpare false (one Python per page) goes without.
   */
  _snapshotFromSpare() {
    if (this._askedSpareForSnapshot || this.keepSpare === false || !this.worker?.snapshotWanted) return;
    this._askedSpareForSnapshot = true;
    setTimeout(() => {
      if (this.running) this._askedSpareForSnapshot = false; // not during a program: after the next
      else this._makeSpare();
    }, SPARE_DELAY_MS);
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
  _crash(crash) {
    const { line, exitCode } = describeCrash(crash);
    this._restart(`\n${line}\n`, { exitCode });
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
      // options.inputLine: the page shows an input line (main.js); then typed lines can reach the
      // program when memory is shared, else the runtime ends at the prepared input (and says why).
      // A WebLoop run under JSPI suspends in input() (the worker is free): lines go as messages.
      const stdinVia = engine === 'webloop' && this.info?.jspi ? 'message' : 'mailbox';
      const keyboard = Boolean(options.inputLine) && (stdinVia === 'message' || this.canSendInput);
      Object.assign(this._current, { keyboard, stdinVia });
      this.worker.postMessage({ type: TO_WORKER.RUN, runId, code, options: { ...options, engine, keyboard, stdinVia } });
      // keepSpare false (embed.js: one Python per course page) waits for a restart.
      if (this.keepSpare !== false) {
        this._current.spareTimer = setTimeout(() => {
          if (this._current?.runId === runId) this._makeSpare();
        }, LONG_RUN_SPARE_MS);
      }
    });
  }

  /** True when typed lines can reach a running program (shared memory: the mailbox). */
  get canSendInput() {
    return Boolean(this.mailbox && this.info?.sab);
  }

  /**
   * Sends typed input to the current run: `text` (lines end with "\n") and, with eof, the
   * end of the input (Ctrl+D). False when no run can receive it (no run, no shared memory).
   */
  sendInput(text, { eof = false } = {}) {
    const run = this._current;
    if (!run?.keyboard) return false;
    const { runId } = run;
    const send = run.stdinVia === 'message'
      ? (piece) => this.worker.postMessage({ type: TO_WORKER.STDIN, runId, ...piece })
      : (piece) => this.mailbox.send({ type: 'stdin', ...piece });
    const value = String(text ?? '');
    for (let at = 0; at < value.length; at += STDIN_PIECE_CHARS) {
      const last = at + STDIN_PIECE_CHARS >= value.length;
      send({ text: value.slice(at, at + STDIN_PIECE_CHARS), eof: eof && last });
    }
    if (!value.length && eof) send({ text: '', eof: true });
    return true;
  }

  /** What Stop may do to the current worker while `run` is under way (stop.js). */
  _stopControls(run) {
    return {
      canSignal: () => Boolean(this.info?.sab && this.worker?.signal), // shared memory with its frame
      signal: () => this.worker?.signal(SIGINT),
      cancel: () => {
        this.worker.stopFlag?.();
        this.worker.postMessage({ type: TO_WORKER.CANCEL, runId: run.runId });
      },
      restart: () => this._restart(`\n${t('restartingLine')}\n`, { stopped: true }),
      isCurrent: () => this._current === run,
    };
  }

  /**
   * Tells the paused loop of the current run what to do next (run option inspect): `kind` is one of
   * protocol.js INSPECT_COMMANDS, `line` the line of CONTINUE_TO_LINE. False if it cannot be sent.
   */
  inspect(kind, line = 0) {
    if (!this._current || !this.worker?.command) return false;
    this.worker.command(kind | (Math.max(0, line | 0) << 4));
    return true;
  }

  /** Stop the current run: Ctrl+C, Ctrl+C again, then a fresh Python (stop.js). */
  stop() {
    const run = this._current;
    if (!run) {
      if (this._requested) this._requested.stopped = true;
      return Promise.resolve();
    }
    if (run.stopping) return run.stopping;
    this._setState('stopping');
    return stopRun(run, this._stopControls(run));
  }
}

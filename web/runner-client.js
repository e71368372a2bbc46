/**
 * Owns the Python worker: start, run, stop, restart. One promise per run.
 *
 * Events (CustomEvent.detail):
 *   progress {stage, percent}          while Pyodide loads
 *   state    {state, message?}         loading | ready | running | stopping | restarting | error
 *   output   {runId, stream, text}     stream: stdout | stderr | system
 */
import { CONTROL, FROM_WORKER, SIGINT, TO_WORKER } from './protocol.js';

/** Stop escalates like a person pressing Ctrl+C again, then restarts Python. */
const SECOND_SIGINT_MS = 80;
const RESTART_AFTER_MS = 200;

export class RunnerClient extends EventTarget {
  constructor({ workerUrl = new URL('./worker.js', import.meta.url) } = {}) {
    super();
    this.workerUrl = workerUrl;
    this.worker = null;
    this.info = null;
    this.running = false;
    this._runSeq = 0;
    this._current = null; // {runId, resolve, stdout, stderr}
    this._sab = typeof SharedArrayBuffer === 'function' && self.crossOriginIsolated
      ? new SharedArrayBuffer(CONTROL.LENGTH * 4) : null;
    this.control = this._sab ? new Int32Array(this._sab) : null;
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
    this._setState(this.info ? 'restarting' : 'loading');
    const worker = new Worker(this.workerUrl, { type: 'module' });
    this.worker = worker;
    worker.onmessage = (event) => this._onMessage(worker, event.data);
    worker.onerror = (event) => this._onWorkerError(worker, event);
    worker.postMessage({ type: TO_WORKER.INIT, runId: null, control: this._sab });
  }

  _onWorkerError(worker, event) {
    if (worker !== this.worker) return;
    event.preventDefault?.();
    const message = event.message || 'the Python worker failed to start';
    if (!this.info) {
      this._setState('error', `Python could not load: ${message}`);
      this._rejectReady(new Error(message));
    } else {
      this._crash(`the Python worker failed: ${message}`);
    }
  }

  _onMessage(worker, message) {
    if (worker !== this.worker) return; // a terminated worker's last words
    switch (message.type) {
      case FROM_WORKER.PROGRESS:
        this._emit('progress', { stage: message.stage, percent: message.percent });
        break;
      case FROM_WORKER.READY:
        this.info = { ...message.info, isolated: !!self.crossOriginIsolated };
        this._setState('ready');
        this._resolveReady(this.info);
        break;
      case FROM_WORKER.LOAD_ERROR:
        this._setState('error', `Python could not load: ${message.error}`);
        this._rejectReady(new Error(message.error));
        break;
      case FROM_WORKER.OUTPUT:
        this._onOutput(message);
        break;
      case FROM_WORKER.DONE:
        this._finish(message.runId, {
          ok: message.ok, exitCode: message.exitCode, stopped: message.stopped,
          truncated: message.truncated, durationMs: message.durationMs,
        });
        break;
      case FROM_WORKER.CRASH:
        this._crash(`Python crashed: ${message.error}`);
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
    run.resolve({
      runId,
      stdout: run.stdout.join(''),
      stderr: run.stderr.join(''),
      durationMs: performance.now() - run.started,
      ...fields,
    });
  }

  _systemLine(text) {
    const run = this._current;
    if (run) this._emit('output', { runId: run.runId, stream: 'system', text });
  }

  /** Python is gone (crash or forced stop): finish the run and start a fresh worker. */
  _restart(reason, { stopped = false } = {}) {
    const run = this._current;
    if (reason) this._systemLine(reason);
    this.worker?.terminate();
    this.worker = null;
    this._newReadyPromise();
    this._spawn();
    if (run) {
      this._finish(run.runId, {
        ok: false, exitCode: stopped ? 130 : 1, stopped, truncated: false, restarted: true,
        error: stopped ? undefined : reason,
      });
    }
  }

  _crash(message) {
    this._restart(`\n[${message}. Restarting Python…]\n`);
  }

  /** Run `code`; resolves with {runId, ok, exitCode, stdout, stderr, durationMs, stopped}. */
  async run(code) {
    if (this.running) await this.stop();
    this.start();
    await this.ready;
    const runId = ++this._runSeq;
    if (this.control) {
      Atomics.store(this.control, CONTROL.SIGNAL, 0);
      Atomics.store(this.control, CONTROL.STOP, 0);
    }
    this.running = true;
    this._setState('running');
    return new Promise((resolve) => {
      this._current = { runId, resolve, stdout: [], stderr: [], started: performance.now() };
      this.worker.postMessage({ type: TO_WORKER.RUN, runId, code });
    });
  }

  _signal() {
    Atomics.store(this.control, CONTROL.STOP, 1);
    Atomics.store(this.control, CONTROL.SIGNAL, SIGINT);
    Atomics.add(this.control, CONTROL.WAKE, 1);
    Atomics.notify(this.control, CONTROL.WAKE);
  }

  /** Stop the current run: Ctrl+C, Ctrl+C again, then a fresh Python. */
  stop() {
    const run = this._current;
    if (!run) return Promise.resolve();
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
    if (!this.control) {
      this._restart('\n[stopped — restarting Python (this page is not cross-origin isolated)…]\n', { stopped: true });
      return run.stopping;
    }
    this._signal();
    run.escalation = setTimeout(() => {
      if (this._current !== run) return;
      this._signal();
      run.escalation = setTimeout(() => {
        if (this._current !== run) return;
        this._restart('\n[stopped — the program did not end on Ctrl+C; restarting Python…]\n', { stopped: true });
      }, RESTART_AFTER_MS - SECOND_SIGINT_MS);
    }, SECOND_SIGINT_MS);
    return run.stopping;
  }
}

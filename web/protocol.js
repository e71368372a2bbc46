/**
 * The one list of messages between the page and the Python worker.
 *
 * Every message is an object `{type, runId, ...}` (runId is null outside a run).
 * The control buffer (a SharedArrayBuffer, only when the page is cross-origin
 * isolated) is an Int32Array laid out as CONTROL below: the page writes it while
 * the worker is busy running Python and cannot receive messages.
 */

/** page → worker */
export const TO_WORKER = Object.freeze({
  INIT: 'init', // {control: SharedArrayBuffer|null}
  RUN: 'run', // {runId, code}
});

/** worker → page */
export const FROM_WORKER = Object.freeze({
  PROGRESS: 'progress', // {stage, percent}
  READY: 'ready', // {info: {python, pyodide, jspi, isolated, sab}}
  OUTPUT: 'output', // {runId, chunks: [[stream, text], ...]}, stream: stdout|stderr|system
  DONE: 'done', // {runId, ok, exitCode, stopped, truncated, durationMs}; exactly one per run
  CRASH: 'crash', // {runId, error}: Python cannot go on; the page restarts the worker
  LOAD_ERROR: 'load-error', // {error}: Pyodide or the runtime failed to load
});

/** Int32 slots of the control buffer. */
export const CONTROL = Object.freeze({
  SIGNAL: 0, // pending signal number (2 = SIGINT); also Pyodide's interrupt buffer
  WAKE: 1, // incremented + Atomics.notify to wake a blocking wait
  STOP: 2, // 1 once the page asked the current run to stop
  LENGTH: 4,
});

export const SIGINT = 2;

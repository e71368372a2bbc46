/**
 * The one list of messages between the page and the Python worker.
 *
 * The worker runs in a sandboxed iframe (run/sandbox.js): the page sends TO_WORKER
 * messages and FRAME operations to the frame, which applies the operations and passes
 * the messages on; the worker answers with FROM_WORKER messages on a private port.
 *
 * Every message is an object `{type, runId, ...}` (runId is null outside a run).
 * The control buffer (a SharedArrayBuffer, only when the page is cross-origin
 * isolated) is an Int32Array laid out as CONTROL below: the page writes it while
 * the worker is busy running Python and cannot receive messages.
 */

/** page → worker */
export const TO_WORKER = Object.freeze({
  // {snapshots: bool (offer a snapshot once ready), snapshot: its size in bytes if one
  //  follows, to restore (0: none),
  //  network: bool (programs may fetch other origins), lock: pyodide-lock.json's object};
  //  the start-up files follow as FILE {name}
  INIT: 'init',
  RUN: 'run', // {runId, code, options}: options go to the runtime (runtime.run's JSON):
  //            engine (ENGINES, as the page decided it), timeline, debug (asyncio debug
  //            mode), exercise (a lesson exercise's id), stdin (prepared input, read first),
  //            inputLine (the page has an input line), keyboard (typed lines can reach the
  //            program: an input line, and shared memory or a WebLoop run under JSPI),
  //            stdinVia ('mailbox', or 'message': STDIN messages that a suspended input() awaits),
  //            clock ('real' | 'virtual'), inspect (pause and step: INSPECT and CONTROL.COMMAND)
  CANCEL: 'cancel', // {runId}: Stop on the WebLoop engine (the worker is free between steps)
  // {runId, text, eof}: typed input for a WebLoop run under JSPI (options.stdinVia 'message'): the
  // worker is free while input() suspends; other runs get theirs through the mailbox
  STDIN: 'stdin',
  // {name: 'wheel'|'wasm'|'stdlib'|'snapshot', bytes}: a start-up file (snapshot: null if
  // none could be read; wasm: {module} instead, once the frame has compiled it);
  // {name: 'snapshot-check', matches}: whether the snapshot's bytes have its sha256;
  // {id, status, contentType, bytes} or {id, error}: a FILE_REQUEST's answer
  FILE: 'file',
});

/**
 * page → frame (run/sandbox-frame.js): {op, ...}. The frame owns the shared buffers
 * (a page cannot share memory with an opaque origin), so it writes them for the page.
 */
export const FRAME = Object.freeze({
  START: 'start', // {source: ArrayBuffer (worker.js), indexURL} + ports [events, commands]
  SEND: 'send', // {message, transfer?}: a TO_WORKER message, passed on in order
  SIGNAL: 'signal', // {signal}: Stop: STOP = 1, SIGNAL = signal, wake the worker
  STOP_FLAG: 'stop-flag', // STOP = 1 (WebLoop runs: the runtime polls it)
  CLEAR: 'clear', // SIGNAL = STOP = COMMAND = 0 (before a run, after a restart)
  MAIL: 'mail', // {message}: a server-panel message for the mailbox (mailbox.js)
  MAIL_RESET: 'mail-reset',
  COMMAND: 'command', // {value}: the inspector's command: CONTROL.COMMAND = value, wake the worker
});

/** frame → page */
export const FROM_FRAME = Object.freeze({
  WORKER_ERROR: 'worker-error', // {message}: the worker's script failed, or an uncaught error
});

/** The engines a program can run on: CPython's own event loop, or Pyodide's WebLoop. */
export const ENGINES = Object.freeze(['cpython', 'webloop']);
export const DEFAULT_ENGINE = 'cpython';

/** worker → page */
export const FROM_WORKER = Object.freeze({
  BOOTED: 'booted', // the worker took its ports (sent before INIT is read)
  PROGRESS: 'progress', // {stage, percent, key?}: key, the stage's i18n key (stage is English)
  READY: 'ready', // {info: {python, pyodide, jspi, isolated, sab}}
  OUTPUT: 'output', // {runId, chunks: [[stream, text], ...]}, stream: stdout|stderr
  // {runId, key, vars}: a line of the playground's own (SYSTEM_LINES), which the page words
  // in its language: t(key, vars)
  SYSTEM: 'system',
  // {runId, ...RUN_RESULT}: exactly one per run, the runtime's result as it made it
  DONE: 'done',
  CANCELLING: 'cancelling', // {runId}: the worker got CANCEL and is cancelling the run's tasks
  CRASH: 'crash', // {runId, error}: Python cannot go on; the page restarts the worker
  // {runId, events: [[kind, ...fields], ...]}: the task timeline, with run option timeline;
  // kinds and fields as in py/asyncio_playground/insights/timeline.py, times in µs from the run's start
  TIMELINE: 'timeline',
  // {runId, hint: {id, line, en: {title, what, why, fix}, fr: {...}}}: a pitfall the run showed
  HINT: 'hint',
  // {runId, state}: run option inspect: the loop is paused (state: py/asyncio_playground/insights/
  //  loopstate.py's snapshot) until the page writes CONTROL.COMMAND; state null: it runs again
  INSPECT: 'inspect',
  LOAD_ERROR: 'load-error', // {error, stack}: Pyodide or the runtime failed to load
  // The in-page server (py/asyncio_playground/vnet): the server panel shows these.
  SERVER_STARTED: 'server-started', // {runId, port, host, kind: 'http'|'raw'}: a port listens
  SERVER_STOPPED: 'server-stopped', // {runId, port}: nothing listens on it any more
  // {runId, port, requestId, done, head?: {version, status, reason, headers: [[name, value]]},
  //  raw?: text received, body?: body text (HTTP framing removed), error?, truncated?};
  // sent as the response arrives, the last one with done: true
  HTTP_RESPONSE: 'http-response',
  // {runId}: during a Stop, the program has ended and Python is tidying up (gc, closing
  // loops): the page waits for done instead of escalating (aiohttp's shutdown finishes)
  FINISHING: 'finishing',
  // {runId}: the program waits for a line of input (py/asyncio_playground/stdin.py): the page
  // shows its input line; typed lines go back through the mailbox as {type: 'stdin', text, eof}
  STDIN_REQUEST: 'stdin-request',
  FILE_REQUEST: 'file-request', // {id, path}: a file of the site (a wheel, web/data/…), answered by FILE
  // {bytes: ArrayBuffer, size}: a memory snapshot of this Python, packed without its zero
  // pages (run/sparse-snapshot.js), of a heap of `size` bytes; the page keeps it only from a
  // worker it started cold and has sent no RUN to (run/files.js verifies it at restore)
  SNAPSHOT: 'snapshot',
  SNAPSHOT_FAILED: 'snapshot-failed', // the snapshot handed over did not restore: drop it
});

/**
 * What Python may post (host.post): the runtime's events for the run in progress, all of
 * them through one channel (py/asyncio_playground/channel.py EVENTS, the same list). Never
 * DONE: the worker posts the result the runtime returns.
 */
export const PYTHON_EVENTS = Object.freeze([
  FROM_WORKER.OUTPUT, FROM_WORKER.SYSTEM, FROM_WORKER.TIMELINE, FROM_WORKER.HINT, FROM_WORKER.SERVER_STARTED,
  FROM_WORKER.SERVER_STOPPED, FROM_WORKER.HTTP_RESPONSE, FROM_WORKER.FINISHING, FROM_WORKER.STDIN_REQUEST,
  FROM_WORKER.INSPECT,
]);

/**
 * The fields of a run's result (py/asyncio_playground/run.py RunResult), the same from
 * Python to the worker's DONE to the page: runId, ok, exitCode, stopped, truncated,
 * durationMs (measured once, by the runtime), engine (ENGINES), restart (the page must
 * replace the worker: a task of a WebLoop run would not end), and with options.exercise
 * exercise: {exercise, passed, message_fr, message_en} (the lesson exercise's verdict).
 */
export const RUN_RESULT = Object.freeze([
  'runId', 'ok', 'exitCode', 'stopped', 'truncated', 'durationMs', 'engine', 'restart', 'exercise',
  'clock', 'virtualMs', // on virtual time only (run option clock)
]);

/** The keys of SYSTEM lines (i18n strings); `vars` fill their {placeholders}. */
export const SYSTEM_LINES = Object.freeze([
  'sysLoading', // {what}: packages a program imports are loading (the worker)
  'sysNoPackages', // {what}: they could not load (the worker)
  'sysTruncated', // {what}: the output passed its cap (the runtime)
  'sysSurvivors', // {what}: tasks of a WebLoop run would not end (the runtime)
  'sysStuck', // {count}: every task waits and nothing can wake them (the runtime; a hint says on what)
  'refusedLine', 'refusedLineCsp', // {url}: a program's request to another origin was refused (the worker)
  'sysNoKeyboard', // {}: the program reads past its prepared input, and this page cannot send typed lines (the runtime)
  'sysNoInputLine', // {}: the same where the page has no input line (snippets, the lesson) (the runtime)
]);

/** Int32 slots of the control buffer. */
export const CONTROL = Object.freeze({
  SIGNAL: 0, // pending signal number (2 = SIGINT); also Pyodide's interrupt buffer
  WAKE: 1, // incremented + Atomics.notify to wake a blocking wait
  STOP: 2, // 1 once the page asked the current run to stop
  COMMAND: 3, // the inspector's next command (INSPECT_COMMANDS | line << 4), taken (zeroed) by the worker
  LENGTH: 4,
});

export const SIGINT = 2;

/** What a paused loop does next (py/asyncio_playground/insights/stepper.py): CONTROL.COMMAND's low 4 bits. */
export const INSPECT_COMMANDS = Object.freeze({
  STEP: 1, // run one loop iteration, pause before the next
  STEP_CALLBACK: 2, // run one callback of the ready queue
  CONTINUE: 3, // run on, no more pauses
  CONTINUE_TO_LINE: 4, // run until a task resumes at line (value >> 4)
});

/**
 * The mailbox: a second SharedArrayBuffer the page writes while the worker runs Python
 * (web/mailbox.js). An Int32 header, then the bytes of one JSON list of messages: the
 * server panel's {type: 'request', id, port, mode: 'http', method, path, headers:
 * [[name, value]], body} | {type: 'request', id, port, mode: 'raw', text, eof} |
 * {type: 'close', id}, and typed input {type: 'stdin', text, eof} (text: whole lines, "\n"
 * ended, but for the text sent with eof). The page bumps CONTROL.WAKE after writing; the worker empties it.
 */
export const MAILBOX = Object.freeze({
  WRITTEN: 0, // batches written by the page
  TAKEN: 1, // batches taken by the worker (Atomics.notify on it frees the mailbox)
  LENGTH: 2, // bytes of the current batch
  HEADER_BYTES: 16,
  BYTES: 1 << 20, // room for one batch
});

/**
 * Python's worker on an opaque origin: a Worker-like object the runner client drives.
 *
 * A SandboxedWorker makes a hidden `<iframe sandbox="allow-scripts">` (no
 * allow-same-origin: its origin is opaque) whose only script (run/sandbox-frame.js)
 * starts worker.js from the bytes this page hands it. What runs there cannot read the
 * site's localStorage, IndexedDB, Cache Storage or service worker, nor script the page;
 * the frame's Content-Security-Policy lets it fetch nothing (connect-src 'none') unless
 * the page allows programs the network (`network: true`, the "Allow network" switch).
 *
 * The page and the worker talk over two ports made here: `events` (worker → page,
 * private to worker.js's module scope) and `frame` (page → frame: TO_WORKER messages,
 * passed on in order, and the shared-buffer operations the frame does for the page).
 * Files: the start-up set is fetched here at once (run/files.js); wheels on request.
 *
 * Interface (what RunnerClient uses of a Worker): postMessage(message), onmessage,
 * onerror, terminate(); plus signal(), stopFlag(), clearSignals(), mail(message),
 * mailReset(), command(value) for the control and mailbox buffers, which live in the frame.
 */
import { FRAME, FROM_FRAME, FROM_WORKER, TO_WORKER } from '../protocol.js';
import { RunnerFiles } from './files.js';

/* global SANDBOX_FRAME_SCRIPT, SANDBOX_FRAME_HASH */
const FRAME_SCRIPT = typeof SANDBOX_FRAME_SCRIPT === 'string' ? SANDBOX_FRAME_SCRIPT : '';
const FRAME_HASH = typeof SANDBOX_FRAME_HASH === 'string' ? SANDBOX_FRAME_HASH : '';

/** The frame's whole document: its CSP, then its one script. */
export function frameDocument({ network = false } = {}) {
  const policy = [
    "default-src 'none'",
    `script-src 'sha256-${FRAME_HASH}' blob: 'wasm-unsafe-eval' 'unsafe-eval'`,
    'worker-src blob: data:', // data: for WebKit (run/sandbox-frame.js)
    network ? 'connect-src https: http:' : "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}">`
    + `<script>${FRAME_SCRIPT}</script>`;
}

export class SandboxedWorker {
  /**
   * base: the site's folder (worker.js, pyodide/). network: programs may fetch other
   * origins. snapshots: look for a memory snapshot to start from (?snapshot=0: no).
   * files: a RunnerFiles to share (one lock file fetch for all workers).
   */
  constructor(base, { network = false, snapshots = true, files = new RunnerFiles(base) } = {}) {
    this._onmessage = null;
    this._unread = []; // messages before anyone listens (index.html's early start)
    this.onerror = null;
    this._inited = false;
    this.files = files;
    this.network = network;
    this.runsSent = 0;
    this.snapshotKey = null; // the snapshot this worker was handed, if any
    this._snapshots = false;
    this._terminated = false;
    this._failed = false; // a start-up file could not be fetched: said once
    const events = new MessageChannel();
    const frameChannel = new MessageChannel();
    this._events = events.port1;
    this._frame = frameChannel.port1;
    this._events.onmessage = ({ data }) => this._fromWorker(data);
    this._frame.onmessage = ({ data }) => this._fromFrame(data);
    this._startup = null;

    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.title = 'Python runner';
    frame.tabIndex = -1;
    frame.setAttribute('aria-hidden', 'true');
    frame.dataset.testid = 'python-runner';
    frame.sandbox = 'allow-scripts';
    frame.allow = 'cross-origin-isolated'; // SharedArrayBuffer in the frame, if the page is isolated
    frame.srcdoc = frameDocument({ network });
    this.iframe = frame;
    // The start-up files, at once; the loading bar follows their bytes (a tenth of a second apart).
    let shown = 0;
    const onProgress = ({ loaded, total }) => {
      const now = performance.now();
      if (this._failed || (now - shown < 100 && loaded < total)) return; // no bar over an error
      shown = now;
      this._deliver({
        type: FROM_WORKER.PROGRESS, stage: 'Downloading Python (Pyodide)', key: 'stageDownload',
        loaded, total, percent: total ? Math.round((100 * loaded) / total) : null,
      });
    };
    const startup = files.startup({ snapshots, onProgress });
    this._startup = startup;
    frame.addEventListener('load', () => {
      performance.mark('asyncio-playground:frame-loaded');
      startup.source.then((bytes) => {
        if (this._terminated) return;
        performance.mark('asyncio-playground:worker-sent');
        frame.contentWindow.postMessage(
          { op: FRAME.START, source: bytes, indexURL: files.indexURL },
          '*', // the frame's origin is opaque: no name to give
          [events.port2, frameChannel.port2],
        );
      }, (error) => this._fail(`Python's files could not be loaded: ${error}`, error));
    }, { once: true });
    (document.body ?? document.documentElement).append(frame);
  }

  get onmessage() {
    return this._onmessage;
  }

  /** Messages that came before a listener are handed to the first one. */
  set onmessage(listener) {
    this._onmessage = listener;
    while (listener && this._unread.length && this._onmessage === listener) listener(this._unread.shift());
  }

  _deliver(data) {
    if (this._onmessage) this._onmessage({ data });
    else this._unread.push({ data });
  }

  _fail(message, error = null) {
    if (this._terminated || this._failed) return;
    this._failed = true;
    if (error?.workerScript) { // as a Worker whose script cannot load: an error event
      this.onerror?.({ message: '', preventDefault() {} });
      return;
    }
    this._deliver({ type: FROM_WORKER.LOAD_ERROR, error: message, stack: '' });
  }

  _op(op, transfer = []) {
    if (this._terminated) return;
    this._frame.postMessage(op, transfer); // queued by the port until the frame takes it
  }

  /** TO_WORKER messages; INIT gets the start-up files added here. */
  postMessage(message) {
    if (message.type === TO_WORKER.INIT) {
      if (!this._inited) this._init(message); // once: an early start sent it already
      this._inited = true;
      return;
    }
    if (message.type === TO_WORKER.RUN) this.runsSent += 1;
    this._op({ op: FRAME.SEND, message });
  }

  /**
   * INIT as soon as the lock file is in and it is known whether a snapshot is stored;
   * then each start-up file as it arrives (FILE {name}): Python starts on the first ones.
   */
  async _init({ snapshots = true }) {
    const startup = this._startup;
    let lock;
    let expected; // the stored snapshot's size in bytes, 0 if none
    try {
      [lock, expected] = await Promise.all([startup.lock, snapshots ? startup.snapshotSize : 0]);
    } catch (error) {
      this._fail(`Python's files could not be loaded: ${error}`, error);
      return;
    }
    this._snapshots = snapshots && !expected;
    performance.mark('asyncio-playground:init-sent');
    this._op({
      op: FRAME.SEND,
      message: { type: TO_WORKER.INIT, snapshots: this._snapshots, snapshot: expected, network: this.network, lock },
    });
    const send = (name, promise) => promise.then((bytes) => {
      performance.mark(`asyncio-playground:file-${name}`);
      const transfer = bytes ? [bytes] : [];
      this._op({ op: FRAME.SEND, message: { type: TO_WORKER.FILE, name, bytes }, transfer }, transfer);
    }, (error) => this._fail(`Python's files could not be loaded: ${error}`, error));
    send('wheel', startup.wheel);
    send('wasm', startup.wasm);
    send('stdlib', startup.stdlib);
    if (expected) {
      // Handed over as soon as it is read, its sha256 checked meanwhile: the worker restores
      // it only after snapshot-check {matches: true}; else (or null) it starts afresh.
      const found = startup.snapshot.then((snapshot) => {
        this.snapshotKey = snapshot?.key ?? null;
        return snapshot;
      });
      send('snapshot', found.then((snapshot) => snapshot?.bytes ?? null));
      found.then((snapshot) => snapshot?.matches ?? false).then((matches) => {
        this._op({ op: FRAME.SEND, message: { type: TO_WORKER.FILE, name: 'snapshot-check', matches } });
      });
    }
  }

  _fromFrame(message) {
    if (message?.type === FROM_FRAME.WORKER_ERROR) {
      this.onerror?.({ message: message.message, preventDefault() {} });
    }
  }

  _fromWorker(message) {
    if (this._terminated || !message) return;
    switch (message.type) {
      case FROM_WORKER.BOOTED:
        performance.mark('asyncio-playground:worker-booted');
        return;
      case FROM_WORKER.FILE_REQUEST:
        this.files.requested(String(message.path)).then(
          ({ status, contentType, bytes }) => this._op({
            op: FRAME.SEND, message: { type: TO_WORKER.FILE, id: message.id, status, contentType, bytes }, transfer: [bytes],
          }, [bytes]),
          (error) => this._op({ op: FRAME.SEND, message: { type: TO_WORKER.FILE, id: message.id, error: String(error.message ?? error) } }),
        );
        return;
      case FROM_WORKER.SNAPSHOT:
        // Only from a Python this page started cold and has sent no program to.
        if (this._snapshots && this.runsSent === 0 && message.bytes instanceof ArrayBuffer) {
          this._snapshots = false;
          this.files.saveSnapshot(message.bytes, message.size).catch((error) => {
            console.warn('asyncio-playground: could not store the warm-start snapshot:', error);
          });
        }
        return;
      case FROM_WORKER.SNAPSHOT_FAILED:
        this.files.dropSnapshot(this.snapshotKey).catch(() => {});
        return;
      default:
        this._deliver(message);
    }
  }

  /**
   * True while the page still wants a warm-start snapshot from this Python (none stored,
   * none accepted yet). Once it has run a program it never offers one (worker.js).
   */
  get snapshotWanted() {
    return this._snapshots && this.files?.cachesUsable === true;
  }

  signal(signal) {
    this._op({ op: FRAME.SIGNAL, signal });
  }

  stopFlag() {
    this._op({ op: FRAME.STOP_FLAG });
  }

  clearSignals() {
    this._op({ op: FRAME.CLEAR });
  }

  mail(message) {
    this._op({ op: FRAME.MAIL, message });
  }

  mailReset() {
    this._op({ op: FRAME.MAIL_RESET });
  }

  /** The paused loop's next command (protocol.js INSPECT_COMMANDS | line << 4). */
  command(value) {
    this._op({ op: FRAME.COMMAND, value });
  }

  terminate() {
    if (this._terminated) return;
    this._terminated = true;
    this._events.close();
    this._frame.close();
    this.iframe.remove(); // its worker goes with it
  }
}

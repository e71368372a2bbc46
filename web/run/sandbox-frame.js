/**
 * The runner frame's script: the one script of the sandboxed iframe that hosts Python.
 *
 * run/sandbox.js writes it into the frame's srcdoc (build.py bundles it, and puts its
 * sha256 in the pages' Content-Security-Policy). The frame has an opaque origin, so
 * nothing that runs in it, or in the worker it starts, can reach the site's storage,
 * caches or service worker; its CSP lets it fetch nothing.
 *
 * It starts the worker from the bytes the page hands over (a classic worker from a
 * blob: URL: an opaque origin cannot start one from the site's URLs; WebKit starts none
 * from blob: there, so then from a data: URL, which Chromium would not isolate), gives it its
 * private ports, and owns the shared buffers, which the page (another origin now)
 * cannot share: it writes them when the page asks (FRAME in protocol.js). Messages the
 * worker posts to the frame itself (a program's `js.postMessage`) are ignored.
 *
 * It compiles the wasm binary itself, while the worker still parses its script (1 MB,
 * Pyodide included), and hands the worker the compiled module (the bytes where an
 * engine cannot post one).
 */
import { CONTROL, FRAME, FROM_FRAME, SIGINT, TO_WORKER } from '../protocol.js';
import { MailboxWriter, createMailboxBuffer } from './mailbox.js';

let started = false;

/** A worker running `source` that has said it is alive (worker.js posts 'alive' first). */
function startWorker(source) {
  const blob = new Blob([source], { type: 'text/javascript' });
  const attempt = (url) => new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.onmessage = ({ data }) => (data?.type === 'alive' ? resolve(worker) : undefined);
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(event.message || 'the worker script did not start'));
    };
  });
  const asDataUrl = () => new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  return attempt(URL.createObjectURL(blob)).catch(() => asDataUrl().then(attempt));
}

/** FILE {name: 'wasm', bytes} goes on as {module}, compiled here; as it came if that fails. */
function sendWasm(port, message) {
  const asItCame = () => port.postMessage(message, [message.bytes]); // the worker's Pyodide says why
  WebAssembly.compile(message.bytes).then((module) => {
    try {
      port.postMessage({ type: message.type, name: message.name, module });
    } catch {
      asItCame(); // an engine that cannot post a module: the worker compiles the bytes
    }
  }, asItCame);
}

async function start({ data, ports: [events, commands] }) {
  started = true;
  const shared = typeof SharedArrayBuffer === 'function' && self.crossOriginIsolated;
  const sab = shared ? new SharedArrayBuffer(CONTROL.LENGTH * 4) : null;
  const control = sab ? new Int32Array(sab) : null;
  const mailboxBuffer = sab ? createMailboxBuffer() : null;
  const mailbox = mailboxBuffer ? new MailboxWriter(mailboxBuffer, control) : null;
  // The page's messages are taken at once: the worker's port keeps them until it listens.
  const toWorker = new MessageChannel();
  commands.onmessage = ({ data: op }) => {
    switch (op.op) {
      case FRAME.SEND:
        if (op.message?.type === TO_WORKER.FILE && op.message.name === 'wasm' && op.message.bytes) {
          sendWasm(toWorker.port1, op.message);
        } else {
          toWorker.port1.postMessage(op.message, op.transfer ?? []);
        }
        break;
      case FRAME.SIGNAL:
        if (!control) break;
        Atomics.store(control, CONTROL.STOP, 1);
        Atomics.store(control, CONTROL.SIGNAL, op.signal ?? SIGINT);
        Atomics.add(control, CONTROL.WAKE, 1);
        Atomics.notify(control, CONTROL.WAKE);
        break;
      case FRAME.STOP_FLAG:
        if (control) Atomics.store(control, CONTROL.STOP, 1);
        break;
      case FRAME.CLEAR:
        if (!control) break;
        Atomics.store(control, CONTROL.SIGNAL, 0);
        Atomics.store(control, CONTROL.STOP, 0);
        Atomics.store(control, CONTROL.COMMAND, 0);
        break;
      case FRAME.COMMAND:
        if (!control) break;
        Atomics.store(control, CONTROL.COMMAND, op.value | 0);
        Atomics.add(control, CONTROL.WAKE, 1);
        Atomics.notify(control, CONTROL.WAKE);
        break;
      case FRAME.MAIL:
        mailbox?.send(op.message);
        break;
      case FRAME.MAIL_RESET:
        mailbox?.reset();
        break;
      default:
        break;
    }
  };
  let worker;
  try {
    worker = await startWorker(data.source);
  } catch (error) {
    commands.postMessage({ type: FROM_FRAME.WORKER_ERROR, message: error.message });
    return;
  }
  worker.onmessage = () => {}; // a program's own postMessage: not the runtime's, ignored
  worker.onerror = (event) => {
    event.preventDefault();
    commands.postMessage({ type: FROM_FRAME.WORKER_ERROR, message: event.message || '' });
  };
  worker.postMessage(
    { events, commands: toWorker.port2, indexURL: data.indexURL, control: sab, mailbox: mailboxBuffer },
    [events, toWorker.port2],
  );
}

addEventListener('message', (event) => {
  if (started || event.source !== parent || event.data?.op !== FRAME.START || event.ports.length !== 2) return;
  start(event);
});

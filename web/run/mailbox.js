/**
 * The server panel's mailbox: how requests reach a program that is busy running.
 *
 * The worker runs Python synchronously, so it cannot receive postMessage during a run.
 * The page writes a batch of request messages (one JSON list) into a SharedArrayBuffer
 * laid out as MAILBOX (protocol.js), then wakes the worker's blocking wait through the
 * control buffer; the worker takes the batch when its event loop looks for requests.
 */
import { CONTROL, MAILBOX } from '../protocol.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const RETRY_MS = 10; // when Atomics.waitAsync is missing

/** A new mailbox buffer, or null when the page cannot share memory with the worker. */
export function createMailboxBuffer() {
  const isolated = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated;
  return isolated ? new SharedArrayBuffer(MAILBOX.HEADER_BYTES + MAILBOX.BYTES) : null;
}

/** The page's side: queues messages and writes them whenever the mailbox is free. */
export class MailboxWriter {
  /** buffer: from createMailboxBuffer(); control: the control buffer's Int32Array. */
  constructor(buffer, control) {
    this.buffer = buffer;
    this._header = new Int32Array(buffer, 0, MAILBOX.HEADER_BYTES / 4);
    this._bytes = new Uint8Array(buffer, MAILBOX.HEADER_BYTES);
    this._control = control;
    this._queue = [];
    this._waiting = false;
  }

  /** Empties the mailbox and the queue (between runs, while the worker does not read). */
  reset() {
    this._queue = [];
    Atomics.store(this._header, MAILBOX.WRITTEN, 0);
    Atomics.store(this._header, MAILBOX.TAKEN, 0);
    Atomics.store(this._header, MAILBOX.LENGTH, 0);
  }

  /** Bytes one message takes in the mailbox (a batch holds at most MAILBOX.BYTES). */
  static size(message) {
    return encoder.encode(JSON.stringify([message])).length;
  }

  /** Queues `message` for the worker; it is written as soon as the mailbox is free. */
  send(message) {
    this._queue.push(message);
    this._flush();
  }

  _flush() {
    if (!this._queue.length || this._waiting) return;
    const written = Atomics.load(this._header, MAILBOX.WRITTEN);
    if (written !== Atomics.load(this._header, MAILBOX.TAKEN)) {
      this._waitUntilTaken(written);
      return;
    }
    let batch = this._queue.length;
    let bytes = encoder.encode(JSON.stringify(this._queue));
    while (bytes.length > MAILBOX.BYTES && batch > 1) {
      batch = Math.ceil(batch / 2);
      bytes = encoder.encode(JSON.stringify(this._queue.slice(0, batch)));
    }
    this._queue.splice(0, batch);
    this._bytes.set(bytes.subarray(0, MAILBOX.BYTES));
    Atomics.store(this._header, MAILBOX.LENGTH, Math.min(bytes.length, MAILBOX.BYTES));
    Atomics.add(this._header, MAILBOX.WRITTEN, 1);
    Atomics.add(this._control, CONTROL.WAKE, 1);
    Atomics.notify(this._control, CONTROL.WAKE);
    if (this._queue.length) this._flush();
  }

  _waitUntilTaken(written) {
    this._waiting = true;
    const again = () => {
      this._waiting = false;
      this._flush();
    };
    const taken = Atomics.load(this._header, MAILBOX.TAKEN);
    if (typeof Atomics.waitAsync === 'function' && taken !== written) {
      const result = Atomics.waitAsync(this._header, MAILBOX.TAKEN, taken);
      if (result.async) result.value.then(again);
      else again();
    } else {
      setTimeout(again, RETRY_MS);
    }
  }
}

/** The worker's side: the pending batch as a JSON string (emptying the mailbox), or null. */
export function takeMail(buffer) {
  const header = new Int32Array(buffer, 0, MAILBOX.HEADER_BYTES / 4);
  const written = Atomics.load(header, MAILBOX.WRITTEN);
  if (written === Atomics.load(header, MAILBOX.TAKEN)) return null;
  const length = Atomics.load(header, MAILBOX.LENGTH);
  // slice() copies out of shared memory: TextDecoder does not read shared buffers.
  const text = decoder.decode(new Uint8Array(buffer, MAILBOX.HEADER_BYTES, length).slice());
  Atomics.store(header, MAILBOX.TAKEN, written);
  Atomics.notify(header, MAILBOX.TAKEN);
  return text;
}

/** True while a batch waits for the worker. */
export function hasMail(buffer) {
  const header = new Int32Array(buffer, 0, MAILBOX.HEADER_BYTES / 4);
  return Atomics.load(header, MAILBOX.WRITTEN) !== Atomics.load(header, MAILBOX.TAKEN);
}

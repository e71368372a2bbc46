/**
 * Reads the site's files from Cache Storage and checks their sha256 off the page's thread.
 *
 * Chromium's crypto.subtle.digest runs on the calling thread: the memory snapshot's
 * 31 MB held the page's main thread 50–150 ms, the wasm binary's 9.6 MB a third of that,
 * while the page was parsing its own script. So the page hands these checks to a worker
 * of its own (CacheCheck): same origin, so it sees the page's caches; no program ever runs
 * there. It starts from this file's bundle (build.py defines CACHE_CHECK_SCRIPT); where it
 * cannot start, the same function (answer) runs on the page. Asks and their replies:
 *
 *   {op: 'read', prefix, url, size, sha256}   the first copy of `url` in the caches whose
 *       name starts with `prefix` that has this size and sha256 → {bytes} (null: none)
 *   {op: 'early', prefix, url, sha256}        the first copy at once → {bytes} (a copy, or
 *       null), then → {matches}: whoever uses the bytes waits for `matches`
 *   {op: 'digest', bytes}                     → {hex}
 *
 * The last reply of an ask has `done: true`.
 */

/* global CACHE_CHECK_SCRIPT */

export async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function* copies(prefix, url) {
  for (const name of (await caches.keys()).filter((cacheName) => cacheName.startsWith(prefix))) {
    const response = await (await caches.open(name)).match(url, { ignoreVary: true });
    if (response) yield await response.arrayBuffer();
  }
}

/** Answers one ask (see above) with post(reply, transfer); never throws. */
export async function answer(ask, post) {
  if (ask.op === 'digest') {
    post({ hex: await sha256Hex(ask.bytes).catch(() => null), done: true });
    return;
  }
  try {
    for await (const bytes of copies(ask.prefix, ask.url)) {
      if (ask.size != null && bytes.byteLength !== ask.size) continue;
      if (ask.op === 'early') {
        post({ bytes }); // a copy (not transferred): it goes on while this one is checked
        post({ matches: (await sha256Hex(bytes)) === ask.sha256, done: true });
        return;
      }
      if ((await sha256Hex(bytes)) === ask.sha256) {
        post({ bytes, done: true }, [bytes]);
        return;
      }
    }
  } catch { /* unreadable: as if not cached */ }
  post({ bytes: null, ...(ask.op === 'early' ? { matches: false } : {}), done: true });
}

/** The page's side: one checking worker, started on the first ask. */
export class CacheCheck {
  constructor(script = typeof CACHE_CHECK_SCRIPT === 'string' ? CACHE_CHECK_SCRIPT : null) {
    this._script = script;
    this._worker = undefined; // undefined: not tried yet; null: none, answered here
    this._waiting = new Map(); // id -> {ask, onReply}
    this._seq = 0;
  }

  _start() {
    if (this._worker !== undefined) return this._worker;
    this._worker = null;
    if (!this._script || typeof Worker !== 'function') return null;
    try {
      this._worker = new Worker(URL.createObjectURL(new Blob([this._script], { type: 'text/javascript' })));
    } catch {
      return null;
    }
    this._worker.onmessage = ({ data: { id, ...reply } }) => {
      const waiting = this._waiting.get(id);
      if (reply.done) this._waiting.delete(id);
      waiting?.onReply(reply);
    };
    this._worker.onerror = (event) => { // it could not start (a policy, an engine): here, then
      event.preventDefault?.();
      this._worker.terminate();
      this._worker = null;
      for (const { ask, onReply } of this._waiting.values()) answer(ask, onReply);
      this._waiting.clear();
    };
    return this._worker;
  }

  /**
   * onReply(reply) for each reply to `ask` (see above); `here`: on the page (a small file,
   * quicker than the trip to the worker and back, the worker's start included).
   */
  ask(ask, onReply, { here = false } = {}) {
    const worker = here ? null : this._start();
    if (!worker) {
      answer(ask, onReply);
      return;
    }
    const id = ++this._seq;
    this._waiting.set(id, { ask, onReply });
    worker.postMessage({ id, ...ask }); // digest's bytes go as a copy: the page still stores them
  }

  /** The last reply to `ask`. */
  last(ask, options = {}) {
    return new Promise((resolve) => this.ask(ask, (reply) => reply.done && resolve(reply), options));
  }
}

/** In the checking worker: each message is {id, ...ask}; each reply goes back with its id. */
if (typeof WorkerGlobalScope === 'function' && self instanceof WorkerGlobalScope) {
  self.onmessage = ({ data: { id, ...ask } }) => answer(ask, (reply, transfer = []) => self.postMessage({ id, ...reply }, transfer));
}

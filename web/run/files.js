/**
 * The files Python's worker needs, fetched by the page and handed over as bytes.
 *
 * The worker runs on an opaque origin (run/sandbox.js): the site's service worker does
 * not see its requests, and it has no Cache Storage. So the page fetches what it needs
 * (through the service worker: offline and warm starts keep working) and keeps the
 * memory snapshot in its own cache:
 *
 * - start-up: worker.js, the wasm binary, the standard library, the lock file and the
 *   runtime wheel, fetched in parallel; later files (aiohttp's wheels) on request.
 * - the memory snapshot (warm start): stored only when a worker the page started cold,
 *   and sent no program to, offers one; stored under a name that holds its sha256, and
 *   checked against it before it is handed to a worker. One entry, keyed by Pyodide's
 *   version and the runtime wheel's sha256; the service worker drops them all on deploy.
 * - first visit (no service worker yet): the wasm and the standard library are also
 *   copied to a staging cache that sw.js adopts when it installs (no second download).
 */

/* global PYODIDE_VERSION, STARTUP_BYTES */
const PYODIDE = typeof PYODIDE_VERSION === 'string' ? PYODIDE_VERSION : 'dev'; // build.py defines it
/** {path: bytes} of the start-up files (build.py), for the loading bar's total. */
const SIZES = typeof STARTUP_BYTES === 'object' ? STARTUP_BYTES : {};
const RUNTIME_PACKAGE = 'asyncio-playground';
/** Bump when what a snapshot holds changes without the wheel changing (load options). */
const SNAPSHOT_FORMAT = 3;
const STAGED_FILES = ['pyodide.asm.wasm', 'python_stdlib.zip'];
/** A path a worker may ask for: segments of names, no '..', no query (checked again as a URL). */
const SITE_PATH = /^(?:[A-Za-z0-9_][A-Za-z0-9_.+-]*\/)*[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

export async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class RunnerFiles {
  /** base: the site's folder (where worker.js and pyodide/ are). */
  constructor(base) {
    this.base = new URL('./', base).href;
    this.indexURL = new URL('pyodide/', this.base).href;
    const scope = new URL(this.base).pathname;
    this.snapshotCache = `asyncio-playground-snapshot:${scope}`;
    this.stagingCache = `asyncio-playground-staging:${scope}`;
    this._lock = null;
  }

  /** The page may keep snapshots: it has Cache Storage and is the site's own origin. */
  get cachesUsable() {
    return typeof caches === 'object' && globalThis.location?.origin === new URL(this.base).origin;
  }

  lock() {
    this._lock ??= fetchOk(new URL('pyodide-lock.json', this.indexURL)).then((response) => response.json());
    this._lock.catch(() => { this._lock = null; });
    return this._lock;
  }

  async runtimeSpec() {
    const spec = (await this.lock()).packages?.[RUNTIME_PACKAGE];
    if (!spec) throw new Error(`pyodide-lock.json does not list ${RUNTIME_PACKAGE}`);
    return spec;
  }

  /**
   * Bytes of `url`, counted into `progress` as they arrive; with `staging`, a copy goes
   * to the staging cache for sw.js.
   */
  async _bytes(url, { staging = null, progress = null } = {}) {
    const response = await fetchOk(url);
    let blob;
    if (progress && response.body) {
      const reader = response.body.getReader();
      const chunks = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        progress.add(value.byteLength);
      }
      blob = new Blob(chunks);
    } else {
      blob = await response.blob();
      progress?.add(blob.size);
    }
    if (staging && response.type === 'basic') {
      const { status, statusText, headers } = response;
      staging.then((cache) => cache.put(url, new Response(blob, { status, statusText, headers }))).catch(() => {});
    }
    return blob.arrayBuffer();
  }

  /**
   * What a worker needs to start, each as a promise, all fetched at once so Python can
   * start on the first ones while the others still come: {source, lock, wheel, wasm,
   * stdlib, snapshot ({key, bytes} or null), snapshotExpected (resolves true when a
   * snapshot is stored under this runtime's name: its bytes are checked after)}.
   * onProgress({loaded, total}): bytes received so far.
   */
  startup({ snapshots, onProgress = null }) {
    const keep = snapshots && this.cachesUsable;
    // A first visit: the service worker is not caching for us yet.
    const firstVisit = keep && !globalThis.navigator?.serviceWorker?.controller;
    const staging = firstVisit ? caches.open(this.stagingCache) : null;
    const total = Object.values(SIZES).reduce((sum, size) => sum + size, 0);
    let loaded = 0;
    const progress = onProgress && {
      add(bytes) {
        loaded += bytes;
        onProgress({ loaded, total: Math.max(total, loaded) });
      },
    };
    const source = this._bytes(new URL('worker.js', this.base).href, { progress }).catch((error) => {
      throw Object.assign(error, { workerScript: true }); // reported as the worker's own failure
    });
    const spec = this.runtimeSpec();
    const listed = keep ? spec.then((s) => this.snapshotListed(s)).catch(() => null) : Promise.resolve(null);
    const all = {
      source,
      lock: this.lock(),
      wasm: this._bytes(new URL(STAGED_FILES[0], this.indexURL).href, { staging, progress }),
      stdlib: this._bytes(new URL(STAGED_FILES[1], this.indexURL).href, { staging, progress }),
      wheel: spec.then((s) => this._bytes(new URL(s.file_name, this.indexURL).href, { progress })),
      snapshotExpected: listed.then(Boolean),
      snapshot: listed.then((request) => (request ? this.verifiedSnapshot(request) : null)).catch(() => null),
    };
    for (const promise of Object.values(all)) promise.catch(() => {}); // each is awaited by its user
    return all;
  }

  /**
   * A file of the site that a worker asked for (a wheel, a data file): {status, contentType,
   * bytes}. Only GETs of the site's own folder (what the page could read anyway), fetched
   * here, so the service worker serves them (offline too); wheels only if the lock lists them.
   */
  async requested(path) {
    const url = new URL(path, this.base);
    if (!SITE_PATH.test(path) || !url.href.startsWith(this.base)) throw new Error(`${path} is not a file of the playground`);
    if (url.href.startsWith(this.indexURL)) {
      const name = url.href.slice(this.indexURL.length);
      const lock = await this.lock();
      if (!Object.values(lock.packages ?? {}).some((spec) => spec.file_name === name)) {
        throw new Error(`${path} is not a file of the playground`);
      }
    }
    const response = await fetch(url.href);
    return { status: response.status, contentType: response.headers.get('Content-Type'), bytes: await response.arrayBuffer() };
  }

  _snapshotPrefix(spec) {
    return new URL(`snapshot-${PYODIDE}-${spec.sha256}-${SNAPSHOT_FORMAT}-`, this.base).href;
  }

  /** The cache request of the snapshot stored for this runtime, or null (other entries are dropped). */
  async snapshotListed(spec) {
    const cache = await caches.open(this.snapshotCache);
    const prefix = this._snapshotPrefix(spec);
    let found = null;
    for (const request of await cache.keys()) {
      if (request.url.startsWith(prefix) && !found) found = request;
      else await cache.delete(request); // stale or a second one
    }
    return found;
  }

  /** {key, bytes} of the snapshot stored as `request` if its bytes match its name's sha256, else null (dropped). */
  async verifiedSnapshot(request) {
    const cache = await caches.open(this.snapshotCache);
    const response = await cache.match(request);
    const bytes = response ? await response.arrayBuffer() : null;
    performance.mark('asyncio-playground:snapshot-read'); // marks: DevTools' Performance panel
    const digest = request.url.slice(request.url.lastIndexOf('-') + 1, -'.bin'.length);
    const matches = bytes && (await sha256Hex(bytes)) === digest;
    performance.mark('asyncio-playground:snapshot-checked');
    if (matches) return { key: request.url, bytes };
    await cache.delete(request); // tampered with, or cut short
    return null;
  }

  /** Keeps `bytes` as the snapshot for this runtime (replacing any other). */
  async saveSnapshot(bytes) {
    if (!this.cachesUsable) return false;
    const spec = await this.runtimeSpec();
    const key = `${this._snapshotPrefix(spec)}${await sha256Hex(bytes)}.bin`;
    const cache = await caches.open(this.snapshotCache);
    for (const request of await cache.keys()) await cache.delete(request);
    await cache.put(key, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
    return true;
  }

  async dropSnapshot(key) {
    if (key && this.cachesUsable) await (await caches.open(this.snapshotCache)).delete(key);
  }
}

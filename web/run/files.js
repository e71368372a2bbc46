/**
 * The files Python's worker needs, fetched by the page and handed over as bytes.
 *
 * The worker runs on an opaque origin (run/sandbox.js): the site's service worker does
 * not see its requests, and it has no Cache Storage. So the page fetches what it needs
 * (through the service worker: offline and warm starts keep working) and keeps the
 * memory snapshot in its own cache:
 *
 * - start-up: worker.js, the wasm binary, the standard library, the lock file and the
 *   runtime wheel, all at once; later files (aiohttp's wheels) on request. Once a service
 *   worker controls the page, the page reads them from its cache itself (no trip through
 *   the service worker, which checks every copy it serves) and takes a copy only if it has
 *   the size and sha256 the build wrote into this module (STARTUP_FILES); else it fetches.
 * - the memory snapshot (warm start): stored only when a worker the page started cold,
 *   and sent no program to, offers one; stored under a name that holds its sha256 (and
 *   its heap's size), and checked against it while it is handed to a worker, which
 *   restores it only once it matched. One entry, keyed by Pyodide's
 *   version and the runtime wheel's sha256; the service worker drops them all on deploy.
 * - first visit (no service worker yet): the wasm and the standard library are also
 *   copied to a staging cache that sw.js adopts when it installs (no second download).
 */

import { CacheCheck } from './cache-check.js';

/* global PYODIDE_VERSION, STARTUP_FILES */
const PYODIDE = typeof PYODIDE_VERSION === 'string' ? PYODIDE_VERSION : 'dev'; // build.py defines it
/**
 * The start-up files, {source, lock, wasm, stdlib, wheel: {path, size, sha256}}, written
 * by build.py (tools/site.py): where they are, the loading bar's total, and the only bytes
 * taken from the cache. Unbuilt (no define): the default paths, fetched, unchecked.
 */
const BUILT = typeof STARTUP_FILES === 'object' ? STARTUP_FILES : null;
const STARTUP = BUILT ?? {
  source: { path: 'worker.js' },
  lock: { path: 'pyodide/pyodide-lock.json' },
  wasm: { path: 'pyodide/pyodide.asm.wasm' },
  stdlib: { path: 'pyodide/python_stdlib.zip' },
};
const RUNTIME_PACKAGE = 'asyncio-playground';
/** Bump when what a snapshot holds changes without the wheel changing (load options). */
const SNAPSHOT_FORMAT = 5; // 4: the heap's size in the name; 5: packed (run/sparse-snapshot.js)
/** Start-up files under this size are checked on the page (a few ms), bigger ones by a worker (run/cache-check.js). */
const CHECKED_HERE = 4e6;
/** A stored snapshot's name ends in -<heap size>-<sha256 of the stored bytes>.bin. */
function snapshotName(url) {
  const [size, sha256] = url.slice(0, -'.bin'.length).split('-').slice(-2);
  return { size: Number(size) || 0, sha256 };
}
/** A path a worker may ask for: segments of names, no '..', no query (checked again as a URL). */
const SITE_PATH = /^(?:[A-Za-z0-9_][A-Za-z0-9_.+-]*\/)*[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

export class RunnerFiles {
  /** base: the site's folder (where worker.js and pyodide/ are). */
  constructor(base) {
    this.base = new URL('./', base).href;
    this.indexURL = new URL('pyodide/', this.base).href;
    const scope = new URL(this.base).pathname;
    this.snapshotCache = `asyncio-playground-snapshot:${scope}`;
    this.stagingCache = `asyncio-playground-staging:${scope}`;
    this.siteCachePrefix = `asyncio-playground:${scope}:`; // sw.js's caches, one per build
    this._lock = null;
    this.check = new CacheCheck(); // sha256s off the page's thread
  }

  /** The page may keep snapshots: it has Cache Storage and is the site's own origin. */
  get cachesUsable() {
    return typeof caches === 'object' && globalThis.location?.origin === new URL(this.base).origin;
  }

  /** The page reads start-up files from sw.js's cache: it controls the page, so its cache is full. */
  get _cacheFirst() {
    return Boolean(BUILT && this.cachesUsable && globalThis.navigator?.serviceWorker?.controller);
  }

  lock(fromCache = this._cacheFirst) {
    this._lock ??= this._bytes(STARTUP.lock, { fromCache }).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)));
    this._lock.catch(() => { this._lock = null; });
    return this._lock;
  }

  /** The runtime wheel's {path, sha256}: the build's, else the lock's (unbuilt). */
  async runtimeWheel() {
    if (STARTUP.wheel) return STARTUP.wheel;
    const spec = (await this.lock()).packages?.[RUNTIME_PACKAGE];
    if (!spec) throw new Error(`pyodide-lock.json does not list ${RUNTIME_PACKAGE}`);
    return { path: `pyodide/${spec.file_name}`, sha256: spec.sha256 };
  }

  /**
   * The bytes of start-up `file` in sw.js's caches if a copy there is the build's, else
   * null: not cached yet, another build's, or altered (then the network, through sw.js).
   */
  async _cached({ path, size, sha256 }) {
    const url = new URL(path, this.base).href;
    const ask = { op: 'read', prefix: this.siteCachePrefix, url, size, sha256 };
    return (await this.check.last(ask, { here: size < CHECKED_HERE })).bytes;
  }

  /**
   * Bytes of start-up `file`: from sw.js's cache (`fromCache`), else fetched and counted
   * into `progress` as they arrive; with `staging`, a copy goes to the staging cache for sw.js.
   */
  async _bytes(file, { fromCache = false, staging = null, progress = null } = {}) {
    const cached = fromCache ? await this._cached(file).catch(() => null) : null;
    if (cached) {
      progress?.add(cached.byteLength);
      return cached;
    }
    const url = new URL(file.path, this.base).href;
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
   * stdlib, snapshot ({key, bytes, matches} or null), snapshotSize (the size of the snapshot
   * stored under this runtime's name, from that name, else 0: its bytes are checked after)}.
   * onProgress({loaded, total}): bytes received so far.
   */
  startup({ snapshots, onProgress = null }) {
    const keep = snapshots && this.cachesUsable;
    const fromCache = this._cacheFirst;
    // A first visit: the service worker is not caching for us yet.
    const firstVisit = keep && !globalThis.navigator?.serviceWorker?.controller;
    const staging = firstVisit ? caches.open(this.stagingCache) : null;
    const total = Object.values(STARTUP).reduce((sum, file) => sum + (file.size ?? 0), 0);
    let loaded = 0;
    const progress = onProgress && {
      add(bytes) {
        loaded += bytes;
        onProgress({ loaded, total: Math.max(total, loaded) });
      },
    };
    const source = this._bytes(STARTUP.source, { fromCache, progress }).catch((error) => {
      throw Object.assign(error, { workerScript: true }); // reported as the worker's own failure
    });
    const wheel = this.runtimeWheel();
    // Named after the build's wheel sha256: looked up at once, not after the lock file.
    const listed = keep ? wheel.then((w) => this.snapshotListed(w.sha256)).catch(() => null) : Promise.resolve(null);
    const all = {
      source,
      lock: this.lock(fromCache),
      wasm: this._bytes(STARTUP.wasm, { fromCache, staging, progress }),
      stdlib: this._bytes(STARTUP.stdlib, { fromCache, staging, progress }),
      wheel: wheel.then((w) => this._bytes(w, { fromCache, progress })),
      snapshotSize: listed.then((request) => (request ? snapshotName(request.url).size : 0)),
      snapshot: listed.then((request) => (request ? this.readSnapshot(request) : null)).catch(() => null),
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

  _snapshotPrefix(wheelSha256) {
    return new URL(`snapshot-${PYODIDE}-${wheelSha256}-${SNAPSHOT_FORMAT}-`, this.base).href;
  }

  /** The cache request of the snapshot stored for this runtime, or null (other entries are dropped). */
  async snapshotListed(wheelSha256) {
    const cache = await caches.open(this.snapshotCache);
    const prefix = this._snapshotPrefix(wheelSha256);
    let found = null;
    for (const request of await cache.keys()) {
      if (request.url.startsWith(prefix) && !found) found = request;
      else await cache.delete(request); // stale or a second one
    }
    return found;
  }

  /**
   * {key, bytes, matches} of the snapshot stored as `request`, or null: `matches` resolves
   * true if its bytes have the sha256 in its name, else false (then it is dropped). The
   * checking worker (cache-check.js) posts a copy of the bytes at once, then hashes its
   * own, so they are handed over while it runs; the worker restores them only once
   * `matches` has said true (sandbox.js, worker.js).
   */
  readSnapshot(request) {
    const { sha256 } = snapshotName(request.url);
    let checked;
    const matches = new Promise((resolve) => { checked = resolve; });
    return new Promise((resolve) => {
      this.check.ask({ op: 'early', prefix: this.snapshotCache, url: request.url, sha256 }, (reply) => {
        if ('bytes' in reply) { // marks: DevTools' Performance panel
          performance.mark('asyncio-playground:snapshot-read');
          resolve(reply.bytes && { key: request.url, bytes: reply.bytes, matches });
        }
        if ('matches' in reply) {
          performance.mark('asyncio-playground:snapshot-checked');
          if (reply.matches) checked(true);
          else { // tampered with, or cut short: dropped
            caches.open(this.snapshotCache).then((cache) => cache.delete(request)).catch(() => {}).then(() => checked(false));
          }
        }
      });
    });
  }

  /** Keeps `bytes` (packed, of a heap of `size` bytes) as the snapshot for this runtime (replacing any other). */
  async saveSnapshot(bytes, size) {
    if (!this.cachesUsable || !Number.isSafeInteger(size) || size <= 0) return false;
    const { sha256 } = await this.runtimeWheel();
    const { hex } = await this.check.last({ op: 'digest', bytes });
    if (!hex) return false;
    const key = `${this._snapshotPrefix(sha256)}${size}-${hex}.bin`;
    const cache = await caches.open(this.snapshotCache);
    for (const request of await cache.keys()) await cache.delete(request);
    await cache.put(key, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
    return true;
  }

  async dropSnapshot(key) {
    if (key && this.cachesUsable) await (await caches.open(this.snapshotCache)).delete(key);
  }
}

/**
 * Starts Pyodide with the playground's runtime imported, as fast as the browser allows.
 *
 * - The runtime wheel is fetched alongside Pyodide's own files and written to the file
 *   system before Python starts, on sys.path as a zip (zipimport reads it): no
 *   loadPackage, so Pyodide's package installer is not imported at start-up.
 * - A .pth file makes site.py install asyncio_playground.fast_zipimport as Python starts:
 *   modules imported from a zip (the standard library, the runtime) are compiled once
 *   instead of twice, which takes about a fifth off Python's start-up.
 * - Warm start: after a cold start, a memory snapshot of the interpreter with the runtime
 *   imported is kept in Cache Storage (one entry, keyed by Pyodide's version and the
 *   runtime wheel's sha256). The next start restores it instead of initialising Python,
 *   then reseeds `random` (asyncio_playground.warm_start). A snapshot that fails to
 *   restore is dropped and Python starts the plain way. Off with `snapshots: false`.
 * - On a first visit, the biggest downloads (the wasm binary, the standard library) are
 *   also copied to a staging cache that the service worker (sw.js) adopts when it
 *   installs: no second download, even if the HTTP cache could not keep them.
 */
import { loadPyodide, version as pyodideVersion } from './pyodide/pyodide.mjs';

const RUNTIME_PACKAGE = 'asyncio-playground';
const RUNTIME_ZIP = '/lib/asyncio-playground.zip';
/** Imports from zips compile each module once, not twice (asyncio_playground/fast_zipimport.py). */
const FAST_ZIPIMPORT = 'asyncio_playground.fast_zipimport';
const STARTUP_PTH = 'asyncio-playground.pth';
/** Bump when what a snapshot holds changes without the wheel changing (load options). */
const SNAPSHOT_FORMAT = 2;
const SCOPE_PATH = new URL('./', import.meta.url).pathname;
const SNAPSHOT_CACHE = `asyncio-playground-snapshot:${SCOPE_PATH}`;
const STAGING_CACHE = `asyncio-playground-staging:${SCOPE_PATH}`; // read by sw.js
const STAGED_FILES = ['pyodide.asm.wasm', 'python_stdlib.zip'];

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** Snapshots live in this origin's Cache Storage: not in a worker embedded elsewhere. */
function snapshotsPossible() {
  return typeof caches === 'object' && self.origin === new URL(import.meta.url).origin;
}

/** The stored snapshot's response if it matches this runtime, else null (stale ones are dropped). */
async function findSnapshot(runtimeSpec) {
  const cache = await caches.open(SNAPSHOT_CACHE);
  const keys = await cache.keys();
  if (!keys.length) return null; // a first visit: do not wait for the lock file
  const wanted = snapshotUrl(await runtimeSpec);
  for (const request of keys) {
    if (request.url !== wanted) await cache.delete(request);
  }
  return (await cache.match(wanted)) ?? null;
}

/**
 * Copies what fetch() returns for `urls` into the staging cache, until stop().
 * issued() resolves once every copy so far is handed to the cache. Each copy is read as a
 * Blob while its file downloads and handed over whole before Python starts (load's fsInit
 * waits): the cache then stores it on its own. A copy streamed into the cache moved only
 * when this worker's thread was free, which Python's start-up keeps it from being, so it
 * was stored after ready, sometimes after the service worker had looked for it (and
 * downloaded the file again).
 */
function keepDownloads(urls) {
  const original = self.fetch;
  const cache = caches.open(STAGING_CACHE);
  const handed = [];
  self.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = new URL(input instanceof Request ? input.url : input, self.location.href).href;
    if (urls.has(url) && response.status === 200 && response.type === 'basic') {
      const { status, statusText, headers } = response;
      handed.push(Promise.all([cache, response.clone().blob()]).then(([staging, body]) => {
        staging.put(url, new Response(body, { status, statusText, headers })).catch(() => {});
      }));
    }
    return response;
  };
  return {
    stop() {
      self.fetch = original;
    },
    issued: () => Promise.allSettled(handed),
  };
}

function snapshotUrl(spec) {
  return new URL(`snapshot-${pyodideVersion}-${spec.sha256}-${SNAPSHOT_FORMAT}.bin`, import.meta.url).href;
}

async function load({ indexURL, wheel, snapshot, staging = null }) {
  return loadPyodide({
    indexURL,
    env: { PYTHONPATH: RUNTIME_ZIP },
    fsInit: async (FS, { sitePackages }) => {
      FS.writeFile(RUNTIME_ZIP, new Uint8Array(await wheel));
      await staging?.issued(); // the downloads are complete by now: Pyodide has read them
      // site.py runs this .pth line as Python starts, before Pyodide's own imports.
      FS.writeFile(`${sitePackages}/${STARTUP_PTH}`, `import ${FAST_ZIPIMPORT} as m; m.install()\n`);
    },
    ...(snapshot ? { _loadSnapshot: snapshot.arrayBuffer() } : { _makeSnapshot: true }),
  });
}

/**
 * Loads Pyodide and imports `runtimeModule`.
 * Resolves with {pyodide, runtime, restored, saveSnapshot}: call saveSnapshot() at most
 * once, before any program runs (a snapshot holds everything Python has done so far);
 * it is a no-op when the start was itself a restore.
 */
export async function startPython({ indexURL, runtimeModule, snapshots = true }) {
  performance.mark('asyncio-playground:python-start'); // marks: DevTools' Performance panel
  const runtimeSpec = fetchOk(new URL('pyodide-lock.json', indexURL))
    .then((response) => response.json())
    .then((lock) => {
      const spec = lock.packages?.[RUNTIME_PACKAGE];
      if (!spec) throw new Error(`pyodide-lock.json does not list ${RUNTIME_PACKAGE}`);
      return spec;
    });
  const wheel = runtimeSpec.then((spec) => fetchOk(new URL(spec.file_name, indexURL))).then((r) => r.arrayBuffer());
  wheel.catch(() => {}); // awaited by fsInit; a failure surfaces there
  const useSnapshots = snapshots && snapshotsPossible();
  const snapshot = useSnapshots ? await findSnapshot(runtimeSpec).catch(() => null) : null;

  // A first visit (no snapshot yet): the service worker is not caching for us yet.
  const staging = useSnapshots && !snapshot
    ? keepDownloads(new Set(STAGED_FILES.map((name) => new URL(name, indexURL).href)))
    : null;
  let pyodide = null;
  if (snapshot) {
    try {
      pyodide = await load({ indexURL, wheel, snapshot });
    } catch (error) {
      console.warn('asyncio-playground: the saved snapshot did not restore; starting Python afresh', error);
      await caches.delete(SNAPSHOT_CACHE).catch(() => {});
    }
  }
  const restored = pyodide !== null;
  try {
    pyodide ??= await load({ indexURL, wheel, snapshot: null, staging });
  } finally {
    staging?.stop();
  }
  performance.mark('asyncio-playground:python-loaded');
  if (restored) pyodide.pyimport('asyncio_playground.warm_start').after_restore();
  const runtime = pyodide.pyimport(runtimeModule);
  performance.mark('asyncio-playground:runtime-imported');

  const saveSnapshot = () => {
    if (restored || !useSnapshots) return Promise.resolve(false);
    let bytes;
    try {
      bytes = pyodide.makeMemorySnapshot(); // synchronous: nothing has run yet
    } catch (error) {
      console.warn('asyncio-playground: no warm-start snapshot:', error);
      return Promise.resolve(false);
    }
    return runtimeSpec
      .then(async (spec) => {
        const cache = await caches.open(SNAPSHOT_CACHE);
        const headers = { 'Content-Type': 'application/octet-stream' };
        await cache.put(snapshotUrl(spec), new Response(bytes, { headers }));
        return true;
      })
      .catch((error) => {
        console.warn('asyncio-playground: could not store the warm-start snapshot:', error);
        return false;
      });
  };
  return { pyodide, runtime, restored, saveSnapshot };
}

/**
 * Service worker: the second visit opens from the cache, offline too.
 *
 * build.py writes dist/sw.js with the build hash in BUILD_HASH and the build's file
 * list in MANIFEST, so each build is a new service worker with a cache of its own;
 * activating it drops the caches of earlier builds, and the memory snapshot (made by
 * the previous build's Python). "precache" files are cached at install (what a first
 * visit loads: registration waits until Python is ready, so they come from the
 * browser's HTTP cache, not the network again), "onDemand" ones when first used
 * (aiohttp's wheels, other pages).
 *
 * It trusts only the build: MANIFEST holds every listed file's sha256, written here at
 * build time. A response is stored only if its bytes match, and a cached copy is
 * checked each time before it is served (about 30 ms for the whole start-up set): one
 * that does not match is dropped and fetched again.
 *
 *   navigations (index.html, other pages)   network first; the cached copy when offline
 *   files listed in MANIFEST                cache first
 *   anything else                           untouched
 *
 * Responses are stored whole, headers included, so COOP/COEP survive and a page served
 * from the cache stays cross-origin isolated. Only complete same-origin 200s are stored.
 * A classic script (not a module): module service workers are too recent in Firefox.
 */
const BUILD_HASH = '__ASYNCIO_PLAYGROUND_BUILD_HASH__';
/** {hash, precache: [path], onDemand: [path], sha256: {path: hex}} (build.py). */
const MANIFEST = __ASYNCIO_PLAYGROUND_MANIFEST__;
const SCOPE = new URL('./', self.location.href);
const CACHE_PREFIX = `asyncio-playground:${SCOPE.pathname}:`;
const CACHE_NAME = `${CACHE_PREFIX}${BUILD_HASH}`;
/** Copies of big downloads the page's worker kept while loading (web/run/files.js). */
const STAGING_CACHE = `asyncio-playground-staging:${SCOPE.pathname}`;
/** Memory snapshots of the page's Python (web/run/files.js): made by one build only. */
const SNAPSHOT_CACHE = `asyncio-playground-snapshot:${SCOPE.pathname}`;
const INDEX_URL = new URL('index.html', SCOPE).href;
/** A navigation waits this long for the network before the cached page is used. */
const NAVIGATION_TIMEOUT_MS = 4000;

/** The absolute URL of every file this build's cache may hold -> its sha256. */
const expected = new Map(
  [...MANIFEST.precache, ...MANIFEST.onDemand].map((path) => [new URL(path, SCOPE).href, MANIFEST.sha256[path]]),
);
function cacheable(response) {
  const local = response.type === 'basic' || response.type === 'default'; // not opaque, not an error
  return response.status === 200 && local && !response.headers.has('Content-Range');
}

/** The response to store: its headers minus those of the transfer (the body is decoded). */
function storable(response) {
  const headers = new Headers(response.headers);
  for (const name of ['Content-Encoding', 'Content-Length', 'Vary']) headers.delete(name);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** True if `response` (not consumed) holds this build's bytes for `key`. */
async function genuine(key, response) {
  const digest = expected.get(key);
  return Boolean(digest) && (await sha256Hex(await response.clone().arrayBuffer())) === digest;
}

/** The page's copy of `url` (staging cache) if it is this build's file, else null. */
async function staged(staging, url) {
  const copy = await staging.match(url);
  return copy && (await genuine(url, copy)) ? copy : null;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE_NAME);
    const staging = await caches.open(STAGING_CACHE);
    await Promise.all(MANIFEST.precache.map(async (path) => {
      const url = new URL(path, SCOPE).href;
      // The page came as ./ more often than as ./index.html: that one is in the HTTP cache.
      const source = url === INDEX_URL ? SCOPE.href : url;
      // Else a revalidation (a 304 from the HTTP cache), or a download if the cache lost it.
      let fetched = (await staged(staging, url)) ?? await fetch(source, { cache: 'no-cache' });
      if (cacheable(fetched) && !(await genuine(url, fetched))) fetched = await fetch(source, { cache: 'reload' });
      if (!cacheable(fetched)) throw new Error(`${path}: HTTP ${fetched.status}`);
      // A newer build deployed meanwhile: its own service worker will install.
      if (!(await genuine(url, fetched))) throw new Error(`${path} is not this build's file`);
      await cache.put(url, storable(fetched));
    }));
    await caches.delete(STAGING_CACHE);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const stale = names.filter((name) => name.startsWith(CACHE_PREFIX) && !name.startsWith(CACHE_NAME));
    // A deploy: the snapshot holds the previous build's Python (none yet on a first visit).
    if (stale.length) stale.push(SNAPSHOT_CACHE);
    await Promise.all(stale.map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

/** The URL a request is stored under: the page itself for a navigation to a folder. */
function cacheKey(request) {
  const url = new URL(request.url);
  url.hash = '';
  if (request.mode === 'navigate') {
    url.search = '';
    if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  }
  return url.href;
}

/**
 * The cached copy of `key` if it holds this build's bytes, served from the bytes read to
 * check them (not read from the cache a second time); a copy that does not is dropped.
 */
async function fromCache(key) {
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(key, { ignoreVary: true });
  if (!cached) return undefined;
  const bytes = await cached.arrayBuffer();
  if (expected.has(key) && (await sha256Hex(bytes)) === expected.get(key)) {
    const { status, statusText, headers } = cached;
    return new Response(bytes, { status, statusText, headers });
  }
  await cache.delete(key, { ignoreVary: true });
  return undefined;
}

/** Stores a network response of a listed file if it is this build's (a copy already stored stays). */
async function remember(key, response) {
  if (!cacheable(response) || !expected.has(key)) return;
  const cache = await caches.open(CACHE_NAME);
  if (await cache.match(key, { ignoreVary: true })) return;
  const copy = storable(response);
  if (!(await genuine(key, copy))) return;
  await cache.put(key, copy);
}

async function networkFirst(event, key) {
  const network = fetch(event.request);
  network.catch(() => {}); // handled below; this only silences the unawaited copy
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, 'timeout'));
  try {
    if ((await Promise.race([network, timeout])) === 'timeout') {
      const cached = await fromCache(key);
      if (cached) return cached;
    }
    const response = await network;
    event.waitUntil(remember(key, response.clone()).catch(() => {}));
    return response;
  } catch (error) {
    const cached = await fromCache(key);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(event, key) {
  const cached = await fromCache(key);
  if (cached) return cached;
  const response = await fetch(event.request);
  event.waitUntil(remember(key, response.clone()).catch(() => {}));
  return response;
}

async function respond(event, key) {
  if (event.request.mode === 'navigate') return networkFirst(event, key);
  return cacheFirst(event, key);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('Range')) return;
  if (!request.url.startsWith(SCOPE.href)) return; // other origins, other apps
  const key = cacheKey(request);
  if (request.mode !== 'navigate' && !expected.has(key)) return;
  event.respondWith(respond(event, key));
});

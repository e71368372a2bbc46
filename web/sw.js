/**
 * Service worker: the second visit opens from the cache, offline too.
 *
 * build.py writes dist/sw.js with the build hash in BUILD_HASH, so each build is a new
 * service worker with a cache of its own; activating it drops the caches of earlier
 * builds. dist/precache.json lists the files: "precache" ones are cached at install
 * (what a first visit loads: registration waits until Python is ready, so they come
 * from the browser's HTTP cache, not the network again), "onDemand" ones when first
 * used (aiohttp's wheels, other pages).
 *
 *   navigations (index.html, other pages)   network first; the cached copy when offline
 *   files listed in precache.json           cache first
 *   anything else                           untouched
 *
 * Responses are stored whole, headers included, so COOP/COEP survive and a page served
 * from the cache stays cross-origin isolated. Only complete same-origin 200s are stored.
 * A classic script (not a module): module service workers are too recent in Firefox.
 */
const BUILD_HASH = '__ASYNCIO_PLAYGROUND_BUILD_HASH__';
const SCOPE = new URL('./', self.location.href);
const CACHE_PREFIX = `asyncio-playground:${SCOPE.pathname}:`;
const CACHE_NAME = `${CACHE_PREFIX}${BUILD_HASH}`;
/** Copies of big downloads the page's worker kept while loading (pyodide-loader.js). */
const STAGING_CACHE = `asyncio-playground-staging:${SCOPE.pathname}`;
const MANIFEST_URL = new URL('precache.json', SCOPE).href;
const INDEX_URL = new URL('index.html', SCOPE).href;
/** A navigation waits this long for the network before the cached page is used. */
const NAVIGATION_TIMEOUT_MS = 4000;

let listed = null; // Set of the absolute URLs this build's cache may hold

/** This build's precache.json, from the network at install, from the cache afterwards. */
async function loadManifest({ network = false } = {}) {
  const cache = await caches.open(CACHE_NAME);
  let response = network ? null : await cache.match(MANIFEST_URL);
  if (!response) {
    response = await fetch(MANIFEST_URL, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`precache.json: HTTP ${response.status}`);
  }
  const manifest = await response.clone().json();
  if (manifest.hash !== BUILD_HASH) {
    // A newer build was deployed meanwhile: its own service worker will install.
    throw new Error(`precache.json is for build ${manifest.hash}, this is ${BUILD_HASH}`);
  }
  listed = new Set([...manifest.precache, ...manifest.onDemand].map((path) => new URL(path, SCOPE).href));
  return { manifest, response };
}

const manifestLoaded = loadManifest().catch(() => null); // after a restart of this worker

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

async function sha256(response) {
  const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The worker's copy of `url` if it is this build's file, else null. */
async function staged(staging, url, expected) {
  const copy = expected ? await staging.match(url) : null;
  return copy && (await sha256(copy.clone())) === expected ? copy : null;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const { manifest, response } = await loadManifest({ network: true });
    const cache = await caches.open(CACHE_NAME);
    const staging = await caches.open(STAGING_CACHE);
    await Promise.all(manifest.precache.map(async (path) => {
      const url = new URL(path, SCOPE).href;
      // The page came as ./ more often than as ./index.html: that one is in the HTTP cache.
      const source = url === INDEX_URL ? SCOPE.href : url;
      // Else a revalidation (a 304 from the HTTP cache), or a download if the cache lost it.
      const fetched = (await staged(staging, url, manifest.sha256?.[path])) ?? await fetch(source, { cache: 'no-cache' });
      if (!cacheable(fetched)) throw new Error(`${path}: HTTP ${fetched.status}`);
      await cache.put(url, storable(fetched));
    }));
    await cache.put(MANIFEST_URL, storable(response)); // last: a cache with it is complete
    await caches.delete(STAGING_CACHE);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const stale = names.filter((name) => name.startsWith(CACHE_PREFIX) && !name.startsWith(CACHE_NAME));
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

async function fromCache(key) {
  const cache = await caches.open(CACHE_NAME);
  return cache.match(key, { ignoreVary: true });
}

/** Stores a network response of a listed file (a copy already stored stays). */
async function remember(key, response) {
  if (!cacheable(response) || !listed?.has(key)) return;
  const cache = await caches.open(CACHE_NAME);
  if (!(await cache.match(key, { ignoreVary: true }))) await cache.put(key, storable(response));
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
  if (!listed) await manifestLoaded;
  if (event.request.mode === 'navigate') return networkFirst(event, key);
  if (listed?.has(key)) return cacheFirst(event, key);
  return fetch(event.request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('Range')) return;
  if (!request.url.startsWith(SCOPE.href)) return; // other origins, other apps
  const key = cacheKey(request);
  if (listed && request.mode !== 'navigate' && !listed.has(key)) return;
  event.respondWith(respond(event, key));
});

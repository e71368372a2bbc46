/**
 * Registers the service worker (sw.js) that opens the second visit from the cache.
 *
 * Registration waits until Python is ready: the first visit's downloads are not slowed,
 * and the service worker then fills its cache from the browser's HTTP cache instead of
 * the network. Without service workers (an insecure origin, a private window that
 * forbids them) the page simply loads from the network every time.
 */

/**
 * @param {{after?: Promise<unknown>, url?: URL}} options  `after`: register once it resolves.
 * @returns {Promise<ServiceWorkerRegistration|null>}
 */
export function registerServiceWorker({ after = Promise.resolve(), url = new URL('./sw.js', import.meta.url) } = {}) {
  if (!('serviceWorker' in navigator) || !self.isSecureContext) return Promise.resolve(null);
  return Promise.resolve(after).then(
    () => navigator.serviceWorker.register(url, { scope: new URL('./', url).href, updateViaCache: 'none' }).catch((error) => {
      console.warn('asyncio-playground: no offline cache (service worker not registered):', error);
      return null;
    }),
    () => null, // Python did not load: nothing worth caching
  );
}

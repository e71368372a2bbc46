/**
 * Keeps the user's code safe: saved locally as they type, restored on reload.
 *
 * One draft per page (path + query, so the playground and an embed keep their own).
 * Storage may be unavailable (private mode, blocked cookies): then it does nothing.
 */

import { localStore } from '../page/storage.js';

const PREFIX = 'asyncio-playground:draft:';
const SAVE_DELAY_MS = 300;

export function createDraftStore(key = location.pathname + location.search) {
  const store = localStore();
  const name = PREFIX + key;
  let timer = null;
  let pending = null;

  const flush = () => {
    clearTimeout(timer);
    timer = null;
    if (pending === null || !store) return;
    try {
      store.setItem(name, JSON.stringify(pending));
    } catch {
      // Quota exceeded: keep the last draft that fit.
    }
    pending = null;
  };
  addEventListener('pagehide', flush);

  return {
    /** {code, exampleId} saved last, or null. */
    load() {
      if (!store) return null;
      try {
        const draft = JSON.parse(store.getItem(name));
        return draft && typeof draft.code === 'string' ? draft : null;
      } catch {
        return null;
      }
    },
    /** Saves soon (debounced); the latest call wins. */
    save(draft) {
      pending = draft;
      clearTimeout(timer);
      timer = setTimeout(flush, SAVE_DELAY_MS);
    },
    flush,
    clear() {
      pending = null;
      clearTimeout(timer);
      store?.removeItem(name);
    },
  };
}

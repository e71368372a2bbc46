// The browser's localStorage, which may be missing or throw (private mode, blocked cookies,
// sandboxed frames, a full quota). Every setting and draft goes through here; without
// storage they simply last for the page's lifetime.

/** localStorage if it works on this page, else null. */
export function localStore() {
  try {
    const store = window.localStorage;
    store.getItem('asyncio-playground:'); // throws where storage is blocked
    return store;
  } catch {
    return null;
  }
}

/** The string stored under `key`, or null (nothing stored, or no storage). */
export function readSetting(key) {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores `value` under `key` (the choice lasts for this page only if the browser refuses). */
export function writeSetting(key, value) {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // storage blocked or full
  }
}

// The reader's progress in the lesson, kept in localStorage: which exercises passed
// (and when), and the code last written in each. Without storage (private mode,
// blocked cookies) it still works for the page's lifetime.

import { localStore } from '../page/storage.js';

const KEY = 'asyncio-playground:lesson-progress';

function empty() {
  return { passed: {}, code: {} };
}

/** Progress store; onChange() runs after every change (pass, reset). */
export function createProgress({ onChange = () => {} } = {}) {
  const store = localStore();
  let state = empty();
  try {
    const saved = JSON.parse(store?.getItem(KEY) ?? 'null');
    if (saved && typeof saved === 'object') {
      state = { passed: { ...saved.passed }, code: { ...saved.code } };
    }
  } catch {
    // unreadable: start afresh
  }

  const save = () => {
    try {
      store?.setItem(KEY, JSON.stringify(state));
    } catch {
      // quota: progress lasts for this page only
    }
  };

  return {
    isPassed: (id) => Boolean(state.passed[id]),
    passedIds: () => Object.keys(state.passed),
    markPassed(id) {
      if (state.passed[id]) return;
      state.passed[id] = new Date().toISOString();
      save();
      onChange();
    },
    /** The code last written for exercise `id`, or null. */
    code: (id) => (typeof state.code[id] === 'string' ? state.code[id] : null),
    saveCode(id, code) {
      if (code === null) delete state.code[id];
      else state.code[id] = code;
      save();
    },
    reset() {
      state = empty();
      save();
      onChange();
    },
  };
}

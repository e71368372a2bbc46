// What this browser lacks for the playground, said in plain words with what it changes
// for the user: the "browser support" line under the header, and the suggestion shown
// when Python cannot load.

import { addStrings, t } from './i18n.js';
import pageStrings from './strings.js';

addStrings(pageStrings);

/**
 * What the page can tell by itself, before Python loads:
 * {isolated, sab, jspi, wasm}. `sab` means the page can share one
 * with the worker, which takes both SharedArrayBuffer and cross-origin isolation.
 */
export function detectSupport(scope = globalThis) {
  const wasm = typeof scope.WebAssembly === 'object' && typeof scope.WebAssembly.instantiate === 'function';
  return {
    isolated: !!scope.crossOriginIsolated,
    sab: typeof scope.SharedArrayBuffer === 'function' && !!scope.crossOriginIsolated,
    jspi: wasm && typeof scope.WebAssembly.Suspending === 'function',
    wasm,
  };
}

/**
 * What is missing ('isolation', 'sab', 'jspi') and the sentence that says so, from
 * {isolated, sab, jspi} (detectSupport's, or what Python's worker reported when ready).
 * The text is '' when nothing is missing.
 */
export function describeSupport({ isolated, sab, jspi }, { embedded = isEmbeddedFrame() } = {}) {
  const missing = [];
  const sentences = [];
  if (!isolated && embedded) {
    // In an iframe, isolation is the embedding page's: say that, in one short line.
    missing.push('isolation', 'sab');
    return { missing, text: t('supportEmbedNoIsolation') };
  }
  if (!isolated) {
    missing.push('isolation', 'sab');
    sentences.push(t('supportNoIsolation'));
  } else if (!sab) {
    missing.push('sab');
    sentences.push(t('supportNoSab'));
  }
  if (missing.length) sentences.push(t('supportSabEffects'));
  if (!jspi) {
    missing.push('jspi');
    sentences.push(t('supportNoJspi'));
  }
  return { missing, text: sentences.length ? `${t('supportLabel')} ${sentences.join(' ')}` : '' };
}

/** True in an iframe (a course page embeds the playground). */
function isEmbeddedFrame() {
  try {
    return globalThis.top !== globalThis.self;
  } catch {
    return true;
  }
}

/** Fills the support line: hidden when nothing is missing; data-missing lists the gaps. */
export function renderSupport(element, support) {
  const { missing, text } = describeSupport(support);
  element.textContent = text;
  element.dataset.missing = missing.join(' ');
  element.hidden = missing.length === 0;
}

/** What to suggest when Python could not load, from detectSupport's findings. */
export function loadSuggestion(support) {
  if (!support.wasm) return t('loadNoWasm');
  return t('loadRetry');
}

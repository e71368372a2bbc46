// What this browser lacks for the playground, said in plain words with what it changes
// for the user: the "browser support" line under the header, and the suggestion shown
// when Python cannot load.

import { t } from './i18n.js';

/** True when `new Worker(url, {type: 'module'})` is understood (Firefox ≥ 114, Safari ≥ 15). */
function supportsModuleWorkers() {
  let supported = false;
  const options = {
    get type() {
      supported = true; // only browsers with module workers read this option
      return 'module';
    },
  };
  try {
    // The options are read before the URL is parsed; the invalid URL then throws,
    // so no worker is ever started.
    new Worker('http://[', options).terminate();
  } catch {
    // expected
  }
  return supported;
}

/**
 * What the page can tell by itself, before Python loads:
 * {isolated, sab, jspi, moduleWorkers, wasm}. `sab` means the page can share one
 * with the worker, which takes both SharedArrayBuffer and cross-origin isolation.
 */
export function detectSupport(scope = globalThis) {
  const wasm = typeof scope.WebAssembly === 'object' && typeof scope.WebAssembly.instantiate === 'function';
  return {
    isolated: !!scope.crossOriginIsolated,
    sab: typeof scope.SharedArrayBuffer === 'function' && !!scope.crossOriginIsolated,
    jspi: wasm && typeof scope.WebAssembly.Suspending === 'function',
    moduleWorkers: typeof scope.Worker === 'function' && supportsModuleWorkers(),
    wasm,
  };
}

/**
 * What is missing ('isolation', 'sab', 'jspi') and the sentence that says so, from
 * {isolated, sab, jspi} (detectSupport's, or what Python's worker reported when ready).
 * The text is '' when nothing is missing.
 */
export function describeSupport({ isolated, sab, jspi }) {
  const missing = [];
  const sentences = [];
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
  if (!support.moduleWorkers) return t('loadNoModuleWorkers');
  return t('loadRetry');
}

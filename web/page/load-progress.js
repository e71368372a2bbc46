// The words and percentage of Python's loading progress, from the worker's progress events.
//
// An event is {stage, key?, loaded?, total?, percent?}:
//   stage    English words for the step (shown when there is no key);
//   key      the step's i18n key: stageDownload (Pyodide's wasm and standard library),
//            stageSnapshot (a memory snapshot from the cache), stageStarting (Python starts,
//            no bytes to count), stageRuntime (the playground's runtime), stageReady;
//   loaded   bytes received so far for everything this load fetches;
//   total    bytes expected in all (0 or absent while unknown);
//   percent  the worker's own estimate, used only when there are no byte counts.
// Bytes move the bar; a step without bytes (starting Python) shows an indeterminate bar.

import { addStrings, lang, t } from './i18n.js';
import pageStrings from './strings.js';

addStrings(pageStrings);

const MB = 1024 * 1024;

function megabytes(bytes) {
  return (bytes / MB).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** {text, percent} for a progress event; percent is null for an indeterminate step. */
export function describeProgress({ stage = '', key, loaded, total, percent } = {}) {
  const step = key ? t(key) : stage;
  if (key === 'stageStarting') return { text: step, percent: null }; // no bytes left to count
  const hasBytes = Number.isFinite(loaded) && loaded >= 0;
  if (hasBytes && Number.isFinite(total) && total > 0) {
    const shown = Math.min(loaded, total);
    return { text: `${step} — ${t('loadBytes', { loaded: megabytes(shown), total: megabytes(total) })}`, percent: (100 * shown) / total };
  }
  if (hasBytes && loaded > 0) return { text: `${step} — ${t('loadBytesSoFar', { loaded: megabytes(loaded) })}`, percent: null };
  if (!Number.isFinite(percent)) return { text: step, percent: null };
  return { text: step, percent };
}

// The status line in the playground's header: Python's loading step and bar, a warning or
// an error, and once Python is ready its versions, with how this page runs programs
// (which event loop, whether Stop is instant) in plain words and the details on hover.

import { addStrings, t } from './i18n.js';
import { renderSupport } from './browser-support.js';
import pageStrings from './strings.js';

addStrings(pageStrings);

/**
 * root: the status element (data-kind: loading | ready | warning | error); text, percent,
 * progress (a <progress>), mode: its parts; support: the browser support line.
 */
export function createStatusLine({ root, text, percent, progress, mode, support }) {
  /** Shows `words` (kind: loading, warning or error), with the bar at `percent` (null: indeterminate). */
  function show(words, { percent: value = null, kind = 'loading' } = {}) {
    root.dataset.kind = kind;
    root.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    root.setAttribute('aria-busy', String(kind === 'loading')); // announce the outcome, not every percent
    text.textContent = words;
    percent.textContent = value === null ? '' : `${Math.round(value)}%`;
    progress.hidden = kind !== 'loading';
    if (value !== null) progress.value = value;
    else progress.removeAttribute('value'); // indeterminate until a percent arrives
    mode.hidden = kind !== 'ready';
  }

  /** Python is ready: `info` as RunnerClient's ready resolved; `engine`, the Engine menu's. */
  function ready(info, engine) {
    show(t('ready', info), { kind: 'ready' });
    const flag = (name, on) => t('flag', { name, value: t(on ? 'yes' : 'no') });
    // Plain words for students; the technical details on hover.
    mode.textContent = [t(engine === 'webloop' ? 'loopWebLoop' : 'loopCPython'),
      t(info.sab ? 'modeStopInstant' : 'modeStopRestarts')].join(' · ');
    mode.title = [flag('JSPI', info.jspi), flag(t('isolated'), info.isolated), flag('SharedArrayBuffer', info.sab)].join(' · ');
    renderSupport(support, info);
  }

  return {
    show,
    ready,
    /** What the line shows now: loading, ready, warning or error. */
    get kind() { return root.dataset.kind; },
  };
}

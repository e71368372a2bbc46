// Which clock a run follows: real time (the default) or virtual time, where the program's clocks
// jump to the next timer when every task waits (py/asyncio_playground/engines/virtual_clock.py).
// The run option `clock` wins, else the program's first line (`# clock: virtual`), else the
// Virtual time toggle. Only the CPython loop engine has virtual time.

import { addStrings, formatSeconds, t } from '../page/i18n.js';
import runStrings from './strings.js';

addStrings(runStrings);

export const CLOCKS = Object.freeze(['real', 'virtual']);
const DIRECTIVE = /^\s*#\s*clock\s*[:=]\s*([\w-]+)\s*$/i;

/** The clock a program asks for on its first line (`# clock: virtual`), or null. */
export function clockFromCode(code) {
  const firstLine = String(code ?? '').split('\n', 1)[0];
  const name = DIRECTIVE.exec(firstLine)?.[1].toLowerCase();
  return CLOCKS.includes(name) ? name : null;
}

/** `requested` if given (one of CLOCKS), else the code's choice, else `fallback`; 'real' on the WebLoop. */
export function resolveClock(code, requested, { fallback = 'real', engine } = {}) {
  if (requested !== undefined && requested !== null && !CLOCKS.includes(requested)) {
    throw new Error(`Unknown clock ${JSON.stringify(requested)}: use 'real' or 'virtual'.`);
  }
  if (engine === 'webloop') return 'real';
  return requested ?? clockFromCode(code) ?? fallback;
}

/** The Virtual time toggle (a button with aria-pressed): its value is the clock of the next runs. */
export function createClockToggle(button) {
  const set = (on) => button.setAttribute('aria-pressed', String(on));
  button.addEventListener('click', () => set(button.getAttribute('aria-pressed') !== 'true'));
  return { get value() { return button.getAttribute('aria-pressed') === 'true' ? 'virtual' : 'real'; } };
}

/** The badge that says a run is (or was) on virtual time; hidden on real time. */
export function showClock(badge, clock) {
  badge.hidden = clock !== 'virtual';
  badge.dataset.clock = clock;
}

/** "5.00 virtual s" for a result on virtual time, else ''. */
export function describeVirtual(result) {
  if (result?.clock !== 'virtual' || typeof result.virtualMs !== 'number') return '';
  return t('virtualSeconds', { seconds: formatSeconds(result.virtualMs) });
}

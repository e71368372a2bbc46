// The editor's display preferences: line wrapping (on by default on narrow screens) and the
// code's font size (A−/A+, the editor and the console), both remembered in localStorage.

import { addStrings, onLangChange, t } from '../page/i18n.js';
import { readSetting, writeSetting } from '../page/storage.js';
import editorStrings from './strings.js';

addStrings(editorStrings);

const WRAP_KEY = 'asyncio-playground:wrap';
const SIZE_KEY = 'asyncio-playground:font-size';
export const FONT_SIZES = Object.freeze([11, 12, 13, 14, 16, 18, 20, 24]);
export const DEFAULT_FONT_SIZE = 14;
const NARROW = '(max-width: 899px)';

/** Whether lines wrap when the page opens: the reader's choice, else on for narrow screens. */
export function initialWrap() {
  const stored = readSetting(WRAP_KEY);
  return stored === null ? matchMedia(NARROW).matches : stored === 'on';
}

/**
 * Wires the wrap toggle (aria-pressed) and the A−/A+ buttons to `editor` (editor.js).
 * The size applies to the page's code text: --code-size on the root element.
 */
export function installEditorPrefs({ editor, wrapToggle, smaller, larger }) {
  let wrap = initialWrap();
  let size = Number(readSetting(SIZE_KEY));
  if (!FONT_SIZES.includes(size)) size = DEFAULT_FONT_SIZE;

  function show() {
    wrapToggle.setAttribute('aria-pressed', String(wrap));
    editor.setWrap(wrap);
    const root = document.documentElement.style; // the page's own size (embed mode's too) by default
    if (size === DEFAULT_FONT_SIZE) root.removeProperty('--code-size');
    else root.setProperty('--code-size', `${size}px`);
    smaller.disabled = size === FONT_SIZES[0];
    larger.disabled = size === FONT_SIZES[FONT_SIZES.length - 1];
    for (const button of [smaller, larger]) {
      button.title = `${t(button === smaller ? 'fontSmaller' : 'fontLarger')} (${t('fontSizeNow', { size })})`;
    }
  }

  function step(direction) {
    const next = FONT_SIZES[FONT_SIZES.indexOf(size) + direction];
    if (next === undefined) return;
    size = next;
    writeSetting(SIZE_KEY, String(size));
    show();
  }

  wrapToggle.addEventListener('click', () => {
    wrap = !wrap;
    writeSetting(WRAP_KEY, wrap ? 'on' : 'off');
    show();
  });
  smaller.addEventListener('click', () => step(-1));
  larger.addEventListener('click', () => step(1));
  show();
  onLangChange(show);
  return { refresh: show, get wrap() { return wrap; }, get size() { return size; } };
}

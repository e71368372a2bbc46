// The engine menu: CPython's own event loop (the default) or the browser's, Pyodide's
// WebLoop. The choice is remembered in localStorage; a program's first line
// (`# engine: webloop`) overrides it for that program (choice.js engineFromCode).

import { DEFAULT_ENGINE, ENGINES } from '../protocol.js';
import { addStrings, onLangChange, t } from '../page/i18n.js';
import { readSetting, writeSetting } from '../page/storage.js';
import enginesStrings from './strings.js';

addStrings(enginesStrings);

const STORAGE_KEY = 'asyncio-playground:engine';

/** The engine's name in the UI language. */
export function engineLabel(engine) {
  return t(engine === 'webloop' ? 'engineWebLoop' : 'engineCPython');
}

/**
 * Fills `select` with the engines and keeps it in step with localStorage.
 * onChange(engine) runs when the user picks another one; `used` is the element
 * showEngineUsed() writes (relabelled with the menu when the language changes).
 */
export function createEnginePicker(select, { onChange, used = null } = {}) {
  select.replaceChildren(...ENGINES.map((engine) => new Option(engineLabel(engine), engine)));
  onLangChange(() => {
    for (const option of select.options) option.textContent = engineLabel(option.value);
    if (used?.dataset.engine) {
      showEngineUsed(used, used.dataset.engine, { fromCode: used.dataset.fromCode === 'true' });
    }
  });
  const stored = readSetting(STORAGE_KEY);
  select.value = ENGINES.includes(stored) ? stored : DEFAULT_ENGINE;
  select.addEventListener('change', () => {
    writeSetting(STORAGE_KEY, select.value); // storage full or blocked: for this page only
    onChange?.(select.value);
  });
  return {
    /** The engine the menu shows. */
    get value() {
      return select.value;
    },
  };
}

/** Shows which engine ran on `element`; `fromCode`: the program's first line chose it. */
export function showEngineUsed(element, engine, { fromCode = false } = {}) {
  const label = engineLabel(engine);
  element.textContent = fromCode ? t('engineFromCode', { engine: label }) : label;
  element.dataset.engine = engine;
  element.dataset.fromCode = String(fromCode);
  element.title = t('engineUsedTitle');
  element.hidden = false;
}

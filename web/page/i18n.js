// The UI's languages (English and French) and t(), which reads the words every feature
// registers from its own strings.js (addStrings). The UI follows ?lang=, then the reader's
// last choice, then navigator.language (English by default); example titles stay French,
// as in the article.

import { readSetting, writeSetting } from './storage.js';

/** lang -> key -> text: the features' strings, as they register them. */
const STRINGS = { en: {}, fr: {} };

export const LANGS = Object.freeze(['en', 'fr']);
const LANG_KEY = 'asyncio-playground:lang';

/** ?lang=fr|en, else the reader's last choice (setLang), else 'fr' when the browser prefers French, else 'en'. */
function initialLang() {
  const asked = new URLSearchParams(globalThis.location?.search ?? '').get('lang') ?? readSetting(LANG_KEY);
  if (LANGS.includes(asked)) return asked;
  return /^fr\b/i.test(globalThis.navigator?.language ?? '') ? 'fr' : 'en';
}

/** The UI language (a live binding: setLang changes it). */
export let lang = initialLang();

/** Switches the UI language and remembers the choice for every page of the site. */
export function setLang(next) {
  if (!LANGS.includes(next)) throw new Error(`Unknown language ${JSON.stringify(next)}`);
  lang = next;
  writeSetting(LANG_KEY, next); // storage blocked: the choice lasts for this page only
  if (globalThis.document) translatePage(); // the markup first, then the views that draw text
  for (const listener of langListeners) listener(next);
}

const langListeners = new Set();

/** Calls `listener(lang)` after every setLang; returns a function that stops it. */
export function onLangChange(listener) {
  langListeners.add(listener);
  return () => langListeners.delete(listener);
}

/**
 * Adds features' strings (each {en: {...}, fr: {...}}, a feature's strings.js) to the table
 * t() reads. Every module registers the strings of the keys it uses; again is harmless.
 */
export function addStrings(...tables) {
  for (const { en = {}, fr = {} } of tables) {
    Object.assign(STRINGS.en, en);
    Object.assign(STRINGS.fr, fr);
  }
}

const isMac = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/** The run shortcut as this platform writes it. */
export const runKeys = isMac ? '⌘ Enter' : 'Ctrl+Enter';

/** The UI string for `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? (name === 'keys' ? runKeys : '')));
}

/** Formats seconds with two decimals in the UI language (1.02 / 1,02). */
export function formatSeconds(ms) {
  return (ms / 1000).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Translates the markup: data-i18n sets text; data-i18n-ATTR="key" sets attribute ATTR. */
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  for (const element of root.querySelectorAll('*')) {
    for (const { name, value } of [...element.attributes]) {
      if (name === 'data-i18n') element.textContent = t(value);
      else if (name.startsWith('data-i18n-')) element.setAttribute(name.slice(10), t(value));
    }
  }
}

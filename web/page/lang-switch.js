// The language menu (English / Français): switches the whole UI at once and remembers
// the choice (i18n.js setLang translates the markup; views that write text themselves
// redraw on i18n's onLangChange).

import { addStrings, lang, LANGS, setLang, t } from './i18n.js';
import pageStrings from './strings.js';

addStrings(pageStrings);

const NAMES = { en: 'English', fr: 'Français' };

/** Fills `select` with the languages and switches the page when the user picks one. */
export function installLangSwitch(select) {
  select.replaceChildren(...LANGS.map((code) => {
    const option = new Option(NAMES[code] ?? code, code);
    option.lang = code;
    return option;
  }));
  select.value = lang;
  select.title = t('language');
  select.addEventListener('change', () => {
    setLang(select.value); // translates the markup, then tells the views
    select.title = t('language');
  });
}

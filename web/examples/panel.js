// The example in the editor: the examples menu, the example's title, badge and description
// in the UI language, Reset, and the student's drafts. Code from a link is someone else's:
// while the editor holds it (edited or not), it is saved apart, with the link it came
// from, never over the draft.

import { DEFAULT_EXAMPLE_ID, EXAMPLES, exampleLabel, findExample } from './index.js';
import { installExampleMenu } from './menu.js';
import { createDraftStore } from '../editor/draft-store.js';
import { addStrings, lang, onLangChange, t } from '../page/i18n.js';
import examplesStrings from './strings.js';

addStrings(examplesStrings);

/**
 * editor: editor.js's; select, title, badge, description: the menu and the example's
 * markup; reset: the Reset button; banner: the share link's banner (hidden on leaving a link).
 * The page passes the editor's changes to edited(code) and calls restore() once to start.
 */
export function createExamplePanel({ editor, select, title, badge, description, reset, banner }) {
  const drafts = createDraftStore();
  const linkDrafts = createDraftStore(`${location.pathname}${location.search}#link`);
  let currentId = DEFAULT_EXAMPLE_ID;
  let linked = null; // {token}: the editor holds a link's code

  /** Shows example `id`; `code` replaces its code (a restored draft). */
  function load(id, { code } = {}) {
    const example = findExample(id) ?? findExample(DEFAULT_EXAMPLE_ID);
    if (linked) leaveLink();
    currentId = example.id;
    select.value = example.id;
    editor.setCode(code ?? example.code);
    showInfo(example);
  }

  /** The badge says "from the article" only over the example's own code. */
  function updateBadge() {
    const example = findExample(currentId);
    if (linked || !example) return;
    const own = editor.getCode() === example.code;
    const kind = !own ? 'edited' : example.verbatim ? 'article' : 'updated';
    badge.textContent = t({ edited: 'editedBadge', article: 'fromArticle', updated: 'updated' }[kind]);
    badge.dataset.kind = kind;
  }

  /** The editor no longer holds the link's code: the fragment and the link's entry go. */
  function leaveLink() {
    linked = null;
    if (location.hash.startsWith('#code=')) history.replaceState(history.state, '', location.pathname + location.search);
    select.querySelector('option[data-linked]')?.remove();
    banner.hidden = true;
  }

  /** The example's title, badge and description, in the UI language. */
  function showInfo(example) {
    const frenchTitle = Object.assign(document.createElement('span'), { lang: 'fr', textContent: example.title });
    title.replaceChildren(frenchTitle);
    if (lang !== 'fr' && example.titleEn !== example.title) {
      const subtitle = Object.assign(document.createElement('span'), { className: 'title-en' });
      subtitle.textContent = example.titleEn;
      title.append(' ', subtitle);
    }
    description.textContent = lang === 'fr' ? example.description : example.descriptionEn;
    updateBadge();
  }

  select.append(...EXAMPLES.map((example) => new Option(exampleLabel(example, lang), example.id)));
  onLangChange(() => { // what translatePage cannot reach: text written from here
    for (const option of select.options) {
      const example = findExample(option.value);
      if (example) option.textContent = exampleLabel(example, lang);
    }
    const shown = findExample(currentId);
    if (shown && select.value === shown.id && !linked) showInfo(shown);
  });
  installExampleMenu(select, { current: () => currentId, onPick: (id) => load(id) });
  reset.addEventListener('click', () => load(currentId)); // Ctrl+Z brings the edit back

  return {
    load,
    /** The editor's code changed: save it where it belongs, and update the badge. */
    edited(code) {
      if (linked) linkDrafts.save({ code, token: linked.token });
      else drafts.save({ code, exampleId: currentId });
      updateBadge();
    },
    /** Shows the student's saved draft (or the first example). */
    restore() {
      const draft = drafts.load();
      load(draft?.exampleId ?? DEFAULT_EXAMPLE_ID, { code: draft?.code });
    },
    /** "Back to my draft": leaves a link's code for the student's own draft. */
    backToDraft() {
      const saved = drafts.load();
      leaveLink();
      load(saved?.exampleId ?? DEFAULT_EXAMPLE_ID, { code: saved?.code });
      editor.focus();
    },
    /** A link's code is coming: it is not the draft's. Returns its saved edits, if any. */
    linkedTo(token) {
      linked = { token };
      const edited = linkDrafts.load();
      return edited?.token === token ? edited.code : null;
    },
  };
}

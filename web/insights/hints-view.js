// Pitfall hints under the output: what happened, why, and the fix, in the UI language,
// each linked to its editor line. The runtime sends both languages (py/asyncio_playground/insights/
// hints.py), so a language switch redraws them at once. Text between backticks is code.

import insightsStrings from './strings.js';
import { addStrings, lang, onLangChange, t } from '../page/i18n.js';

addStrings(insightsStrings);

/** `text` as nodes: `code` spans in <code>, the rest as text (never parsed as HTML). */
function withCode(text) {
  return String(text).split('`').map((part, i) => (i % 2 ? Object.assign(document.createElement('code'), { textContent: part }) : document.createTextNode(part)));
}

function paragraph(className, label, text) {
  const p = Object.assign(document.createElement('p'), { className });
  p.append(Object.assign(document.createElement('span'), { className: 'hint-label', textContent: `${label} ` }), ...withCode(text));
  return p;
}

/**
 * The hints list in `root` (section[data-testid="hints"] with .hints-list and an optional
 * .hints-title; hidden while empty).
 * onLine(n): the user asked to see line n in the editor.
 */
export function createHintsView(root, { onLine = () => {} } = {}) {
  const list = root.querySelector('.hints-list');
  const title = root.querySelector('.hints-title');
  let hints = [];

  function card(hint) {
    const words = hint[lang] ?? hint.en;
    const item = Object.assign(document.createElement('li'), { className: 'hint-card' });
    item.dataset.testid = 'hint-card';
    item.dataset.hintId = hint.id;
    item.dataset.line = hint.line;
    const head = Object.assign(document.createElement('div'), { className: 'hint-head' });
    if (hint.line > 0) {
      const button = Object.assign(document.createElement('button'), {
        type: 'button', className: 'hint-line', textContent: t('hintLine', { line: hint.line }),
        title: t('hintLineTitle', { line: hint.line }),
      });
      button.dataset.testid = 'hint-line';
      button.addEventListener('click', () => onLine(hint.line));
      head.append(button);
    }
    const heading = Object.assign(document.createElement('h3'), { className: 'hint-title' });
    heading.append(...withCode(words.title));
    head.append(heading);
    item.append(head, paragraph('hint-what', t('hintWhat'), words.what),
      paragraph('hint-why', t('hintWhy'), words.why), paragraph('hint-fix', t('hintFix'), words.fix));
    return item;
  }

  function render() {
    root.hidden = hints.length === 0;
    if (title) title.textContent = `${t('hintsTitle')} (${hints.length})`;
    list.replaceChildren(...hints.map(card));
  }

  onLangChange(render);
  render();

  return {
    add(hint) {
      hints.push(hint);
      list.append(card(hint));
      root.hidden = false;
      if (title) title.textContent = `${t('hintsTitle')} (${hints.length})`;
    },
    clear() {
      hints = [];
      render();
    },
    /** The hints shown, for the page's API: [{id, line}]. */
    list: () => hints.map(({ id, line }) => ({ id, line })),
  };
}

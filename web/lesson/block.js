// A runnable block of the lesson: an embed snippet (snippets/snippet.js: editable code,
// Run/Stop/Reset, output below) plus what the lesson adds: a title, a toggle between
// the article's code and its modern form, an "Open in playground" link, the asyncio
// debug-mode switch, the task timeline and pitfall hints of its runs (lesson/insights.js),
// and buttons that send requests to the block's own server.

import { Snippet } from '../snippets/snippet.js';
import { findExample } from '../examples/index.js';
import { addStrings, lang, t } from '../page/i18n.js';
import { playgroundLink } from '../share/share.js';
import { createBlockInsights } from './insights.js';
import { clockFromCode } from '../run/clock.js';
import { element } from './element.js';
import lessonStrings from './strings.js';
import runStrings from '../run/strings.js';
import shareStrings from '../share/strings.js';

addStrings(lessonStrings, runStrings, shareStrings);

const LINK_DELAY_MS = 300;

/** The title of a code entry (examples/index.js or lesson/examples.js) in the page's language. */
export function titleOf(entry) {
  return lang === 'fr' ? entry.title : (entry.titleEn ?? entry.title);
}

export class LessonBlock extends Snippet {
  /**
   * Replaces `placeholder` (an element of the rendered lesson) with a runnable block.
   * variants: [{key: 'article'|'modern', id, code, title, description?}], the first shown
   * unless `variant` names another; queue: snippets/queue.js; debug: show the debug switch;
   * server: {client: ServerClient, paths: ['/', …]} for a program that serves HTTP;
   * timeline: the Timeline toggle starts on.
   */
  constructor(placeholder, {
    index, queue, variants, variant = null, debug = false, server = null, timeline = false, testId = 'lesson-block',
  }) {
    const pre = element('pre', 'lesson-code');
    const current = variants.find((v) => v.key === variant) ?? variants[0];
    pre.textContent = current.code;
    pre.dataset.editable = '';
    placeholder.replaceWith(pre);
    super(pre, { index, onRun: queue.requestRun, onStop: queue.requestStop });
    this.queue = queue;
    this.variants = variants;
    this.variant = current;
    this.root.classList.add('lesson-block');
    this.root.dataset.testid = testId;
    this.root.dataset.block = current.id;
    this._makeHead();
    this._makeLink();
    if (debug) this._makeDebugSwitch();
    if (server) this._makeServerRow(server);
    this.insights = createBlockInsights({
      bar: this.bar, before: this.status, anchor: this.output, on: timeline, onLine: (n) => this.goToLine(n),
    });
    this._label();
    this.editor.addEventListener('input', () => this._scheduleLink());
  }

  _makeHead() {
    this.head = element('div', 'lesson-block-head');
    this.titleElement = element('span', 'lesson-block-title');
    this.head.append(this.titleElement);
    if (this.variants.length > 1) {
      const group = element('div', 'lesson-variants');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', t('lessonVariant'));
      this.variantButtons = this.variants.map((v) => {
        const button = element('button', 'lesson-variant', { type: 'button' });
        button.dataset.variant = v.key;
        button.dataset.testid = `variant-${v.key}`;
        button.textContent = t(v.key === 'modern' ? 'lessonVariantModern' : 'lessonVariantArticle');
        button.addEventListener('click', () => this.showVariant(v.key));
        group.append(button);
        return button;
      });
      this.head.append(group);
    }
    this.note = element('p', 'lesson-block-note');
    this.note.dataset.testid = 'lesson-block-note';
    this.root.prepend(this.head, this.note);
  }

  _label() {
    const title = this.variant.title;
    this.titleElement.textContent = title;
    this.root.setAttribute('aria-label', t('lessonBlockLabel', { title }));
    this.editor.setAttribute('aria-label', t('lessonEditorLabel', { title }));
    this.runButton.setAttribute('aria-label', `${t('run')} — ${title}`);
    this.note.textContent = this.variant.description ?? '';
    this.note.hidden = !this.variant.description;
    this.variantButtons?.forEach((button) => {
      button.setAttribute('aria-pressed', String(button.dataset.variant === this.variant.key));
    });
    this.root.dataset.variant = this.variant.key;
  }

  /** Shows the code of variant `key` ('article' or 'modern'), clearing the output. */
  showVariant(key) {
    const next = this.variants.find((v) => v.key === key);
    if (!next || next === this.variant) return;
    if (this.busy) this.queue.requestStop(this);
    this.variant = next;
    this.root.dataset.block = next.id;
    this.setOriginal(next.code);
    this.console.clear();
    this.output.hidden = true;
    this.insights.clear();
    this._setState('idle', '');
    this._label();
    this._scheduleLink(0);
  }

  _makeLink() {
    this.link = element('a', 'aplg-button lesson-open', { target: '_blank', rel: 'noopener', href: 'index.html' });
    this.link.dataset.testid = 'open-in-playground';
    this.link.title = t('openInPlaygroundTitle');
    this.link.append(element('span', 'aplg-label', { textContent: t('openInPlayground') }),
      element('span', 'aplg-icon', { textContent: '↗' }));
    this.link.lastChild.setAttribute('aria-hidden', 'true');
    this.bar.insertBefore(this.link, this.status);
    this._scheduleLink(0);
  }

  _scheduleLink(delay = LINK_DELAY_MS) {
    clearTimeout(this._linkTimer);
    this._linkTimer = setTimeout(async () => {
      const code = this.code();
      const exampleId = findExample(this.variant.id) ? this.variant.id : null;
      try {
        this.link.href = await playgroundLink(code, { base: location.href, exampleId });
        this.link.removeAttribute('aria-disabled');
      } catch {
        this.link.setAttribute('aria-disabled', 'true'); // too large for a link
      }
    }, delay);
  }

  _makeDebugSwitch() {
    const label = element('label', 'lesson-debug');
    label.title = t('lessonDebugTitle');
    this.debugInput = element('input', '', { type: 'checkbox' });
    this.debugInput.dataset.testid = 'debug-toggle';
    label.append(this.debugInput, element('span', '', { textContent: t('lessonDebug') }));
    this.bar.insertBefore(label, this.status);
  }

  _makeServerRow({ client, paths }) {
    this.server = client;
    const row = element('div', 'lesson-server');
    row.dataset.testid = 'lesson-server';
    this.serverNote = element('span', 'lesson-server-note', { textContent: t('lessonServerWaiting') });
    row.append(this.serverNote);
    this.serverButtons = paths.map((path) => {
      const button = element('button', 'aplg-button lesson-request', { type: 'button', disabled: true });
      button.dataset.testid = 'lesson-request';
      button.dataset.path = path;
      button.textContent = `GET ${path}`;
      button.addEventListener('click', () => this._request(path));
      row.append(button);
      return button;
    });
    this.bar.after(row);
    client.addEventListener('servers', ({ detail }) => {
      const listening = detail.servers.length > 0 && this.queue.activeSnippet === this;
      this.serverButtons.forEach((button) => { button.disabled = !listening; });
      this.serverNote.textContent = t(!client.canSend ? 'lessonServerNoSab' : listening ? 'lessonServerTry' : 'lessonServerWaiting');
    });
  }

  async _request(path) {
    try {
      const exchange = await this.server.request({ method: 'GET', path });
      this._systemLine(t('lessonServerReply', { path, status: exchange.status, body: exchange.body }));
    } catch (error) {
      this._systemLine(t('lessonServerFailed', { path, message: error?.message ?? String(error) }));
    }
  }

  /** What every run of this block asks the runtime for: the timeline, asyncio's debug mode, and
   * virtual time when the code's first line says `# clock: virtual` (run/clock.js). */
  baseOptions() {
    return {
      timeline: this.insights.on, ...(this.debugInput?.checked ? { debug: true } : {}),
      ...(clockFromCode(this.code()) === 'virtual' ? { clock: 'virtual' } : {}),
    };
  }

  /** Options for a plain Run (snippets/queue.js asks). */
  runOptions() {
    return this.baseOptions();
  }

  begin(loading, options = {}) {
    super.begin(loading);
    this.insights.start(this.code(), { timeline: Boolean(options.timeline) });
  }

  finish(result, options) {
    super.finish(result, options);
    this.insights.finish();
    const hints = this.insights.hintCount();
    if (hints) this.status.textContent += ` · ${t('lessonHints', { count: hints })}`; // said with the end (aria-live)
  }

  /** The run's other events (snippets/queue.js): timeline batches and hints. */
  runEvent(type, detail) {
    this.insights.event(type, detail);
  }

  /** Selects line `n` of the code (a hint's "line n" button). */
  goToLine(n) {
    const lines = this.editor.value.split('\n');
    const index = Math.min(Math.max(1, n), lines.length) - 1;
    const start = lines.slice(0, index).reduce((sum, line) => sum + line.length + 1, 0);
    this.editor.focus();
    this.editor.setSelectionRange(start, start + lines[index].length);
  }
}

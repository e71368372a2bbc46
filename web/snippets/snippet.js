// One runnable snippet of a course page: a <pre class="asyncio-playground"> with a Run
// and a Stop button and an output area below it. embed.js owns the shared Python
// worker and the queue; a Snippet only shows what happens to its runs.
//
// Attributes of the <pre>:
//   data-example="gather"   the code of that example (ids and aliases of share.js)
//   data-editable           a plain text editor instead of the read-only <pre>
//   data-timeout="10"       stop a run after that many seconds

import { createConsole } from '../console/console-view.js';
import { findExample } from '../examples/index.js';
import { addStrings, t } from '../page/i18n.js';
import { resolveExampleName } from '../share/share.js';
import { describeProgress } from '../page/load-progress.js';
import { describeOutcome } from '../run/outcome.js';
import runStrings from '../run/strings.js';
import shareStrings from '../share/strings.js';
import snippetsStrings from './strings.js';

addStrings(runStrings, shareStrings, snippetsStrings);

const INDENT = '    ';
const MAX_EDITOR_ROWS = 30;

/** Removes the indentation common to all non-blank lines, and blank edges. */
export function dedent(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const margins = lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)[0].length);
  const margin = margins.length ? Math.min(...margins) : 0;
  return lines.map((line) => line.slice(margin)).join('\n') + (lines.length ? '\n' : '');
}

function parseTimeout(value) {
  const seconds = Number(value);
  return value !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function button(className, testId, icon) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = `aplg-button ${className}`;
  element.dataset.testid = testId;
  const iconSpan = Object.assign(document.createElement('span'), { className: 'aplg-icon', textContent: icon });
  iconSpan.setAttribute('aria-hidden', 'true');
  const label = Object.assign(document.createElement('span'), { className: 'aplg-label' });
  element.append(iconSpan, label);
  return element;
}

export class Snippet {
  /**
   * Turns `pre` into a snippet in place.
   * @param {HTMLPreElement} pre
   * @param {{index: number, onRun: (s: Snippet) => void, onStop: (s: Snippet) => void}} options
   */
  constructor(pre, { index, onRun, onStop }) {
    this.pre = pre;
    this.index = index;
    this.timeout = parseTimeout(pre.dataset.timeout);
    this.editable = pre.dataset.editable !== undefined && pre.dataset.editable !== 'false';
    const name = pre.dataset.example;
    const example = name ? findExample(resolveExampleName(name) ?? '') : null;
    this.original = example ? example.code : dedent(pre.textContent);
    // Shown dedented too, unless the page marked the code up (a highlighter's spans).
    if (example || !pre.firstElementChild) pre.textContent = this.original;

    this.root = Object.assign(document.createElement('div'), { className: 'aplg-snippet' });
    this.root.dataset.testid = 'snippet';
    this.root.dataset.state = 'idle';
    pre.before(this.root);
    this.root.append(pre);
    if (this.editable) this._makeEditor();

    this.runButton = button('aplg-run', 'snippet-run', '▶');
    this.runButton.querySelector('.aplg-label').textContent = t('run');
    this.runButton.setAttribute('aria-label', t('snippetRunLabel', { n: index }));
    this.stopButton = button('aplg-stop', 'snippet-stop', '■');
    this.stopButton.hidden = true;
    this.status = Object.assign(document.createElement('span'), { className: 'aplg-status' });
    this.status.dataset.testid = 'snippet-status';
    this.status.setAttribute('aria-live', 'polite');
    const bar = Object.assign(document.createElement('div'), { className: 'aplg-bar' });
    bar.append(this.runButton, this.stopButton);
    if (this.editable) bar.append(this.resetButton);
    bar.append(this.status);
    this.bar = bar; // pages that build on snippets (lesson.js) add their own controls to it
    this.output = Object.assign(document.createElement('pre'), { className: 'aplg-output', hidden: true });
    this.output.dataset.testid = 'snippet-output';
    this.output.setAttribute('role', 'log');
    this.output.setAttribute('aria-live', 'off'); // a flood is not read out; the status says how it ended
    this.output.setAttribute('aria-label', t('snippetOutputLabel', { n: index }));
    this.output.tabIndex = 0;
    this.root.append(bar, this.output);
    // Traceback links: pages with a line-aware editor (lesson/block.js) define goToLine.
    this.console = createConsole(this.output, { onLine: (n) => this.goToLine?.(n) });

    this.runButton.addEventListener('click', () => onRun(this));
    this.stopButton.addEventListener('click', () => onStop(this));
    this.requestRun = () => onRun(this);
    this.requestStop = () => onStop(this);
    if (name && !example) {
      this.runButton.disabled = true;
      this._setState('failed', t('linkUnknownExample', { name }));
    }
  }

  /** The code a run of this snippet runs now. */
  code() {
    return this.editor ? this.editor.value : this.original;
  }

  /** Shows `code` as the snippet's code (its Reset target too), e.g. another variant. */
  setOriginal(code) {
    this.original = code;
    this.pre.textContent = code;
    if (this.editor) {
      this.editor.value = code;
      this._editorChanged();
    }
  }

  _makeEditor() {
    const editor = document.createElement('textarea');
    editor.className = 'aplg-code';
    editor.dataset.testid = 'snippet-editor';
    editor.value = this.original;
    editor.spellcheck = false;
    editor.setAttribute('autocapitalize', 'off');
    editor.setAttribute('aria-label', t('snippetEditorLabel', { n: this.index }));
    this.pre.style.display = 'none';
    this.pre.after(editor);
    this.editor = editor;
    this.resetButton = button('aplg-reset', 'snippet-reset', '↺');
    this.resetButton.querySelector('.aplg-label').textContent = t('snippetReset');
    this.resetButton.hidden = true;
    this.resetButton.addEventListener('click', () => {
      editor.value = this.original;
      this._editorChanged();
      editor.focus();
    });
    editor.addEventListener('input', () => this._editorChanged());
    editor.addEventListener('keydown', (event) => this._editorKey(event));
    this._editorChanged();
  }

  _editorChanged() {
    const lines = this.editor.value.split('\n').length;
    this.editor.rows = Math.min(MAX_EDITOR_ROWS, Math.max(3, lines));
    this.resetButton.hidden = this.editor.value === this.original;
  }

  _insert(text) {
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand?.('insertText', false, text)) {
      this.editor.setRangeText(text, this.editor.selectionStart, this.editor.selectionEnd, 'end');
      this._editorChanged();
    }
  }

  _editorKey(event) {
    const editor = this.editor;
    const tabLeaves = this._tabLeaves; // Esc then Tab moves the focus on, as in the playground
    this._tabLeaves = event.key === 'Escape';
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.requestRun();
    } else if (event.key === 'Escape') {
      if (this.busy) this.requestStop();
    } else if (event.key === 'Tab' && !event.shiftKey && !tabLeaves) {
      event.preventDefault();
      this._insert(INDENT);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.altKey) {
      const before = editor.value.slice(0, editor.selectionStart);
      const line = before.slice(before.lastIndexOf('\n') + 1);
      const indent = line.match(/^[ \t]*/)[0] + (/:\s*$/.test(line) ? INDENT : '');
      event.preventDefault();
      this._insert(`\n${indent}`);
    }
  }

  /** Queued, or this snippet's run is under way. */
  get busy() {
    return ['queued', 'loading', 'running', 'stopping'].includes(this.root.dataset.state);
  }

  _setState(state, text) {
    const focused = document.activeElement; // keyboard focus follows: Run → Stop → Run
    this.root.dataset.state = state;
    this.status.textContent = text;
    const busy = this.busy;
    this.runButton.disabled = busy;
    this.stopButton.hidden = !busy;
    this.stopButton.disabled = state === 'stopping';
    this.stopButton.querySelector('.aplg-label').textContent =
      t(state === 'queued' ? 'snippetCancel' : state === 'stopping' ? 'stopping' : 'stop');
    if (busy && focused === this.runButton) this.stopButton.focus({ preventScroll: true });
    else if (!busy && focused === this.stopButton) this.runButton.focus({ preventScroll: true });
  }

  /** Waiting for `ahead` other runs to finish first. */
  queued(ahead) {
    this._setState('queued', t('snippetQueued', { ahead }));
  }

  /** This snippet's turn: clears its output; `loading` while Python is not ready yet. */
  begin(loading) {
    this.console.clear();
    this.output.hidden = false;
    this._setState(loading ? 'loading' : 'running', t(loading ? 'loading' : 'running'));
  }

  progress(detail) {
    if (this.root.dataset.state !== 'loading') return;
    const { text, percent } = describeProgress(detail);
    this._setState('loading', percent === null ? text : `${t('loading')} ${Math.round(percent)}%`);
  }

  running() {
    this._setState('running', t('running'));
  }

  stopping() {
    this._setState('stopping', t('stopping'));
  }

  append(stream, text) {
    this.console.append(stream, text);
  }

  /** Writes a playground message on a line of its own. */
  _systemLine(text) {
    this.console.systemLine(text);
  }

  /** The run ended: shows its time and exit code like the playground does. */
  finish(result, { timedOut = false } = {}) {
    this.console.finish();
    if (timedOut) this._systemLine(t('snippetTimedOut', { seconds: this.timeout }));
    if (result.error && !this.console.text().includes(result.error)) this._systemLine(result.error);
    this._setState(result.ok ? 'done' : 'failed', describeOutcome(result));
  }

  /** The run never started (cancelled while queued or while Python loaded). */
  cancelled() {
    this._setState('idle', t('snippetCancelled'));
  }

  fail(message) {
    if (this.root.dataset.state === 'queued') this.console.clear(); // not its run's output
    this.output.hidden = false;
    this._systemLine(message);
    this._setState('failed', message);
  }
}

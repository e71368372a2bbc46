// The console's input line: where the user types what a running program reads (input(),
// sys.stdin). It appears after the prompt when the program first waits for a line
// (runner event stdin-request) and stays, like a terminal's, until the run ends: lines
// typed ahead are read later. Enter sends the line (echoed in the input style, a text node
// of the console), Ctrl+D or the EOF button sends end-of-file, up/down recall this run's
// lines, a paste of several lines sends each of them. Focus moves here when the program
// waits, and back to the editor when the run ends.

import { t } from '../page/i18n.js';

const ECHO_MAX_CHARS = 10_000; // of one send, shown in the console (a 10 MB paste is sent whole)
const PROMPT_MAX_CHARS = 200; // of the prompt, announced

/**
 * consoleView: console-view.js's; runner: RunnerClient (sendInput, canSendInput, events);
 * announce(text): says it to screen readers; onEnd(hadFocus): the run ended (focus the editor).
 */
export function createInputLine({ consoleView, runner, announce, onEnd = () => {} }) {
  const line = document.createElement('span');
  line.className = 'input-line';
  line.dataset.testid = 'stdin-line';
  const input = document.createElement('input');
  input.type = 'text';
  input.className = 'input-field';
  input.dataset.testid = 'stdin-input';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.setAttribute('autocapitalize', 'off');
  input.setAttribute('enterkeyhint', 'send');
  const eofButton = document.createElement('button');
  eofButton.type = 'button';
  eofButton.className = 'input-eof';
  eofButton.dataset.testid = 'stdin-eof';
  line.append(input, eofButton);

  let history = [];
  let recalled = null; // index in history while up/down browse it
  let draft = '';
  let shown = false;
  let ended = false; // end-of-file sent: nothing more is read
  let waiting = false;

  function words() {
    input.setAttribute('aria-label', t('stdinLabel'));
    input.placeholder = ended ? t('stdinEnded') : '';
    eofButton.dataset.label = t('stdinEof'); // drawn by CSS: the console's text stays what was printed and typed
    eofButton.title = t('stdinEofTitle');
    eofButton.setAttribute('aria-label', t('stdinEofTitle'));
  }

  function setWaiting(value) {
    waiting = value;
    line.toggleAttribute('data-waiting', value);
  }

  function echo(text) {
    if (!text) return;
    const cut = text.length > ECHO_MAX_CHARS
      ? `${text.slice(0, ECHO_MAX_CHARS)}… ${t('stdinEchoCut', { count: (text.length - ECHO_MAX_CHARS).toLocaleString() })}\n`
      : text;
    consoleView.append('stdin', cut);
  }

  /** Sends `text` (lines end with "\n"), then end-of-file with `eof`; echoes it. */
  function send(text, { eof = false } = {}) {
    if (ended || !runner.sendInput(text, { eof })) return false;
    echo(eof && text && !text.endsWith('\n') ? `${text}\n` : text);
    for (const typed of text.split('\n').slice(0, -1)) if (typed) history.push(typed);
    recalled = null;
    setWaiting(false);
    if (eof) {
      ended = true;
      input.disabled = true;
      eofButton.disabled = true;
      words();
    }
    return true;
  }

  function sendTyped({ eof = false } = {}) {
    const value = input.value;
    input.value = '';
    send(eof ? value : `${value}\n`, { eof });
  }

  function recall(step) {
    if (!history.length) return;
    if (recalled === null) {
      if (step > 0) return;
      draft = input.value;
      recalled = history.length;
    }
    recalled = Math.max(0, Math.min(history.length, recalled + step));
    input.value = recalled === history.length ? draft : history[recalled];
    if (recalled === history.length) recalled = null;
    input.setSelectionRange(input.value.length, input.value.length);
  }

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.isComposing) {
      event.preventDefault();
      sendTyped();
    } else if ((event.key === 'd' || event.key === 'D') && event.ctrlKey && !event.altKey) {
      event.preventDefault(); // not the browser's bookmark
      sendTyped({ eof: true });
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      recall(-1);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      recall(1);
    }
  });
  // A paste of several lines: each whole line is sent, as if Enter ended it; the rest stays.
  input.addEventListener('paste', (event) => {
    const pasted = event.clipboardData?.getData('text') ?? '';
    if (!/[\r\n]/.test(pasted)) return;
    event.preventDefault();
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? start;
    const text = input.value.slice(0, start) + pasted.replace(/\r\n?/g, '\n') + input.value.slice(end);
    const cut = text.lastIndexOf('\n') + 1;
    input.value = text.slice(cut);
    send(text.slice(0, cut));
  });
  eofButton.addEventListener('click', () => {
    sendTyped({ eof: true });
    input.focus({ preventScroll: true });
  });

  /** The program's prompt: what the console shows after its last line break. */
  function prompt() {
    const text = consoleView.text();
    return text.slice(text.lastIndexOf('\n') + 1).trim().slice(0, PROMPT_MAX_CHARS);
  }

  runner.addEventListener('stdin-request', () => {
    const already = waiting; // a read that took a piece and wants more: said once
    setWaiting(true);
    if (!shown) {
      shown = true;
      words();
      consoleView.flush();
      consoleView.setTail(line);
    }
    if (ended || already) return;
    if (document.activeElement !== input) input.focus({ preventScroll: false });
    const asked = prompt();
    announce(asked ? t('stdinAnnounce', { prompt: asked }) : t('stdinAnnounceBare'));
  });

  runner.addEventListener('done', () => {
    const hadFocus = line.contains(document.activeElement);
    const wasShown = shown;
    consoleView.setTail(null);
    input.value = '';
    input.disabled = false;
    eofButton.disabled = false;
    history = [];
    recalled = null;
    shown = false;
    ended = false;
    setWaiting(false);
    if (wasShown) onEnd(hadFocus);
  });

  return {
    element: line,
    /** The run waits for a line that has not been sent yet. */
    get waiting() { return waiting; },
    send,
    relabel: words,
  };
}

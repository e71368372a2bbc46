// What a run says about itself besides its output: the elapsed clock next to the console
// (not a live region: it changes ten times a second), "Done — no output" for a run that
// printed nothing, and a polite announcement for screen readers at the start and the end
// of a run (a summary, never the output itself) and for each new hint.

import { addStrings, formatSeconds, onLangChange, t } from './i18n.js';
import pageStrings from './strings.js';
import runStrings from '../run/strings.js';

addStrings(pageStrings, runStrings);

const TICK_MS = 100;

/** The last line of stderr that names an exception ("ZeroDivisionError: division by zero"). */
export function lastError(stderr) {
  const lines = String(stderr).trimEnd().split('\n');
  return lines.reverse().find((line) => /^[\w.]+(: |$)/.test(line.trim())) ?? '';
}

/**
 * elapsed: the clock's element; consoleElement: the console (its data-done attribute is
 * shown while it is empty); announcer: a role=status element; consoleView: its text.
 */
export function createRunStatus({ elapsed, consoleElement, announcer, consoleView, runner }) {
  elapsed.removeAttribute('aria-live');
  let ticker = 0;
  let last = null; // {result} of the last run, redrawn in the other language
  let hints = 0; // hints of the current run: the end's summary counts them

  function announce(text) {
    // A fresh text node each time, so that the same words twice are read twice.
    announcer.replaceChildren(document.createTextNode(text));
  }

  function showDone() {
    consoleElement.removeAttribute('data-done');
    if (!last) return;
    const { result } = last;
    const seconds = formatSeconds(result.durationMs);
    if (!consoleView.text()) consoleElement.dataset.done = t(result.stopped ? 'noOutputStopped' : 'noOutput', { seconds });
  }

  function start() {
    clearInterval(ticker);
    last = null;
    showDone();
    elapsed.textContent = t('running');
    elapsed.dataset.kind = 'running';
    const started = performance.now();
    ticker = setInterval(() => { // no hidden time limit, but a visible clock
      elapsed.textContent = `${t('running')} ${formatSeconds(performance.now() - started)} s`;
    }, TICK_MS);
    hints = 0;
    announce(t('announceRunning'));
  }

  /** The run resolved with `result` ({ok, stopped, durationMs, …}). */
  function end(result) {
    clearInterval(ticker);
    last = { result };
    showDone();
    const seconds = formatSeconds(result.durationMs);
    const text = consoleView.text();
    const lines = text ? text.split('\n').length - (text.endsWith('\n') ? 1 : 0) : 0;
    let summary;
    if (result.stopped) summary = t('announceStopped', { seconds });
    else if (!result.ok) summary = t('announceFailed', { seconds, error: lastError(consoleView.text('stderr')) || t('exitCode', { code: result.exitCode }) });
    else summary = t(lines ? 'announceDone' : 'announceDoneEmpty', { seconds, lines });
    announce(hints ? `${summary} ${t('announceHints', { count: hints })}` : summary);
  }

  /** The run failed to start or was interrupted by an error of the page. */
  function abort() {
    clearInterval(ticker);
    elapsed.textContent = '';
  }

  function clear() {
    last = null;
    showDone();
  }

  runner?.addEventListener('hint', ({ detail }) => {
    const words = detail.hint?.[document.documentElement.lang] ?? detail.hint?.en;
    hints += 1;
    if (words?.title) announce(t('announceHint', { title: words.title.replaceAll('`', '') }));
  });
  onLangChange(showDone);
  return { start, end, abort, clear, announce };
}

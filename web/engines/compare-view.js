// "Run on both": the same code on CPython's loop, then on the browser's WebLoop, shown
// side by side with durations; lines that differ are highlighted. Output is rendered
// as text nodes only.

import { ENGINES } from '../protocol.js';
import { engineLabel } from './picker.js';
import { describeOutcome } from '../run/outcome.js';
import { addStrings, onLangChange, t } from '../page/i18n.js';
import enginesStrings from './strings.js';
import pageStrings from '../page/strings.js';

addStrings(enginesStrings, pageStrings);

/** Above this many line pairs, lines are compared position by position (no LCS table). */
const MAX_LCS_CELLS = 4_000_000;
/** A duration ratio below this is not worth a sentence. */
const NOTABLE_RATIO = 1.2;

/** A run's output as lines [{text, stream}], stdout and stderr in the order they came. */
export function toLines(chunks) {
  const lines = [];
  let open = null;
  for (const [stream, text] of chunks) {
    const parts = text.split('\n');
    parts.forEach((part, index) => {
      if (!open) {
        if (part === '' && index === parts.length - 1) return; // text ended with a newline
        open = { text: '', stream };
        lines.push(open);
      }
      open.text += part;
      if (index < parts.length - 1) open = null;
    });
  }
  return lines;
}

/** For lines `a` and `b` (strings): which of each are not in their longest common subsequence. */
export function diffLines(a, b) {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_LCS_CELLS) {
    return [a.map((line, i) => line !== b[i]), b.map((line, i) => line !== a[i])];
  }
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j]
        ? table[(i + 1) * width + j + 1] + 1
        : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const differsA = new Array(n).fill(true);
  const differsB = new Array(m).fill(true);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i] === b[j]) {
      differsA[i++] = false;
      differsB[j++] = false;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) {
      i++;
    } else {
      j++;
    }
  }
  return [differsA, differsB];
}

/**
 * The comparison panel on `element` (index.html's compare-view).
 * run(code, {engine}) runs a program as the Run button does; runner gives its output
 * events; jspi() tells whether this browser has JSPI.
 */
export function createCompareView(element, { runner, run, jspi = () => false }) {
  const part = (id) => element.querySelector(`[data-testid="${id}"]`);
  const columns = Object.fromEntries(ENGINES.map((engine) => [engine, part(`compare-${engine}`)]));
  const summary = part('compare-summary');
  let chunks = null; // the current run's output while comparing
  let comparing = false;
  let shown = null; // the last comparison's results, redrawn in a new language

  runner.addEventListener('output', ({ detail }) => {
    if (chunks && detail.stream !== 'system') chunks.push([detail.stream, detail.text]);
  });
  part('compare-close').addEventListener('click', () => {
    element.hidden = true;
  });
  onLangChange(() => {
    if (!shown) return;
    showBrowser();
    ENGINES.forEach((engine) => renderColumn(engine, shown[engine] ?? null));
    if (!comparing) renderDifferences(shown);
  });

  function renderColumn(engine, result) {
    const column = columns[engine];
    column.querySelector('.compare-engine').textContent = engineLabel(engine);
    const meta = column.querySelector('.compare-meta');
    const output = column.querySelector('.compare-output');
    output.replaceChildren();
    column.dataset.state = result ? 'done' : 'waiting';
    if (!result) {
      meta.textContent = t('compareWaiting');
      return;
    }
    if (result.skipped) {
      meta.textContent = t('compareSkipped');
      return;
    }
    meta.textContent = describeOutcome(result);
    for (const line of result.lines) {
      const span = document.createElement('span');
      span.className = 'compare-line';
      span.dataset.stream = line.stream;
      span.append(document.createTextNode(`${line.text}\n`));
      output.append(span);
    }
  }

  function renderDifferences(results) {
    const [a, b] = ENGINES.map((engine) => results[engine]);
    if (!a?.lines || !b?.lines) {
      summary.textContent = '';
      return 0;
    }
    const flags = diffLines(a.lines.map((line) => line.text), b.lines.map((line) => line.text));
    let count = 0;
    ENGINES.forEach((engine, index) => {
      const spans = columns[engine].querySelectorAll('.compare-line');
      flags[index].forEach((differs, i) => {
        spans[i].classList.toggle('differs', differs);
        count += differs ? 1 : 0;
      });
    });
    const sentences = [count ? t('compareDiffers', { count }) : t('compareSame')];
    const [slow, fast] = a.durationMs >= b.durationMs ? [ENGINES[0], ENGINES[1]] : [ENGINES[1], ENGINES[0]];
    const ratio = results[slow].durationMs / Math.max(results[fast].durationMs, 1);
    if (ratio >= NOTABLE_RATIO) {
      sentences.push(t('compareFaster', { engine: engineLabel(slow), ratio: ratio.toFixed(1) }));
    }
    summary.textContent = sentences.join(' ');
    return count;
  }

  function showBrowser() {
    const hasJspi = Boolean(jspi());
    part('compare-why-jspi').classList.toggle('applies', hasJspi);
    part('compare-why-nojspi').classList.toggle('applies', !hasJspi);
    part('compare-this-browser').textContent = t('compareThisBrowser', { value: t(hasJspi ? 'yes' : 'no') });
  }

  /** Runs `code` on each engine in turn; resolves with {cpython, webloop} results. */
  async function compare(code) {
    if (comparing) throw new Error('A comparison is already in progress.');
    comparing = true;
    element.hidden = false;
    summary.textContent = '';
    showBrowser();
    ENGINES.forEach((engine) => renderColumn(engine, null));
    const results = {};
    shown = results;
    try {
      for (const engine of ENGINES) {
        if (Object.values(results).some((result) => result.stopped)) {
          results[engine] = { skipped: true };
        } else {
          chunks = [];
          const result = await run(code, { engine, inspect: false }); // both run through, never paused
          results[engine] = { ...result, lines: toLines(chunks) };
          chunks = null;
        }
        renderColumn(engine, results[engine]);
      }
    } finally {
      chunks = null;
      comparing = false;
    }
    const differing = renderDifferences(results);
    return { ...results, differingLines: differing };
  }

  return {
    compare,
    get comparing() {
      return comparing;
    },
  };
}

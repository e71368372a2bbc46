// Script embed for course pages:
//
//   <script type="module" src="https://…/dist/embed.js"></script>
//   <pre class="asyncio-playground">print("hello")</pre>
//
// Every <pre class="asyncio-playground"> (also ones added later) becomes a runnable
// snippet (snippets/snippet.js). All snippets of a page share ONE Python worker, started
// on the first Run (nothing is downloaded before), and their runs queue: one at a time,
// in the order they were asked for. The course page may be on another origin than
// embed.js: the sandboxed worker's files are then fetched from there (dist/ must be
// served with Access-Control-Allow-Origin).
//
// window.asyncioPlaygroundEmbed: {workersStarted, snippets, busy, scan(root?)}.

import { RunnerClient } from './run/runner-client.js';
import { SandboxedWorker } from './run/sandbox.js';
import { Snippet } from './snippets/snippet.js';
import { createSnippetQueue } from './snippets/queue.js';
import { injectEmbedStyles } from './snippets/style.js';
import { addStrings, t } from './page/i18n.js';
import snippetsStrings from './snippets/strings.js';

addStrings(snippetsStrings);

const SELECTOR = 'pre.asyncio-playground';
const WORKER_URL = new URL('./worker.js', import.meta.url).href;

let workersStarted = 0;

/**
 * Python's worker for the snippets: sandboxed like the playground's (run/sandbox.js), in
 * a frame of this page with an opaque origin, so a snippet's program cannot reach the
 * course page, its storage or its cookies. Its files come from the playground's origin
 * (dist/ must be served with Access-Control-Allow-Origin).
 */
function createWorker(url, options) {
  workersStarted += 1;
  return new SandboxedWorker(new URL('./', url), options);
}

// keepSpare: false, one Python per course page; a spare (for instant restarts)
// appears only after a first Stop had to restart Python, as runner-client.js does.
const queue = createSnippetQueue({
  createRunner: () => new RunnerClient({ workerUrl: WORKER_URL, createWorker, keepSpare: false }),
  loadErrorHint: new URL(WORKER_URL).origin !== location.origin ? t('snippetCorsHint') : '',
});
const { requestRun, requestStop } = queue;

const snippets = [];
const seen = new WeakSet();

/** Turns the new <pre class="asyncio-playground"> under `root` into snippets. */
function scan(root = document) {
  const found = [...root.querySelectorAll(SELECTOR)].filter((pre) => !seen.has(pre));
  if (!found.length) return 0;
  injectEmbedStyles();
  for (const pre of found) {
    seen.add(pre);
    snippets.push(new Snippet(pre, { index: snippets.length + 1, onRun: requestRun, onStop: requestStop }));
  }
  return found.length;
}

function watch() {
  scan();
  let queued = false;
  new MutationObserver((records) => {
    const relevant = records.some((record) => [...record.addedNodes].some(
      (node) => node.nodeType === 1 && (node.matches(SELECTOR) || node.querySelector(SELECTOR)),
    ));
    if (relevant && !queued) {
      queued = true;
      queueMicrotask(() => {
        queued = false;
        scan();
      });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}

if (!window.asyncioPlaygroundEmbed) { // embed.js included twice: the first one does it all
  window.asyncioPlaygroundEmbed = Object.freeze({
    get workersStarted() { return workersStarted; },
    get snippets() { return snippets.length; },
    get busy() { return queue.busy; },
    scan,
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch, { once: true });
  else watch();
}

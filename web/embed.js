// Script embed for course pages:
//
//   <script type="module" src="https://…/dist/embed.js"></script>
//   <pre class="asyncio-playground">print("hello")</pre>
//
// Every <pre class="asyncio-playground"> (also ones added later) becomes a runnable
// snippet (embed-snippet.js). All snippets of a page share ONE Python worker, started
// on the first Run (nothing is downloaded before), and their runs queue: one at a time,
// in the order they were asked for. The course page may be on another origin than
// embed.js: the worker is then started through a same-origin blob: module that imports
// worker.js (dist/ must be served with Access-Control-Allow-Origin).
//
// window.asyncioPlaygroundEmbed: {workersStarted, snippets, busy, scan(root?)}.

import { RunnerClient } from './runner-client.js';
import { Snippet } from './embed-snippet.js';
import { injectEmbedStyles } from './embed-style.js';
import { t } from './i18n.js';

const SELECTOR = 'pre.asyncio-playground';
const WORKER_URL = new URL('./worker.js', import.meta.url).href;

let workersStarted = 0;
let shimUrl = null;

/** A module worker for `url`, even from another origin (through a blob: shim). */
function createWorker(url) {
  workersStarted += 1;
  const href = String(url);
  if (new URL(href).origin === location.origin) return new Worker(href, { type: 'module' });
  // A static import: the shim's module graph, worker.js included, is evaluated (and
  // worker.js's onmessage set) before the worker receives its first message.
  shimUrl ??= URL.createObjectURL(
    new Blob([`import ${JSON.stringify(href)};\n`], { type: 'text/javascript' }),
  );
  return new Worker(shimUrl, { type: 'module' });
}

let runner = null;
const waiting = []; // snippets whose Run waits for its turn
let active = null; // {snippet, cancelled, cancel(), timedOut}

function getRunner() {
  if (runner?.state === 'error') {
    runner.worker?.terminate(); // Python failed to load: the next Run tries again
    runner = null;
  }
  if (!runner) {
    // keepSpare: false, one Python per course page; a spare (for instant restarts)
    // appears only after a first Stop had to restart Python, as runner-client.js does.
    runner = new RunnerClient({ workerUrl: WORKER_URL, createWorker, keepSpare: false });
    runner.addEventListener('output', ({ detail }) => active?.snippet.append(detail.stream, detail.text));
    runner.addEventListener('progress', ({ detail }) => active?.snippet.progress(detail));
  }
  return runner;
}

function showQueue() {
  waiting.forEach((snippet, i) => snippet.queued(i + (active ? 1 : 0)));
}

function requestRun(snippet) {
  if (active?.snippet === snippet || waiting.includes(snippet)) return;
  waiting.push(snippet);
  showQueue();
  pump();
}

function requestStop(snippet) {
  const index = waiting.indexOf(snippet);
  if (index >= 0) {
    waiting.splice(index, 1);
    snippet.cancelled();
    showQueue();
  } else if (active?.snippet === snippet && !active.cancelled) {
    active.cancelled = true;
    active.cancel();
    if (runner?.running) {
      snippet.stopping();
      runner.stop();
    }
  }
}

async function pump() {
  if (active || !waiting.length) return;
  const snippet = waiting.shift();
  const job = { snippet, cancelled: false, timedOut: false };
  job.whenCancelled = new Promise((resolve) => { job.cancel = resolve; });
  active = job;
  showQueue();
  try {
    await execute(job);
  } catch (error) {
    snippet.fail(t('runFailed', { message: error?.message ?? String(error) }));
  } finally {
    active = null;
    pump();
  }
}

async function execute(job) {
  const { snippet } = job;
  const client = getRunner();
  snippet.begin(!client.info || client.state === 'restarting');
  try {
    const started = await Promise.race([client.start().then(() => true), job.whenCancelled.then(() => false)]);
    if (!started) {
      snippet.cancelled();
      return;
    }
  } catch (error) {
    // Python did not load: say so in every waiting snippet too; the next Run tries again.
    let message = t('error', { message: error?.message ?? String(error) });
    if (new URL(WORKER_URL).origin !== location.origin) message += ` ${t('snippetCorsHint')}`;
    for (const waiter of [snippet, ...waiting.splice(0)]) waiter.fail(message);
    return;
  }
  snippet.running();
  const timer = snippet.timeout && setTimeout(() => {
    job.timedOut = true;
    snippet.stopping();
    client.stop();
  }, snippet.timeout * 1000);
  try {
    snippet.finish(await client.run(snippet.code()), { timedOut: job.timedOut });
  } finally {
    clearTimeout(timer);
  }
}

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
    get busy() { return Boolean(active) || waiting.length > 0; },
    scan,
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch, { once: true });
  else watch();
}

// The run queue behind runnable snippets (embed.js, lesson.js): ONE Python worker
// (a RunnerClient made on the first Run, so nothing is downloaded before), and runs
// that queue: one at a time, in the order they were asked for; a queued run can be
// cancelled. A snippet (snippets/snippet.js) only shows what happens to its runs.

import { addStrings, t } from '../page/i18n.js';
import runStrings from '../run/strings.js';

addStrings(runStrings);

/**
 * createRunner(): a new RunnerClient (called on the first Run, and again after Python
 * failed to load); loadErrorHint: a sentence added to "Python could not start".
 * Returns {requestRun(snippet, options?), requestStop(snippet), busy, runner}.
 * `options` go to RunnerClient.run (e.g. {exercise, debug, timeline}); without them,
 * snippet.runOptions?.() gives them.
 */
export function createSnippetQueue({ createRunner, loadErrorHint = '' }) {
  let runner = null;
  const waiting = []; // [{snippet, options}] whose Run waits for its turn
  let active = null; // {snippet, cancelled, cancel(), timedOut}

  function getRunner() {
    if (runner?.state === 'error') {
      runner.worker?.terminate(); // Python failed to load: the next Run tries again
      runner = null;
    }
    if (!runner) {
      runner = createRunner();
      runner.addEventListener('output', ({ detail }) => active?.snippet.append(detail.stream, detail.text));
      runner.addEventListener('progress', ({ detail }) => active?.snippet.progress(detail));
      // The run's task timeline (run option timeline) and pitfall hints, for snippets that show them.
      for (const type of ['timeline', 'hint']) {
        runner.addEventListener(type, ({ detail }) => active?.snippet.runEvent?.(type, detail));
      }
    }
    return runner;
  }

  function showQueue() {
    waiting.forEach(({ snippet }, i) => snippet.queued(i + (active ? 1 : 0)));
  }

  function requestRun(snippet, options = undefined) {
    if (active?.snippet === snippet || waiting.some((item) => item.snippet === snippet)) return;
    waiting.push({ snippet, options: options ?? snippet.runOptions?.() ?? {} });
    showQueue();
    pump();
  }

  function requestStop(snippet) {
    const index = waiting.findIndex((item) => item.snippet === snippet);
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
    const { snippet, options } = waiting.shift();
    const job = { snippet, options, cancelled: false, timedOut: false };
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
    snippet.begin(!client.info || client.state === 'restarting', job.options);
    try {
      const started = await Promise.race([client.start().then(() => true), job.whenCancelled.then(() => false)]);
      if (!started) {
        snippet.cancelled();
        return;
      }
    } catch (error) {
      // Python did not load: say so in every waiting snippet too; the next Run tries again.
      let message = t('error', { message: error?.message ?? String(error) });
      if (loadErrorHint) message += ` ${loadErrorHint}`;
      for (const waiter of [snippet, ...waiting.splice(0).map((item) => item.snippet)]) waiter.fail(message);
      return;
    }
    snippet.running();
    const timer = snippet.timeout && setTimeout(() => {
      job.timedOut = true;
      snippet.stopping();
      client.stop();
    }, snippet.timeout * 1000);
    try {
      snippet.finish(await client.run(snippet.code(), job.options), { timedOut: job.timedOut });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    requestRun,
    requestStop,
    /** A run is under way or waiting. */
    get busy() { return Boolean(active) || waiting.length > 0; },
    /** The snippet whose run is under way, or null. */
    get activeSnippet() { return active?.snippet ?? null; },
    /** The RunnerClient, made on first use. */
    get runner() { return getRunner(); },
    /** The RunnerClient if one was made, else null (nothing started). */
    get started() { return runner; },
  };
}

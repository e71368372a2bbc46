/**
 * window.playground — the page's API for tests, embedders and the browser console.
 *
 *   playground.ready            Promise<info> resolved when Python is ready
 *                               (info = {python, pyodide, jspi, isolated, sab}).
 *   playground.setCode(code)    replaces the editor's text.
 *   playground.getCode()        the editor's text.
 *   playground.run(code?)       puts `code` in the editor when given, then runs exactly
 *                               as the Run button does (console cleared, output shown);
 *                               resolves with {stdout, stderr, ok, exitCode, durationMs,
 *                               stopped}. Waits for `ready` first; rejects if a run is
 *                               already in progress.
 *   playground.stop()           Promise: stops the current run (like Stop or Esc).
 *   playground.output()         {stdout, stderr}: what the console shows for the last run.
 *   playground.loadExample(id)  shows example `id` (code and description), as the menu does.
 *   playground.examples()       the example ids, in menu order.
 *   playground.isRunning()      true while a run is in progress.
 */

/**
 * Installs window.playground.
 * @param {{runner: object, editor: object, consoleView: object,
 *          run: (code: string) => Promise<object>, loadExample: (id: string) => void,
 *          exampleIds: string[]}} parts
 */
export function installPlaygroundApi({ runner, editor, consoleView, run, loadExample, exampleIds }) {
  const api = {
    get ready() { return runner.ready; }, // replaced when Python restarts
    setCode: (code) => editor.setCode(String(code)),
    getCode: () => editor.getCode(),
    async run(code) {
      if (code !== undefined) editor.setCode(String(code));
      await runner.ready;
      if (runner.running) throw new Error('A run is already in progress; call playground.stop() first.');
      const { stdout, stderr, ok, exitCode, durationMs, stopped } = await run(editor.getCode());
      return { stdout, stderr, ok, exitCode, durationMs, stopped };
    },
    stop: () => runner.stop(),
    output: () => ({ stdout: consoleView.text('stdout'), stderr: consoleView.text('stderr') }),
    loadExample(id) {
      if (!exampleIds.includes(id)) throw new Error(`Unknown example: ${id}`);
      loadExample(id);
    },
    examples: () => [...exampleIds],
    isRunning: () => runner.running,
  };
  window.playground = Object.freeze(api);
  return api;
}

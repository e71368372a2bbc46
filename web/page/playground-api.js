/**
 * window.playground — the page's API for tests, embedders and the browser console.
 *
 *   playground.ready            Promise<info> resolved when Python is ready
 *                               (info = {python, pyodide, jspi, isolated, sab}).
 *   playground.setCode(code)    replaces the editor's text.
 *   playground.getCode()        the editor's text.
 *   playground.run(code?, {engine, timeline, stdin, clock, inspect}?)
 *                               puts `code` in the editor when given, then runs exactly
 *                               as the Run button does (console cleared, output shown);
 *                               resolves with {stdout, stderr, ok, exitCode, durationMs,
 *                               stopped, engine, restarted}. Waits for `ready` first (a stop() meanwhile
 *                               cancels the run); rejects if a run is already in progress. engine: 'cpython' (CPython's own
 *                               event loop) or 'webloop' (Pyodide's WebLoop, the browser's
 *                               loop); without it, a first line `# engine: webloop` (or
 *                               `# engine: cpython`) decides, else the Engine menu.
 *                               timeline: true/false records the task timeline for this
 *                               run whatever the Timeline toggle says. stdin: the prepared
 *                               input of this run (read first, line by line), instead of
 *                               the Input box's. clock: 'real' or
 *                               'virtual' (run/clock.js); without it, a first line
 *                               `# clock: virtual` decides, else the Virtual time toggle.
 *                               On virtual time the result also has clock: 'virtual' and
 *                               virtualMs (the virtual time the run took); else clock: 'real'.
 *                               inspect: true/false overrides the Inspect toggle: the loop
 *                               pauses before its first iteration (CPython loop, shared memory).
 *   playground.compare(code?)   "Run on both": runs the code on each engine in turn and
 *                               shows them side by side; resolves with {cpython, webloop,
 *                               differingLines}, each a run's result plus its `lines`.
 *   playground.stop()           Promise: stops the current run (like Stop or Esc).
 *   playground.inspectorState() the paused loop's state (run option inspect), or null.
 *   playground.output()         {stdout, stderr}: what the console shows for the last run.
 *   playground.loadExample(id)  shows example `id` (code and description), as the menu does.
 *   playground.examples()       the example ids, in menu order.
 *   playground.isRunning()      true while a run is in progress.
 *   playground.request({method, path, port?, headers?, body?})
 *                               sends an HTTP request to the running program's server,
 *                               as the server panel's Send button does (it shows in the
 *                               panel); resolves with {status, reason, headers, body, raw}
 *                               (headers: {name: value} as the server wrote them; raw: the
 *                               response bytes as text). port defaults to the lowest port
 *                               listening; while a run starts, waits for a server to listen.
 *                               {mode: 'raw', text, eof?, port?} sends text as it is (echo
 *                               servers). Rejects if nothing listens, the server fails, or
 *                               the page is not cross-origin isolated (no mailbox).
 *   playground.setInput(text)   puts `text` in the Input box (prepared input of later runs).
 *   playground.getInput()       the Input box's text.
 *   playground.sendInput(text?, {eof}?)
 *                               types `text` in the console's input line for the running
 *                               program (a "\n" is added unless it ends with one; several
 *                               lines are several Enters), echoed as typed; eof: true then
 *                               sends end-of-file (Ctrl+D; text is then sent as it is).
 *                               Returns false when nothing can receive it (no run, or a page
 *                               without SharedArrayBuffer, where programs read only the box).
 *   playground.waitingForInput()
 *                               true while the running program waits for a line it has not got.
 */

/**
 * Installs window.playground.
 * @param {{runner: object, editor: object, consoleView: object,
 *          run: (code: string) => Promise<object>, loadExample: (id: string) => void,
 *          exampleIds: string[], serverClient?: object,
 *          compare?: (code: string) => Promise<object>}} parts
 */
export function installPlaygroundApi({
  runner, editor, consoleView, run, loadExample, exampleIds, serverClient, compare, inputBox, inputLine, inspector,
}) {
  const api = {
    get ready() { return runner.ready; }, // replaced when Python restarts
    setCode: (code) => editor.setCode(String(code)),
    getCode: () => editor.getCode(),
    async run(code, { engine, timeline, stdin, clock, inspect } = {}) {
      if (code !== undefined && code !== null) editor.setCode(String(code));
      // No await before run(): it clears the console and claims the run at once, so
      // output() and stop() called right after refer to this run (the runner waits
      // for Python to be ready, and a stop() meanwhile cancels the run).
      if (runner.running) throw new Error('A run is already in progress; call playground.stop() first.');
      const options = {
        ...(engine === undefined ? {} : { engine }), ...(timeline === undefined ? {} : { timeline }),
        ...(stdin === undefined || stdin === null ? {} : { stdin: String(stdin) }),
        ...(clock === undefined ? {} : { clock }), ...(inspect === undefined ? {} : { inspect }),
      };
      const result = await run(editor.getCode(), options);
      const { stdout, stderr, ok, exitCode, durationMs, stopped } = result;
      return {
        stdout, stderr, ok, exitCode, durationMs, stopped, engine: result.engine, restarted: Boolean(result.restarted),
        clock: result.clock ?? 'real', ...(result.clock === 'virtual' ? { virtualMs: result.virtualMs } : {}),
      };
    },
    async compare(code) {
      if (!compare) throw new Error('This page cannot compare engines.');
      if (code !== undefined && code !== null) editor.setCode(String(code));
      await runner.ready;
      if (runner.running) throw new Error('A run is already in progress; call playground.stop() first.');
      return compare(editor.getCode());
    },
    stop: () => runner.stop(),
    /** The paused loop's state (py/asyncio_playground/insights/loopstate.py), or null while it runs. */
    inspectorState: () => inspector?.state() ?? null,
    output: () => ({ stdout: consoleView.text('stdout'), stderr: consoleView.text('stderr') }),
    loadExample(id) {
      if (!exampleIds.includes(id)) throw new Error(`Unknown example: ${id}`);
      loadExample(id);
    },
    examples: () => [...exampleIds],
    isRunning: () => runner.running,
    setInput: (text) => inputBox?.set(text),
    getInput: () => inputBox?.get() ?? '',
    sendInput(text = '', { eof = false } = {}) {
      if (!inputLine) return false;
      let value = String(text ?? '');
      if (!eof && !value.endsWith('\n')) value += '\n';
      return inputLine.send(value, { eof: Boolean(eof) });
    },
    waitingForInput: () => Boolean(inputLine?.waiting),
    async request(options = {}) {
      if (!serverClient) throw new Error('This page has no server panel.');
      const exchange = await serverClient.request(options);
      const headers = Object.fromEntries(exchange.headers);
      const body = exchange.mode === 'raw' ? exchange.raw : exchange.body;
      return { status: exchange.status, reason: exchange.reason, headers, body, raw: exchange.raw };
    },
  };
  window.playground = Object.freeze(api);
  return api;
}

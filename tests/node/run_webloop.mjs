// Runs a snippet on the WebLoop engine (Pyodide's WebLoop, batching) inside Pyodide on Node.
// Usage: node tests/node/run_webloop.mjs file.py [--cancel-after MS] [--linger MS]
//   → JSON {stdout, stderr, system, exitCode, stopped, restart, ..., ms, tasks}
// `tasks` counts the browser tasks (setImmediate callbacks) the run took; --linger waits
// that long after the run before the JSON (what the run left would print first). Node has no
// JSPI: write `await main()` at the top level, not asyncio.run(main()).
import { readFileSync } from 'node:fs';
import { collectingHost, loadRuntime } from './runtime.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const { runtime } = await loadRuntime();

let tasks = 0; // Pyodide's scheduleCallback uses setImmediate on Node: count them
const setImmediate0 = globalThis.setImmediate;
globalThis.setImmediate = (fn, ...rest) => setImmediate0(() => { tasks += 1; fn(); }, ...rest);

const { host, out } = collectingHost();
const code = readFileSync(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')), 'utf8');
const t0 = performance.now();
const run = runtime.run(code, 1, host, JSON.stringify({ engine: 'webloop' })); // the Run: its task is a promise
const cancelAfter = option('--cancel-after');
if (cancelAfter !== undefined) setTimeout(() => run.cancel(1), Number(cancelAfter));
const { task } = run;
const result = JSON.parse(await task);
task.destroy();
run.destroy();
const ms = Math.round(performance.now() - t0);
await new Promise((resolve) => setTimeout(resolve, Number(option('--linger') ?? 0)));
console.log(JSON.stringify({ ...out, ...result, ms, tasks }));
process.exit(0);

// Runs a snippet through the py/ runtime inside Pyodide on Node (fast runtime check).
// Usage: node tests/node/run_snippet.mjs file.py [--no-jspi]   → JSON {stdout, stderr, exitCode, ...}
import { readFileSync } from 'node:fs';
import { collectingHost, loadRuntime } from './runtime.mjs';

const args = process.argv.slice(2);
if (args.includes('--no-jspi')) {
  delete WebAssembly.Suspending;
  delete WebAssembly.promising;
}
const { runtime } = await loadRuntime();
const control = new Int32Array(new SharedArrayBuffer(16));
const { host, out } = collectingHost(control);
const code = readFileSync(args.find((a) => !a.startsWith('--')), 'utf8');
const t0 = performance.now();
const result = JSON.parse(runtime.run(code, 1, host));
console.log(JSON.stringify({ ...out, ...result, ms: Math.round(performance.now() - t0) }));

// Runs a snippet through the py/ runtime inside Pyodide on Node (fast runtime check).
// Usage: node tests/node/run_snippet.mjs file.py [--no-jspi]   → JSON {stdout, stderr, exitCode, ...}
import { readFileSync } from 'node:fs';
import { loadRuntime } from './runtime.mjs';

const args = process.argv.slice(2);
if (args.includes('--no-jspi')) {
  delete WebAssembly.Suspending;
  delete WebAssembly.promising;
}
const { runtime } = await loadRuntime();
const control = new Int32Array(new SharedArrayBuffer(16));
const out = { stdout: '', stderr: '', system: '' };
const host = {
  wait(timeout) {
    const ms = timeout == null ? Infinity : Math.max(0, timeout * 1000);
    const seq = Atomics.load(control, 1);
    if (ms > 0) Atomics.wait(control, 1, seq, ms);
    return Atomics.exchange(control, 0, 0);
  },
  post(json) {
    const event = JSON.parse(json);
    if (event.type === 'system') out.system += `${event.key} ${JSON.stringify(event.vars)}\n`;
    for (const [stream, text] of event.chunks ?? []) out[stream] += text;
  },
  stop_requested() { return false; },
  take_requests() { return null; },
};
const code = readFileSync(args.find((a) => !a.startsWith('--')), 'utf8');
const t0 = performance.now();
const result = JSON.parse(runtime.run(code, 1, host));
console.log(JSON.stringify({ ...out, ...result, ms: Math.round(performance.now() - t0) }));

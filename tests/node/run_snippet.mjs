// Runs a snippet through the py/ runtime inside Pyodide on Node (fast runtime check).
// Usage: node tests/node/run_snippet.mjs file.py [--no-jspi]   → JSON {stdout, stderr, exitCode, ...}
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
if (args.includes('--no-jspi')) {
  delete WebAssembly.Suspending;
  delete WebAssembly.promising;
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { loadPyodide } = await import(join(root, 'node_modules/pyodide/pyodide.mjs'));
const pyodide = await loadPyodide({ indexURL: join(root, 'node_modules/pyodide') + '/' });
const pkg = join(root, 'py/asyncio_playground');
for (const sub of ['', ...readdirSync(pkg, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== '__pycache__').map((d) => d.name)]) {
  pyodide.FS.mkdirTree(`/tmp/rt/asyncio_playground/${sub}`);
  for (const name of readdirSync(join(pkg, sub)).filter((n) => n.endsWith('.py'))) {
    pyodide.FS.writeFile(`/tmp/rt/asyncio_playground/${sub ? `${sub}/` : ''}${name}`, readFileSync(join(pkg, sub, name)));
  }
}
pyodide.runPython("import sys; sys.path.insert(0, '/tmp/rt')");
const runtime = pyodide.pyimport('asyncio_playground.worker_api');
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
    for (const [stream, text] of JSON.parse(json).chunks ?? []) out[stream] += text; // output only
  },
  stop_requested() { return false; },
};
const code = readFileSync(args.find((a) => !a.startsWith('--')), 'utf8');
const t0 = performance.now();
const result = JSON.parse(runtime.run(code, 1, host));
console.log(JSON.stringify({ ...out, ...result, ms: Math.round(performance.now() - t0) }));

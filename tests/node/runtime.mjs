// Loads Pyodide from node_modules and the py/ runtime from the source tree (not the wheel):
// what the Node scripts beside this file run snippets with.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Resolves to {pyodide, runtime}: runtime is asyncio_playground.worker_api. */
export async function loadRuntime() {
  const { loadPyodide } = await import(join(root, 'node_modules/pyodide/pyodide.mjs'));
  const pyodide = await loadPyodide({ indexURL: join(root, 'node_modules/pyodide') + '/' });
  copyTree(pyodide.FS, join(root, 'py/asyncio_playground'), '/tmp/rt/asyncio_playground');
  pyodide.runPython("import sys; sys.path.insert(0, '/tmp/rt')");
  return { pyodide, runtime: pyodide.pyimport('asyncio_playground.worker_api') };
}

/**
 * A host for the runtime (asyncio_playground/host.py) that gathers what the page would
 * show in `out`: {stdout, stderr, system} (system lines as `key {vars}`); `wait` blocks on
 * `control` (an Int32Array on shared memory) when given, else is not offered (WebLoop runs).
 */
export function collectingHost(control = null) {
  const out = { stdout: '', stderr: '', system: '' };
  const host = {
    post(json) {
      const event = JSON.parse(json);
      if (event.type === 'system') out.system += `${event.key} ${JSON.stringify(event.vars)}\n`;
      for (const [stream, text] of event.chunks ?? []) out[stream] += text;
    },
    stop_requested() { return false; },
    take_requests() { return null; },
  };
  if (control) {
    host.wait = (timeout) => {
      const ms = timeout == null ? Infinity : Math.max(0, timeout * 1000);
      const seq = Atomics.load(control, 1);
      if (ms > 0) Atomics.wait(control, 1, seq, ms);
      return Atomics.exchange(control, 0, 0);
    };
  }
  return { host, out };
}

/** Copies the .py files of `from` (and its subfolders) into Pyodide's file system at `to`. */
function copyTree(FS, from, to) {
  FS.mkdirTree(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== '__pycache__') copyTree(FS, join(from, entry.name), `${to}/${entry.name}`);
    else if (entry.name.endsWith('.py')) FS.writeFile(`${to}/${entry.name}`, readFileSync(join(from, entry.name)));
  }
}

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

/** Copies the .py files of `from` (and its subfolders) into Pyodide's file system at `to`. */
function copyTree(FS, from, to) {
  FS.mkdirTree(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== '__pycache__') copyTree(FS, join(from, entry.name), `${to}/${entry.name}`);
    else if (entry.name.endsWith('.py')) FS.writeFile(`${to}/${entry.name}`, readFileSync(join(from, entry.name)));
  }
}

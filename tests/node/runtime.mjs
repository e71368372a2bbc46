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
  const pkg = join(root, 'py/asyncio_playground');
  const subdirs = readdirSync(pkg, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== '__pycache__').map((d) => d.name);
  for (const sub of ['', ...subdirs]) {
    pyodide.FS.mkdirTree(`/tmp/rt/asyncio_playground/${sub}`);
    for (const name of readdirSync(join(pkg, sub)).filter((n) => n.endsWith('.py'))) {
      pyodide.FS.writeFile(`/tmp/rt/asyncio_playground/${sub ? `${sub}/` : ''}${name}`, readFileSync(join(pkg, sub, name)));
    }
  }
  pyodide.runPython("import sys; sys.path.insert(0, '/tmp/rt')");
  return { pyodide, runtime: pyodide.pyimport('asyncio_playground.worker_api') };
}

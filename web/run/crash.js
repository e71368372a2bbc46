// A Python that cannot go on (os._exit, a stack overflow, out of memory, a WebAssembly
// trap), said in plain words: the console line RunnerClient writes before it restarts Python.

import { addStrings, t } from '../page/i18n.js';
import runStrings from './strings.js';

addStrings(runStrings);

/** The crash as the worker reported it ({error, exitCode}): the line to show and the run's exit code. */
export function describeCrash({ error = '', exitCode = null }) {
  if (exitCode !== null && exitCode !== undefined) return { line: t('exitedLine', { code: exitCode }), exitCode };
  return { line: t('crashedLine', { message: crashReason(error) }), exitCode: 1 };
}

/** A crash message a student can read, from Pyodide's error text. */
function crashReason(error) {
  const text = String(error);
  if (/Maximum call stack size exceeded|stack overflow/i.test(text)) {
    return t('crashStack');
  }
  if (/out of memory|Cannot enlarge memory|Aborted\(OOM\)/i.test(text)) return t('crashMemory');
  const trap = /unreachable|memory access out of bounds|table index is out of bounds|null function/i.exec(text);
  if (trap) return t('crashTrap', { detail: trap[0] });
  return text.split('\n').find((line) => line.trim()) ?? text;
}

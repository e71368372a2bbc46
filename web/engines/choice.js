// Which engine runs a program: the one asked for (a run option, the Engine menu), else
// the program's own first line (`# engine: webloop`), else the default (protocol.js).

import { DEFAULT_ENGINE, ENGINES } from '../protocol.js';

/** The engine a program asks for on its first line (`# engine: webloop`), or null. */
export function engineFromCode(code) {
  const firstLine = String(code ?? '').split('\n', 1)[0];
  const name = /^\s*#\s*engine\s*[:=]\s*([\w-]+)\s*$/i.exec(firstLine)?.[1].toLowerCase();
  return ENGINES.includes(name) ? name : null;
}

/** `requested` if given (it must be one of ENGINES), else the code's choice, else the default. */
export function resolveEngine(code, requested) {
  if (requested === undefined || requested === null) return engineFromCode(code) ?? DEFAULT_ENGINE;
  if (!ENGINES.includes(requested)) {
    throw new Error(`Unknown engine ${JSON.stringify(requested)}: use ${ENGINES.map((e) => `'${e}'`).join(' or ')}.`);
  }
  return requested;
}

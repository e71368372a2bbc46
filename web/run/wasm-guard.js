// Pyodide (314) only logs a WebAssembly module that fails to compile or instantiate
// ("wasm instantiation failed!" then the error, on console.warn) and its loadPyodide()
// never settles. This turns that log into a rejected promise, so the page can show the
// browser's own error instead of loading forever.

const FAILURE_LOG = 'wasm instantiation failed!';

/**
 * Watches console.warn until restore() is called.
 * @returns {{failed: Promise<never>, restore: () => void}} `failed` rejects with the
 *   error Pyodide logged after FAILURE_LOG.
 */
export function watchWasmFailure(scope = globalThis) {
  const { console } = scope;
  const warn = console.warn;
  let reject;
  const failed = new Promise((_, rejectFailed) => {
    reject = rejectFailed;
  });
  failed.catch(() => {}); // only raced against loadPyodide; never unhandled
  let errorIsNext = false;
  console.warn = (...args) => {
    warn.apply(console, args);
    if (errorIsNext) {
      errorIsNext = false;
      const [error] = args;
      reject(error instanceof Error ? error : new Error(String(error)));
    } else if (args[0] === FAILURE_LOG) {
      errorIsNext = true;
    }
  };
  return {
    failed,
    restore() {
      console.warn = warn;
    },
  };
}

// Stop, as a person at a terminal does it: Ctrl+C, Ctrl+C again shortly after, then a fresh
// Python (DESIGN.md, "Waiting, Stop and messages while Python runs"). A WebLoop run is first
// asked to cancel its tasks: the worker is free between the loop's steps. The timers live
// on the run (run.escalation); RunnerClient clears them when the run ends.

const SECOND_SIGINT_MS = 80;
const RESTART_AFTER_MS = 200;
/** After the program ended on Stop, Python tidies up (gc takes ~0.1 s with aiohttp loaded). */
const FINISHING_RESTART_MS = 5000;
/** WebLoop Stop: the worker says it got CANCEL within this long, unless a step never yields. */
const CANCEL_ACK_MS = 100;
/** …then the runtime gives the tasks ~1 s (engines/webloop.py STOP_GRACE + CLEANUP_GRACE). */
const WEBLOOP_STOP_MS = 2000;

/**
 * Stops `run` (RunnerClient's current run: {engine, resolve, cancelAcked?}) step by step;
 * returns run.stopping, a promise that resolves once the run has ended. `python` is what
 * can be done to it:
 *   canSignal()  Ctrl+C reaches the worker (shared memory); else only a restart stops it
 *   signal()     Ctrl+C
 *   cancel()     asks a WebLoop run to cancel its tasks
 *   restart()    a fresh Python; the run ends as stopped
 *   isCurrent()  the run has not ended yet
 */
export function stopRun(run, python) {
  run.stopping = new Promise((resolve) => {
    run.resolveStop = resolve;
  });
  const originalResolve = run.resolve;
  run.resolve = (result) => {
    originalResolve(result);
    run.resolveStop();
  };
  escalate(run, python);
  return run.stopping;
}

function escalate(run, python) {
  const restart = () => {
    if (python.isCurrent()) python.restart();
  };
  if (run.engine === 'webloop') {
    python.cancel();
    run.escalation = setTimeout(() => {
      if (!python.isCurrent()) return;
      if (run.cancelAcked || !python.canSignal()) {
        run.escalation = setTimeout(restart, WEBLOOP_STOP_MS);
        return;
      }
      python.signal();
      run.escalation = setTimeout(restart, RESTART_AFTER_MS);
    }, CANCEL_ACK_MS);
    return;
  }
  if (!python.canSignal()) {
    python.restart();
    return;
  }
  python.signal();
  run.escalation = setTimeout(() => {
    if (!python.isCurrent()) return;
    python.signal();
    run.escalation = setTimeout(restart, RESTART_AFTER_MS - SECOND_SIGINT_MS);
  }, SECOND_SIGINT_MS);
}

/** The program ended on Stop and Python tidies up: no second Ctrl+C; a restart only if that hangs. */
export function awaitTidyUp(run, python) {
  if (!run.escalation) return;
  clearTimeout(run.escalation);
  run.escalation = setTimeout(() => {
    if (python.isCurrent()) python.restart();
  }, FINISHING_RESTART_MS);
}

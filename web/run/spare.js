// A spare Python: a second worker that loads in the background and becomes the current
// one at the next restart, so the restart is instant. RunnerClient decides when to keep one.

import { FROM_WORKER } from '../protocol.js';

export class SparePython {
  /** createWorker(): a new worker (RunnerClient's, with its network and snapshot choice). */
  constructor(createWorker) {
    this._createWorker = createWorker;
    this._spare = null; // {worker, info}: info once it is ready
  }

  /** Starts one in the background (told `initMessage` first), unless there is one. */
  start(initMessage) {
    if (this._spare) return;
    const worker = this._createWorker();
    const spare = { worker, info: null };
    this._spare = spare;
    const drop = () => {
      worker.terminate();
      if (this._spare === spare) this._spare = null;
    };
    worker.onmessage = ({ data }) => {
      if (data.type === FROM_WORKER.READY) spare.info = data.info;
      else if (data.type === FROM_WORKER.LOAD_ERROR) drop();
    };
    worker.onerror = drop;
    worker.postMessage(initMessage);
  }

  /** The spare if it is ready ({worker, info}), now the caller's; else null. */
  take() {
    const spare = this._spare;
    if (!spare?.info) return null;
    this._spare = null;
    return spare;
  }

  /** Ends the spare, ready or not (it no longer fits, e.g. the network setting changed). */
  drop() {
    this._spare?.worker.terminate();
    this._spare = null;
  }
}

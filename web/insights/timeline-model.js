// The task timeline of one run, built from the runtime's events (py/asyncio_playground/insights/
// timeline.py): one lane per task with its spans. Times arrive in microseconds; the
// model keeps milliseconds. No DOM here: timeline-view.js draws it.

/** What a wait can be on, grouped the way the view colours them. */
export const WAIT_GROUPS = Object.freeze({
  sleep: 'sleep',
  ready: 'ready',
  future: 'tasks', task: 'tasks', gather: 'tasks', wait: 'tasks', taskgroup: 'tasks', timeout: 'tasks',
  queue: 'sync', lock: 'sync', event: 'sync', semaphore: 'sync', condition: 'sync', barrier: 'sync',
  io: 'io',
  input: 'input', // asyncio.to_thread(input): the keyboard's line (py/asyncio_playground/stdin.py)
});

const US = 1000; // microseconds per millisecond

/**
 * A run's timeline. add(events) folds a batch in; lanes() lists the tasks in creation
 * order; more holds the aggregated lane (tasks beyond the runtime's lane limit).
 */
export class TimelineModel {
  constructor(code = '') {
    this.sourceLines = String(code).split('\n');
    this.byNum = new Map();
    this.more = null; // {count, spans}
    this.endMs = null; // set by the run's last event
    this.lastMs = 0; // the latest time any event mentions
    this.truncated = false;
  }

  /** The text of main.py's line `line` (1-based), trimmed; '' if there is none. */
  source(line) {
    return line > 0 ? (this.sourceLines[line - 1] ?? '').trim() : '';
  }

  lanes() {
    return [...this.byNum.values()];
  }

  get finished() {
    return this.endMs !== null;
  }

  _seen(ms) {
    if (ms > this.lastMs) this.lastMs = ms;
    return ms;
  }

  _closeWait(lane, ms) {
    const last = lane.spans.at(-1);
    if (last && last.kind === 'wait' && last.end === null) last.end = Math.max(ms, last.start);
  }

  add(events) {
    for (const event of events) {
      const handler = this[`_on_${event[0]}`];
      if (handler) handler.apply(this, event.slice(1));
    }
  }

  _on_start(num, t, name, coro, line) {
    this.byNum.set(num, {
      num, name, coro, line, created: this._seen(t / US), state: null, detail: '', ended: null, spans: [],
    });
  }

  _on_run(num, start, end, open) {
    const lane = this.byNum.get(num);
    if (!lane) return;
    const [s, e] = [start / US, this._seen(end / US)];
    this._closeWait(lane, s);
    const last = lane.spans.at(-1);
    if (last && last.kind === 'run' && last.open && last.end === s) {
      last.end = e; // the rest of a step a live flush cut in two
      last.open = open;
    } else {
      lane.spans.push({ kind: 'run', start: s, end: e, open });
    }
  }

  _on_wait(num, start, what, line) {
    const lane = this.byNum.get(num);
    if (!lane) return;
    lane.spans.push({ kind: 'wait', what, group: WAIT_GROUPS[what] ?? 'tasks', line, start: this._seen(start / US), end: null });
  }

  _on_block(num, start, end, line) {
    const lane = this.byNum.get(num);
    if (lane) lane.spans.push({ kind: 'block', line, start: start / US, end: this._seen(end / US) });
  }

  _on_end(num, t, state, detail, name) {
    const lane = this.byNum.get(num);
    if (!lane) return;
    const ms = this._seen(t / US);
    this._closeWait(lane, ms);
    Object.assign(lane, { ended: ms, state, detail, name });
    const last = lane.spans.at(-1);
    if (last && last.open) last.open = false;
  }

  _on_more(start, end, count) {
    this.more ??= { count: 0, spans: [] };
    this.more.count = count;
    const [s, e] = [start / US, this._seen(end / US)];
    const last = this.more.spans.at(-1);
    if (last && s - last.end < 0.5) last.end = Math.max(last.end, e);
    else this.more.spans.push({ kind: 'run', start: s, end: e });
  }

  _on_stop(t, truncated) {
    this.endMs = this._seen(t / US);
    this.truncated = truncated;
    for (const lane of this.byNum.values()) {
      this._closeWait(lane, this.endMs);
      for (const span of lane.spans) span.open = false;
    }
  }

  /** The end of `span` as drawn at time `now` (open spans grow until their next event). */
  static spanEnd(span, now) {
    return span.end === null || span.open ? Math.max(now, span.end ?? span.start) : span.end;
  }
}

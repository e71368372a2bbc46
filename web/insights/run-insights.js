// What a run shows besides its output: the task timeline (behind a remembered toggle)
// and the pitfall hints. Connects the runner's `timeline` and `hint` events to their views.

import { createTimelineView } from './timeline-view.js';
import { createHintsView } from './hints-view.js';
import { readSetting, writeSetting } from '../page/storage.js';

const STORAGE_KEY = 'asyncio-playground:timeline';

/**
 * Installs the timeline and the hints for `runner` on the page.
 * toggle: the timeline's button (aria-pressed); onLine(n): show line n in the editor.
 * Returns {runOptions(), start(code), finish(), clear(), hints(), timelineOn}.
 */
export function installRunInsights({ runner, toggle, timelineRoot, hintsRoot, onLine }) {
  const timeline = createTimelineView(timelineRoot);
  const hints = createHintsView(hintsRoot, { onLine });
  let on = readSetting(STORAGE_KEY) === 'on';
  let running = false;

  function show() {
    toggle.setAttribute('aria-pressed', String(on));
    timelineRoot.hidden = !on;
    document.documentElement.dataset.timeline = on ? 'on' : 'off';
    if (on) timeline.render();
  }

  toggle.addEventListener('click', () => {
    on = !on;
    writeSetting(STORAGE_KEY, on ? 'on' : 'off'); // storage blocked: for this page only
    if (on && !running) timeline.clear(); // the next run fills it
    show();
  });

  runner.addEventListener('timeline', ({ detail }) => timeline.add(detail.events));
  runner.addEventListener('hint', ({ detail }) => hints.add(detail.hint));
  show();

  return {
    get timelineOn() {
      return on;
    },
    /** What the next run asks the runtime for. */
    runOptions: () => ({ timeline: on }),
    /** A run of `code` begins (the console was just cleared); `options` as given to the runner. */
    start(code, { timeline: wanted = on, engine } = {}) {
      running = true;
      hints.clear();
      if (wanted && engine === 'webloop') timeline.clear('tlWebLoop'); // the WebLoop has no hooks
      else if (wanted) timeline.start(code);
      else timeline.clear();
    },
    finish() {
      running = false;
      timeline.finish();
    },
    clear() {
      hints.clear();
      if (!running) timeline.clear();
    },
    hints: () => hints.list(),
  };
}

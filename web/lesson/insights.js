// A lesson block's task timeline (timeline-view.js, behind a toggle) and pitfall hints
// (hints-view.js), under its output: the same views as the playground's, one pair per
// block, made on first use. snippets/queue.js hands the active block its run's events.

import { createTimelineView } from '../insights/timeline-view.js';
import { createHintsView } from '../insights/hints-view.js';
import { addStrings, t } from '../page/i18n.js';
import { element } from './element.js';
import insightsStrings from '../insights/strings.js';

addStrings(insightsStrings);

function timelineMarkup() {
  const root = element('section', 'timeline lesson-timeline', { hidden: true });
  root.dataset.testid = 'timeline';
  const header = element('div', 'timeline-header');
  const legend = element('div', 'timeline-legend');
  legend.setAttribute('aria-hidden', 'true');
  const summary = element('span', 'timeline-summary');
  summary.dataset.testid = 'timeline-summary';
  header.append(element('p', 'timeline-title', { textContent: t('timeline') }), summary, legend);
  root.append(header, element('div', 'timeline-plot'));
  return root;
}

function hintsMarkup() {
  const root = element('section', 'hints lesson-hints', { hidden: true });
  root.dataset.testid = 'hints';
  const list = element('ol', 'hints-list');
  list.setAttribute('aria-label', t('hintsLabel'));
  root.append(element('p', 'hints-title', { textContent: t('hintsTitle') }), list);
  return root;
}

/**
 * Adds a Timeline toggle to `bar` and the two views after `anchor`.
 * on: the toggle's first state; onLine(n): show line n of the block's code.
 */
export function createBlockInsights({ bar, before, anchor, on = false, onLine }) {
  const toggle = element('button', 'aplg-button lesson-timeline-toggle', { type: 'button', title: t('timelineToggleTitle') });
  toggle.dataset.testid = 'timeline-toggle';
  toggle.append(element('span', 'aplg-label', { textContent: t('timelineToggle') }));
  bar.insertBefore(toggle, before);
  const timelineRoot = timelineMarkup();
  const hintsRoot = hintsMarkup();
  anchor.after(timelineRoot, hintsRoot);
  let timeline = null;
  let hints = null;
  let running = false;
  let ran = false; // the timeline shows a run (or a note), not an empty plot

  const show = () => {
    toggle.setAttribute('aria-pressed', String(on));
    timelineRoot.hidden = !on || !ran;
  };
  toggle.addEventListener('click', () => {
    on = !on;
    show();
  });
  show();

  return {
    get on() { return on; },
    /** A run of `code` begins; `timeline`: whether it records one. */
    start(code, { timeline: recording }) {
      running = true;
      hints?.clear();
      if (recording) {
        timeline ??= createTimelineView(timelineRoot);
        timeline.start(code);
        ran = true;
      } else {
        timeline?.clear();
        ran = false;
      }
      show();
    },
    event(type, detail) {
      if (type === 'timeline') timeline?.add(detail.events);
      else if (type === 'hint') {
        hints ??= createHintsView(hintsRoot, { onLine });
        hints.add(detail.hint);
      }
    },
    /** How many hints the last run gave. */
    hintCount: () => hints?.list().length ?? 0,
    finish() {
      if (!running) return;
      running = false;
      timeline?.finish();
    },
    clear() {
      hints?.clear();
      timeline?.clear();
      ran = false;
      show();
    },
  };
}

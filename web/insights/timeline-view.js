// The task timeline: an SVG with one lane per task (Task.get_name(), then the coroutine),
// a time axis in ms, and spans for running (holding the event loop), blocking calls
// and waiting (colour and pattern by what is awaited). It fills in live; hovering a
// span says what it was ("await asyncio.sleep(1) — line 7"). Past the runtime's lane
// limit, one aggregated lane stands for the other tasks.

import { TimelineModel } from './timeline-model.js';
import insightsStrings from './strings.js';
import { addStrings, lang, onLangChange, t } from '../page/i18n.js';

addStrings(insightsStrings);

const SVG = 'http://www.w3.org/2000/svg';
const LABEL_W = 150;
const AXIS_H = 24;
const PAD = 14;
const LIVE_MS = 100; // redraw period while a run goes on (open spans grow)
const MIN_SPAN_PX = 2;

/** A duration in ms in the UI language: "0.12 ms", "1 002 ms". */
function formatMs(ms) {
  const digits = ms < 10 ? 2 : ms < 100 ? 1 : 0;
  return `${ms.toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ms`;
}

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Tick step (ms) giving about `count` ticks over `span` ms: 1, 2 or 5 × 10^n. */
function tickStep(span, count) {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? power * 10;
}

const PATTERNS = `
  <pattern id="tl-hatch-block" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
    <rect width="6" height="6" class="pat-block-bg"/><rect width="3" height="6" class="pat-block-fg"/></pattern>
  <pattern id="tl-hatch-ready" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
    <rect width="5" height="5" class="pat-ready-bg"/><rect width="1.5" height="5" class="pat-ready-fg"/></pattern>
  <pattern id="tl-dots" width="5" height="5" patternUnits="userSpaceOnUse">
    <rect width="5" height="5" class="pat-tasks-bg"/><circle cx="2.5" cy="2.5" r="1" class="pat-tasks-fg"/></pattern>
  <pattern id="tl-stripes" width="6" height="6" patternUnits="userSpaceOnUse">
    <rect width="6" height="6" class="pat-sync-bg"/><rect width="6" height="1.5" class="pat-sync-fg"/></pattern>
  <pattern id="tl-vlines" width="5" height="5" patternUnits="userSpaceOnUse">
    <rect width="5" height="5" class="pat-io-bg"/><rect width="1.5" height="5" class="pat-io-fg"/></pattern>`;

/**
 * The timeline in `root` (section[data-testid="timeline"] with .timeline-plot,
 * .timeline-summary and .timeline-legend inside).
 * start(code) begins a run, add(events) folds in a batch, finish() ends the run.
 */
export function createTimelineView(root) {
  const plot = root.querySelector('.timeline-plot');
  const summary = root.querySelector('.timeline-summary');
  const legend = root.querySelector('.timeline-legend');
  const tip = Object.assign(document.createElement('div'), { className: 'timeline-tip', hidden: true });
  tip.dataset.testid = 'timeline-tooltip';
  tip.setAttribute('role', 'tooltip');
  root.append(tip);
  const svg = el('svg', { class: 'timeline-svg', role: 'img' });
  plot.append(svg);

  let model = null;
  let zeroWall = null; // performance.now() at the run's time 0 (estimated from the batches)
  let layout = null; // what the last render drew: {lanes, x0, plotW, fromMs, scaleMs, laneH, end}
  let frame = 0;
  let ticker = 0;
  let emptyNote = null; // i18n key shown while there is no timeline

  const now = () => {
    if (!model) return 0;
    if (model.finished) return model.endMs;
    return Math.max(model.lastMs, zeroWall === null ? 0 : performance.now() - zeroWall);
  };

  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(); });
  }

  function rows() {
    const lanes = model ? model.lanes() : [];
    return model?.more ? [...lanes, { more: true, ...model.more }] : lanes;
  }

  function laneLabel(lane) {
    if (lane.more) return t('tlMoreLane', { count: lane.count });
    return lane.coro && lane.coro !== lane.name ? `${lane.name} · ${lane.coro}` : lane.name;
  }

  function render() {
    svg.replaceChildren();
    const lanes = rows();
    root.dataset.state = !model ? 'empty' : model.finished ? 'done' : 'live';
    root.toggleAttribute('data-no-lanes', lanes.length === 0);
    if (!model || lanes.length === 0) {
      summary.textContent = model?.finished ? t('tlNoTasks') : t(model ? 'tlWaiting' : emptyNote ?? 'tlEmpty');
      svg.setAttribute('height', 0);
      layout = null;
      return;
    }
    const end = now();
    const scaleMs = Math.max(1, end) * (model.finished ? 1 : 1.05);
    // Long set-up before the first task (imports, module code): start the axis near that task.
    const first = Math.min(...lanes.map((lane) => (lane.more ? lane.spans[0]?.start ?? end : lane.created)));
    const fromMs = first > 0.3 * end ? Math.max(0, first - 0.03 * (end - first)) : 0;
    const width = Math.max(320, plot.clientWidth);
    const room = Math.floor((plot.clientHeight - AXIS_H - 8) / lanes.length); // fill the panel when few
    const laneH = lanes.length > 60 ? 10 : Math.min(30, Math.max(14, room || 22));
    const x0 = width < 520 ? 104 : width > 640 ? LABEL_W + 20 : LABEL_W; // a narrow screen keeps room for the spans
    const plotW = width - x0 - PAD;
    const x = (ms) => x0 + ((ms - fromMs) / (scaleMs - fromMs)) * plotW;
    const height = AXIS_H + lanes.length * laneH + 6;
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('aria-label', summaryText(end));
    const defs = el('defs');
    defs.innerHTML = PATTERNS; // fixed markup, no program text
    svg.append(defs);
    drawAxis(x, fromMs, scaleMs, plotW, height);
    lanes.forEach((lane, index) => drawLane(lane, AXIS_H + index * laneH, laneH, x, end, x0));
    if (!model.finished) svg.append(el('line', { class: 'tl-now', x1: x(end), x2: x(end), y1: AXIS_H - 4, y2: height }));
    summary.textContent = summaryText(end);
    layout = { lanes, x0, plotW, fromMs, scaleMs, laneH, end };
  }

  function summaryText(end) {
    const count = model.byNum.size + (model.more?.count ?? 0);
    const parts = [t(count === 1 ? 'tlOneTask' : 'tlTasks', { count }), formatMs(end)];
    if (model.truncated) parts.push(t('tlTruncated'));
    return parts.join(' · ');
  }

  function drawAxis(x, fromMs, scaleMs, plotW, height) {
    const step = tickStep(scaleMs - fromMs, Math.max(2, Math.floor(plotW / 90)));
    const axis = el('g', { class: 'tl-axis' });
    for (let ms = Math.ceil(fromMs / step) * step; ms <= scaleMs + 1e-9; ms += step) {
      axis.append(el('line', { x1: x(ms), x2: x(ms), y1: AXIS_H - 5, y2: height, class: 'tl-grid' }));
      // The first and last labels keep inside the plot (the last one was cut: "3,000 m").
      const anchor = x(ms) - x(fromMs) < 30 ? 'start' : x(scaleMs) - x(ms) < 30 ? 'end' : 'middle';
      axis.append(el('text', { x: x(ms), y: AXIS_H - 9, 'text-anchor': anchor }, formatMs(ms)));
    }
    svg.append(axis);
  }

  function drawLane(lane, y, laneH, x, end, x0) {
    const g = el('g', { class: 'tl-lane', 'data-lane': lane.more ? 'more' : lane.num });
    if (lane.state) g.dataset.state = lane.state;
    const label = el('text', { x: 6, y: y + laneH / 2, class: 'tl-label', 'dominant-baseline': 'central' });
    const fits = Math.floor((x0 - 12) / (laneH < 14 ? 5 : 7.3)); // monospace characters in the label column
    const text = laneLabel(lane);
    label.textContent = text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
    if (laneH < 14) label.setAttribute('class', 'tl-label tl-label-small');
    g.append(el('rect', { x: 0, y, width: '100%', height: laneH, class: 'tl-lane-bg' }), label);
    const pad = laneH > 14 ? 4 : 1;
    const order = { wait: 0, run: 1, block: 2 }; // a blocking call shows on top of its step
    const spans = [...lane.spans].sort((a, b) => order[a.kind] - order[b.kind]);
    const busy = spans.length > 300; // then spans within a pixel of the last rect join it
    let last = null;
    for (const span of spans) {
      const right = TimelineModel.spanEnd(span, end);
      const x1 = x(span.start);
      const w = Math.max(span.kind === 'wait' ? 0 : MIN_SPAN_PX, x(right) - x1);
      const cls = span.kind === 'wait' ? `tl-wait tl-wait-${span.group}` : `tl-${span.kind}`;
      if (busy && last && last.cls === cls && x1 - last.right < 1) {
        last.right = Math.max(last.right, x1 + w);
        last.rect.setAttribute('width', last.right - last.x1);
        last.rect.dataset.end = right.toFixed(2);
        continue;
      }
      const inset = span.kind === 'wait' ? pad + 2 : pad;
      const rect = el('rect', {
        x: x1, y: y + inset, width: w, height: Math.max(1, laneH - 2 * inset), class: cls,
        'data-kind': span.kind, 'data-start': span.start.toFixed(2), 'data-end': right.toFixed(2),
      });
      if (span.kind === 'wait') rect.dataset.what = span.what;
      g.append(rect);
      last = { rect, cls, x1, right: x1 + w };
    }
    if (lane.ended !== undefined && lane.ended !== null && lane.state) {
      const glyph = { done: '✓', cancelled: '✕', failed: '!', pending: '…' }[lane.state] ?? '';
      g.append(el('text', { x: x(lane.ended) + 3, y: y + laneH / 2, class: `tl-end tl-end-${lane.state}`, 'dominant-baseline': 'central' }, glyph));
    }
    svg.append(g);
  }

  // ---- hover --------------------------------------------------------------------------

  function spanAt(clientX, clientY) {
    if (!layout) return null;
    const box = svg.getBoundingClientRect();
    const px = clientX - box.left;
    const index = Math.floor((clientY - box.top - AXIS_H) / layout.laneH);
    const lane = layout.lanes[index];
    if (!lane || px < layout.x0) return lane ? { lane } : null;
    const range = layout.scaleMs - layout.fromMs;
    const ms = layout.fromMs + ((px - layout.x0) / layout.plotW) * range;
    const slack = (3 / layout.plotW) * range; // a thin span is still easy to hover
    const hits = lane.spans.filter((s) => ms >= s.start - slack && ms <= TimelineModel.spanEnd(s, layout.end) + slack);
    const rank = { block: 0, run: 1, wait: 2 };
    hits.sort((a, b) => rank[a.kind] - rank[b.kind]);
    return { lane, span: hits[0] ?? null };
  }

  function describe({ lane, span }) {
    const who = lane.more ? t('tlMoreLane', { count: lane.count }) : laneLabel(lane);
    if (!span) return [who, lane.more ? t('tlMoreTip', { count: lane.count }) : stateText(lane)].filter(Boolean);
    const ms = formatMs(TimelineModel.spanEnd(span, layout.end) - span.start);
    const where = (line) => {
      const code = model.source(line);
      if (!line) return '';
      return code ? t('tlCodeLine', { code, line }) : t('tlLine', { line });
    };
    if (span.kind === 'run') return [who, t(lane.more ? 'tlMoreTip' : 'tlRunTip', { ms, count: lane.count })];
    if (span.kind === 'block') return [where(span.line), who, t('tlBlockTip', { ms })].filter(Boolean);
    const what = t(`tlWhat_${span.what}`);
    return [where(span.line), who, t(`tlWait_${span.group}`, { what, ms })].filter(Boolean);
  }

  function stateText(lane) {
    if (!lane.state) return t('tlCreated', { ms: formatMs(lane.created) });
    return t(`tlState_${lane.state}`, { detail: lane.detail });
  }

  svg.addEventListener('pointermove', (event) => {
    const hit = spanAt(event.clientX, event.clientY);
    if (!hit) {
      tip.hidden = true;
      return;
    }
    const lines = describe(hit);
    tip.replaceChildren(...lines.map((text, i) => Object.assign(document.createElement(i ? 'div' : 'strong'), { textContent: text })));
    tip.hidden = false;
    const box = root.getBoundingClientRect();
    const left = Math.min(event.clientX - box.left + 12, box.width - tip.offsetWidth - 4);
    tip.style.left = `${Math.max(4, left)}px`;
    tip.style.top = `${event.clientY - box.top + 14}px`;
  });
  svg.addEventListener('pointerleave', () => { tip.hidden = true; });

  function renderLegend() {
    const items = [['run', 'tlLegendRun'], ['block', 'tlLegendBlock'], ['wait-sleep', 'tlLegendSleep'],
      ['wait-tasks', 'tlLegendTasks'], ['wait-sync', 'tlLegendSync'], ['wait-io', 'tlLegendIo'], ['wait-input', 'tlLegendInput'],
      ['wait-ready', 'tlLegendReady']];
    legend.replaceChildren(...items.map(([kind, key]) => {
      const item = Object.assign(document.createElement('span'), { className: 'tl-key' });
      item.append(Object.assign(document.createElement('i'), { className: `tl-swatch tl-swatch-${kind}` }), t(key));
      return item;
    }));
  }

  onLangChange(() => { renderLegend(); render(); });
  new ResizeObserver(() => schedule()).observe(plot);
  renderLegend();
  render();

  return {
    /** A run begins: `code` gives the text shown for each line. */
    start(code) {
      model = new TimelineModel(code);
      emptyNote = null;
      zeroWall = null;
      tip.hidden = true;
      clearInterval(ticker);
      ticker = setInterval(schedule, LIVE_MS);
      render();
    },
    add(events) {
      if (!model) return;
      model.add(events);
      const estimate = performance.now() - model.lastMs;
      zeroWall = zeroWall === null ? estimate : Math.min(zeroWall, estimate);
      schedule();
    },
    finish() {
      clearInterval(ticker);
      if (model && !model.finished) model.add([['stop', Math.round(now() * 1000), false]]); // stopped or restarted
      render(); // now, not at the next frame: the run's timeline is drawn when run() resolves
    },
    /** Empties the timeline; `note`: the key of what to say instead of "run the program". */
    clear(note = null) {
      clearInterval(ticker);
      model = null;
      emptyNote = note;
      tip.hidden = true;
      render();
    },
    render,
  };
}

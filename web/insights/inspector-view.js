// Inside the event loop: the Inspect toggle and the panel that shows a paused loop (run option
// inspect, CPython loop engine). The runtime pauses between two iterations of _run_once, or before
// one callback, and sends the loop's state (py/asyncio_playground/insights/loopstate.py); the
// buttons send the next command (protocol.js INSPECT_COMMANDS) through runner.inspect().
// Keys while paused: F10 Step, Shift+F10 Step callback, F8 Continue.

import insightsStrings from './strings.js';
import { INSPECT_COMMANDS } from '../protocol.js';
import { addStrings, lang, onLangChange, t } from '../page/i18n.js';

addStrings(insightsStrings);

/** Seconds with three decimals in the UI language (0.998 / 0,998): timers are often that close. */
const seconds = (s) => Math.abs(s).toLocaleString(lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** A ready callback or a timer's handle, as a student reads it. */
export function describeHandle(item) {
  if (item.kind === 'step') {
    return t(item.starts ? 'inStepStarts' : 'inStepResumes', { task: item.task, coro: item.coro, line: item.line });
  }
  if (item.kind === 'wake') return t('inWake', { task: item.task, what: item.call || whatWord(item.what) });
  const call = `${item.func}(${item.args})`;
  return item.for ? t('inCallFor', { call, task: item.for }) : call;
}

function whatWord(what) {
  const key = `inWhat_${what}`;
  const text = t(key);
  return text === key ? what : text;
}

/** What a waiting task awaits: `sleep(1)`, `Queue.get()`, another task, a gather of tasks… */
export function describeAwait(task) {
  if (task.call) return task.call;
  if (Array.isArray(task.awaits)) return t('inAwaitsGather', { tasks: task.awaits.join(', ') });
  if (task.awaits) return task.awaits;
  return whatWord(task.what);
}

export function describeSelector(selector) {
  if (selector.kind === 'timer') return t('inSelectorTimer', { seconds: seconds(selector.seconds) });
  return t(selector.kind === 'poll' ? 'inSelectorPoll' : 'inSelectorForever');
}

function item(tag, text, testid) {
  const node = Object.assign(document.createElement(tag), { textContent: text });
  if (testid) node.dataset.testid = testid;
  return node;
}

/**
 * The inspector in `root` (section[data-testid="inspector"], its markup in index.html) for `runner`.
 * toggle: the Inspect button (aria-pressed); editor: marks the next line, shows a task's line;
 * onStop(): the page's Stop. Returns {get on, runOptions({on?, engine, sab}), setAvailable(yes), start(options),
 * finish(), state()}.
 */
export function createInspector({ root, toggle, runner, editor, onStop }) {
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const parts = {
    status: $('inspector-status'), selector: $('inspector-selector'), ready: $('inspector-ready'),
    timers: $('inspector-timers'), tasks: $('inspector-tasks'), line: $('inspector-line'),
  };
  const buttons = {
    step: $('inspector-step'), stepCallback: $('inspector-step-callback'), continue: $('inspector-continue'),
    toLine: $('inspector-continue-to-line'), stop: $('inspector-stop'),
  };
  let on = false;
  let active = false; // the current run is inspected
  let state = null; // the paused loop's state, null while it runs
  let phase = 'idle'; // idle | running | paused | ended

  function send(kind, line = 0) {
    if (!state) return;
    if (runner.inspect(kind, line)) {
      state = null;
      phase = 'running';
      editor.markLine(0);
      render();
    }
  }

  function renderList(list, items, more, describe, testid) {
    list.replaceChildren(...items.map((entry, i) => {
      const li = item('li', describe(entry), testid);
      if (i === 0 && testid === 'inspector-ready-item') li.dataset.next = 'true';
      return li;
    }));
    if (more) list.append(item('li', t('inMore', { count: more })));
    if (!items.length) list.append(item('li', t('inNone'), `${testid}-none`));
  }

  function taskRow(task) {
    const li = Object.assign(document.createElement('li'), { className: 'in-task' });
    li.dataset.testid = 'inspector-task';
    li.dataset.state = task.state;
    li.dataset.task = task.name;
    const head = item('button', `${task.name} · ${task.coro}()`, 'inspector-task-name');
    head.type = 'button';
    head.className = 'in-task-name';
    if (task.line) {
      head.title = t('inShowLine', { line: task.line });
      head.addEventListener('click', () => editor.goToLine(task.line));
    } else head.disabled = true;
    const stateText = item('span', t(`inState_${task.state}`), 'inspector-task-state');
    stateText.className = `in-state in-state-${task.state}`;
    li.append(head, ' ', stateText);
    if (task.state === 'ready' || task.state === 'waiting') {
      const where = task.what === 'start'
        ? t('inStartsAt', { line: task.line })
        : t('inAwaitsAt', { what: describeAwait(task), line: task.line });
      li.append(item('div', where, 'inspector-task-await'));
      if (task.chain?.length) {
        const chain = task.chain.map((f) => t('inFrame', { coro: f.coro, line: f.line })).join(' → ');
        const by = task.awaitedBy ? ` ${t('inAwaitedBy', { task: task.awaitedBy })}` : '';
        li.append(item('div', `${t('inChain')} ${chain}${by}`, 'inspector-task-chain'));
      }
    } else if (task.detail) li.append(item('div', task.detail, 'inspector-task-await'));
    return li;
  }

  function render() {
    root.hidden = !on;
    toggle.setAttribute('aria-pressed', String(on));
    const paused = Boolean(state);
    for (const button of [buttons.step, buttons.stepCallback, buttons.continue, buttons.toLine]) {
      button.disabled = !paused;
    }
    buttons.stop.disabled = phase !== 'paused' && phase !== 'running';
    root.dataset.phase = phase;
    if (!paused) {
      parts.status.textContent = t({ idle: 'inIdle', running: 'inRunning', ended: 'inEnded' }[phase] ?? 'inIdle');
      return;
    }
    const where = t(state.where === 'iteration' ? 'inPausedIteration' : 'inPausedCallback', {
      iteration: state.iteration, time: seconds(state.time),
    });
    parts.status.textContent = where;
    parts.selector.textContent = describeSelector(state.selector);
    renderList(parts.ready, state.ready, state.readyMore, describeHandle, 'inspector-ready-item');
    renderList(parts.timers, state.timers, state.timersMore,
      (timer) => `+${seconds(timer.in)} s  ${describeHandle(timer)}`, 'inspector-timer');
    parts.tasks.replaceChildren(...state.tasks.map(taskRow));
    if (state.tasksMore) parts.tasks.append(item('li', t('inMore', { count: state.tasksMore })));
  }

  function clearLists() {
    for (const list of [parts.ready, parts.timers, parts.tasks]) list.replaceChildren();
    parts.selector.textContent = '';
  }

  toggle.addEventListener('click', () => {
    on = !on;
    render();
  });
  buttons.step.addEventListener('click', () => send(INSPECT_COMMANDS.STEP));
  buttons.stepCallback.addEventListener('click', () => send(INSPECT_COMMANDS.STEP_CALLBACK));
  buttons.continue.addEventListener('click', () => send(INSPECT_COMMANDS.CONTINUE));
  buttons.toLine.addEventListener('click', () => {
    const line = Number.parseInt(parts.line.value, 10);
    if (line > 0) send(INSPECT_COMMANDS.CONTINUE_TO_LINE, line);
    else parts.line.focus();
  });
  parts.line.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      buttons.toLine.click();
    }
  });
  buttons.stop.addEventListener('click', () => onStop());
  document.addEventListener('keydown', (event) => {
    if (!state || event.defaultPrevented) return;
    const command = event.key === 'F10' ? (event.shiftKey ? INSPECT_COMMANDS.STEP_CALLBACK : INSPECT_COMMANDS.STEP)
      : event.key === 'F8' ? INSPECT_COMMANDS.CONTINUE : 0;
    if (!command) return;
    event.preventDefault();
    send(command);
  });
  runner.addEventListener('inspect', ({ detail }) => {
    if (!active) return;
    state = detail.state;
    phase = state ? 'paused' : 'running';
    if (state) editor.markLine(state.nextLine || 0);
    render();
  });
  onLangChange(render);
  render();

  return {
    get on() { return on; },
    /** The run option for the next run: only the CPython loop pauses, and only with shared memory. */
    runOptions: ({ on: wanted = on, engine, sab }) => (wanted && engine === 'cpython' && sab ? { inspect: true } : {}),
    /** Without shared memory the loop cannot wait for a command: the toggle is off and disabled. */
    setAvailable(available) {
      toggle.disabled = !available;
      toggle.dataset.i18nTitle = available ? 'inToggleTitle' : 'inNoSab';
      toggle.title = t(toggle.dataset.i18nTitle);
      if (!available && on) toggle.click();
    },
    /** A run begins with `options` (as sent to the runner). */
    start(options) {
      active = Boolean(options.inspect);
      state = null;
      phase = active ? 'running' : 'idle';
      clearLists();
      render();
    },
    finish() {
      if (active) phase = 'ended';
      active = false;
      state = null;
      clearLists();
      editor.markLine(0);
      render();
    },
    /** The paused loop's state (loopstate.py's snapshot), or null. */
    state: () => state,
  };
}

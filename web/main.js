// Wiring: builds the editor, console and runner, and connects their events to the page.

import { RunnerClient } from './run/runner-client.js';
import { describeOutcome } from './run/outcome.js';
import { engineFromCode, resolveEngine } from './engines/choice.js';
import { createClockToggle, resolveClock, showClock } from './run/clock.js';
import { createEditor } from './editor/editor.js';
import { createConsole } from './console/console-view.js';
import { createInputLine } from './console/input-line.js';
import { createInputBox } from './console/input-box.js';
import { EXAMPLES } from './examples/index.js';
import { createExamplePanel } from './examples/panel.js';
import { installPlaygroundApi } from './page/playground-api.js';
import { ServerClient } from './server/server-client.js';
import { createServerPanel } from './server/server-panel.js';
import { addStrings, onLangChange, t, translatePage } from './page/i18n.js';
import { installRunInsights } from './insights/run-insights.js';
import { createInspector } from './insights/inspector-view.js';
import { installLangSwitch } from './page/lang-switch.js';
import { detectSupport, loadSuggestion, renderSupport } from './page/browser-support.js';
import { createStatusLine } from './page/status.js';
import { installShare } from './share/share.js';
import { installEmbedMode, isEmbedded } from './iframe/embed-mode.js';
import { registerServiceWorker } from './page/sw-register.js';
import { createEnginePicker, showEngineUsed } from './engines/picker.js';
import { createCompareView } from './engines/compare-view.js';
import { initialWrap, installEditorPrefs } from './editor/prefs.js';
import { createRunStatus } from './page/run-status.js';
import { describeProgress } from './page/load-progress.js';
import editorStrings from './editor/strings.js';
import pageStrings from './page/strings.js';
import runStrings from './run/strings.js';

addStrings(editorStrings, pageStrings, runStrings);

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const ui = Object.fromEntries([
  'examples', 'run', 'stop', 'clear', 'status', 'status-text', 'status-percent',
  'load-progress', 'mode', 'example-title', 'example-badge', 'example-description',
  'editor', 'console', 'elapsed', 'reset', 'engine', 'engine-used', 'compare', 'clock-badge',
].map((id) => [id, byTestId(id)]));

translatePage();
const pageSupport = detectSupport(); // refined by what Python's worker reports when ready
renderSupport(byTestId('support'), pageSupport);
/** A load failure's text, followed by what the user can do about it. */
const withSuggestion = (text) => `${text} — ${loadSuggestion(pageSupport)}`;

const runner = new RunnerClient();
const consoleView = createConsole(ui.console, { onLine: (line) => editor.goToLine(line) }); // traceback links
const enginePicker = createEnginePicker(ui.engine, {
  onChange: () => info && pythonReady && showReady(), used: ui['engine-used'],
});
// "Allow network": off by default, per visit; a fresh Python in a frame whose policy says so.
byTestId('allow-network').addEventListener('change', (event) => {
  runner.setNetwork(event.target.checked).catch(() => {});
});
const serverClient = new ServerClient(runner); // the in-page server (vnet) and its panel
createServerPanel(byTestId('server-panel'), { client: serverClient });
const editor = createEditor(ui.editor, {
  onRun: runFromUi,
  onChange: (code) => examples.edited(code), // the draft is saved (examples/panel.js)
  label: t('editorLabel'),
  wrap: initialWrap(),
});
installEditorPrefs({
  editor, wrapToggle: byTestId('wrap-toggle'), smaller: byTestId('font-smaller'), larger: byTestId('font-larger'),
});
// What a running program reads: the Input box first, then the console's input line.
const inputBox = createInputBox(byTestId('stdin-box'), byTestId('stdin-text'));
const inputLine = createInputLine({
  consoleView, runner,
  announce: (text) => byTestId('announcer').replaceChildren(document.createTextNode(text)),
  onEnd: (hadFocus) => hadFocus && editor.focus(), // the run is over: back to the code
});
const runStatus = createRunStatus({
  elapsed: ui.elapsed, consoleElement: ui.console, announcer: byTestId('announcer'), consoleView, runner,
});
// The task timeline and the pitfall hints of each run (run-insights.js); FR/EN menu.
const insights = installRunInsights({
  runner, toggle: byTestId('timeline-toggle'), timelineRoot: byTestId('timeline'),
  hintsRoot: byTestId('hints'), onLine: (line) => editor.goToLine(line),
});
installLangSwitch(byTestId('lang'));
const clockToggle = createClockToggle(byTestId('clock-toggle')); // virtual time for the next runs
// Pause and step the loop (insights/inspector-view.js): the Inspect toggle and its panel.
const inspector = createInspector({
  root: byTestId('inspector'), toggle: byTestId('inspect-toggle'), runner, editor, onStop: () => stopFromUi(),
});

let info = null;         // what runner.ready resolved with
let pythonReady = false; // the worker can take a run now
let busy = false;        // a run started here has not finished
let stopping = false;

function updateControls() {
  ui.run.disabled = !pythonReady || busy;
  ui.compare.disabled = !pythonReady || busy;
  ui.stop.disabled = !busy || stopping;
  ui.stop.querySelector('.stop-label').textContent = t(stopping ? 'stopping' : 'stop');
}

// ---- status area ----------------------------------------------------------------

const status = createStatusLine({
  root: ui.status, text: ui['status-text'], percent: ui['status-percent'], progress: ui['load-progress'],
  mode: ui.mode, support: byTestId('support'),
});
const showStatus = status.show;
const showReady = () => status.ready(info, enginePicker.value);

runner.addEventListener('progress', ({ detail }) => {
  if (!pythonReady) { // {stage, key?, loaded?, total?, percent?} (load-progress.js)
    const { text, percent } = describeProgress(detail);
    showStatus(text, { percent });
  }
});

runner.addEventListener('state', ({ detail }) => {
  const { state, message } = detail;
  if (state === 'ready') {
    pythonReady = true;
    if (info) showReady();
  } else if (state === 'loading' || state === 'restarting') {
    pythonReady = false;
    showStatus(t(state === 'loading' ? 'loading' : 'restarting'));
  } else if (state === 'error') {
    pythonReady = false;
    showStatus(withSuggestion(message || t('errorUnknown')), { kind: 'error' });
  }
  updateControls();
});

runner.addEventListener('stalled', ({ detail }) => {
  if (!pythonReady && status.kind !== 'error') showStatus(t('loadStalled', detail), { kind: 'warning' });
});

// ---- running --------------------------------------------------------------------

runner.addEventListener('output', ({ detail }) => {
  consoleView.append(detail.stream, detail.text);
});

/** Writes a playground message on a line of its own. */
const systemLine = (text) => consoleView.systemLine(text);

let lastResult = null; // redrawn in the other language
function showResult(result) {
  lastResult = result;
  ui.elapsed.textContent = describeOutcome(result);
  ui.elapsed.dataset.kind = result.ok ? 'ok' : 'failed';
  if (result.error && !consoleView.text().includes(result.error)) systemLine(result.error);
}

/**
 * Runs `code` as the Run button does; resolves with the RunResult. The engine:
 * options.engine, else the code's `# engine:` first line, else the Engine menu; the clock likewise
 * (options.clock, `# clock: virtual`, the Virtual time toggle; run/clock.js).
 */
async function run(code, options = {}) {
  if (busy) throw new Error('A run is already in progress.');
  const fromCode = options.engine == null ? engineFromCode(code) : null;
  const engine = resolveEngine(code, options.engine ?? fromCode ?? enginePicker.value);
  const fromButton = document.activeElement === ui.run; // keyboard focus follows: Run → Stop → Run
  busy = true;
  stopping = false;
  updateControls();
  if (fromButton) ui.stop.focus({ preventScroll: true });
  consoleView.clear();
  runStatus.start();
  showEngineUsed(ui['engine-used'], engine, { fromCode: fromCode !== null });
  const clock = resolveClock(code, options.clock, { fallback: clockToggle.value, engine });
  showClock(ui['clock-badge'], clock);
  const { inspect: wantsInspect = inspector.on, ...rest } = options;
  const inspect = inspector.runOptions({ on: wantsInspect, engine, sab: info?.sab });
  const stdin = options.stdin ?? inputBox.get(); // playground.run(code, {stdin}), else the Input box
  const runOptions = {
    ...insights.runOptions(), ...rest, engine, clock, ...inspect, stdin: String(stdin ?? ''), inputLine: true,
  };
  insights.start(code, runOptions);
  inspector.start(runOptions);
  try {
    const result = await runner.run(code, runOptions);
    showResult(result);
    runStatus.end(result);
    return result;
  } catch (error) {
    runStatus.abort();
    systemLine(t('runFailed', { message: error?.message ?? String(error) }));
    throw error;
  } finally {
    consoleView.finish(); // all drawn, tracebacks made readable, when the run resolves (console-view.js)
    insights.finish();
    inspector.finish();
    busy = false;
    stopping = false;
    const focusLost = document.activeElement === ui.stop
      || (fromButton && [document.body, null].includes(document.activeElement));
    updateControls();
    if (focusLost) ui.run.focus({ preventScroll: true }); // the output may be in view (phones)
  }
}

function runFromUi() {
  if (!pythonReady || busy) return;
  run(editor.getCode()).catch(() => {}); // the error is shown in the console
  // Stacked layout: bring the output into view, as the editor may fill the screen.
  if (matchMedia('(max-width: 899px)').matches) ui.console.scrollIntoView({ block: 'nearest' });
}

function stopFromUi() {
  if (!busy || stopping) return;
  stopping = true;
  updateControls();
  runner.stop().catch((error) => systemLine(t('runFailed', { message: error?.message ?? String(error) })));
}

ui.run.addEventListener('click', runFromUi);
ui.stop.addEventListener('click', stopFromUi);
const compareView = createCompareView(byTestId('compare-view'), { runner, run, jspi: () => info?.jspi });
ui.compare.addEventListener('click', () => {
  if (pythonReady && !busy) compareView.compare(editor.getCode()).catch(() => {}); // shown in the console
});
ui.clear.addEventListener('click', () => {
  consoleView.clear();
  insights.clear();
  runStatus.clear();
  lastResult = null;
  ui.elapsed.textContent = '';
});
document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented) return; // the editor (or a popup in it) handled the key
  if (event.key === 'Escape' && busy) {
    event.preventDefault();
    stopFromUi();
  } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    runFromUi();
  }
});

// ---- examples -------------------------------------------------------------------

const examples = createExamplePanel({
  editor, select: ui.examples, title: ui['example-title'], badge: ui['example-badge'],
  description: ui['example-description'], reset: ui.reset, banner: byTestId('share-banner'),
});
const loadExample = examples.load;
onLangChange(() => { // what translatePage cannot reach: text written from here
  if (pythonReady && info) showReady();
  if (lastResult && !busy) showResult(lastResult);
  inputLine.relabel();
  updateControls();
});
examples.restore();

// ---- start ----------------------------------------------------------------------

updateControls();
registerServiceWorker({ after: runner.start() }); // the second visit opens from the cache
runner.start().then(
  (readyInfo) => {
    info = readyInfo;
    pythonReady = true;
    inspector.setAvailable(Boolean(info.sab)); // the loop waits for commands in shared memory
    showReady();
    updateControls();
  },
  (error) => {
    pythonReady = false;
    showStatus(withSuggestion(t('error', { message: error?.message ?? String(error) })), { kind: 'error' });
    updateControls();
  },
);

const api = installPlaygroundApi({
  runner, editor, consoleView, run, loadExample, compare: (code) => compareView.compare(code),
  exampleIds: EXAMPLES.map((example) => example.id),
  serverClient, inputBox, inputLine, inspector,
});

// ---- share links (#code=, #example=) and embed mode (?embed=1) -------------------

const share = installShare({
  button: byTestId('share'), banner: byTestId('share-banner'), message: byTestId('share-message'),
  editor, loadExample, onBack: examples.backToDraft, onLinked: examples.linkedTo, input: inputBox,
  exampleInfo: {
    select: ui.examples, title: ui['example-title'], badge: ui['example-badge'],
    description: ui['example-description'],
  },
});
if (isEmbedded) {
  installEmbedMode({
    api, runner, editor, link: byTestId('open-in-playground'), select: ui.examples, loaded: share.loaded,
  });
}

// Wiring: builds the editor, console and runner, and connects their events to the page.

import { RunnerClient, engineFromCode, resolveEngine } from './runner-client.js';
import { createEditor } from './editor.js';
import { createConsole } from './console-view.js';
import { DEFAULT_EXAMPLE_ID, EXAMPLES, exampleLabel, findExample } from './examples.js';
import { installPlaygroundApi } from './playground-api.js';
import { ServerClient } from './server-client.js';
import { createServerPanel } from './server-panel.js';
import { formatSeconds, lang, onLangChange, t, translatePage } from './i18n.js';
import { installRunInsights } from './run-insights.js';
import { installLangSwitch } from './lang-switch.js';
import { detectSupport, loadSuggestion, renderSupport } from './browser-support.js';
import { createDraftStore } from './draft-store.js';
import { installShare } from './share.js';
import { installEmbedMode, isEmbedded } from './embed-mode.js';
import { registerServiceWorker } from './sw-register.js';
import { createEnginePicker, showEngineUsed } from './engine-picker.js';
import { createCompareView } from './compare-view.js';
import { initialWrap, installEditorPrefs } from './editor-prefs.js';
import { createRunStatus } from './run-status.js';
import { describeProgress } from './load-progress.js';
import { installExampleMenu } from './example-menu.js';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const ui = Object.fromEntries([
  'examples', 'run', 'stop', 'clear', 'status', 'status-text', 'status-percent',
  'load-progress', 'mode', 'example-title', 'example-badge', 'example-description',
  'editor', 'console', 'elapsed', 'reset', 'engine', 'engine-used', 'compare',
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
// The student's own draft. Code from a link is someone else's: while the editor holds
// it (edited or not), it is saved apart, with the link it came from, never over the draft.
const drafts = createDraftStore();
const linkDrafts = createDraftStore(`${location.pathname}${location.search}#link`);
let currentExampleId = DEFAULT_EXAMPLE_ID;
let linked = null; // {token}: the editor holds a link's code
const editor = createEditor(ui.editor, {
  onRun: runFromUi,
  onChange: (code) => {
    if (linked) linkDrafts.save({ code, token: linked.token });
    else drafts.save({ code, exampleId: currentExampleId });
    updateBadge();
  },
  label: t('editorLabel'),
  wrap: initialWrap(),
});
installEditorPrefs({
  editor, wrapToggle: byTestId('wrap-toggle'), smaller: byTestId('font-smaller'), larger: byTestId('font-larger'),
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

function showStatus(text, { percent = null, kind = 'loading' } = {}) {
  ui.status.dataset.kind = kind;
  ui.status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  ui.status.setAttribute('aria-busy', String(kind === 'loading')); // announce the outcome, not every percent
  ui['status-text'].textContent = text;
  ui['status-percent'].textContent = percent === null ? '' : `${Math.round(percent)}%`;
  ui['load-progress'].hidden = kind !== 'loading';
  if (percent !== null) ui['load-progress'].value = percent;
  else ui['load-progress'].removeAttribute('value'); // indeterminate until a percent arrives
  ui.mode.hidden = kind !== 'ready';
}

function showReady() {
  showStatus(t('ready', info), { kind: 'ready' });
  const flag = (name, on) => t('flag', { name, value: t(on ? 'yes' : 'no') });
  // Plain words for students; the technical details on hover.
  ui.mode.textContent = [t(enginePicker.value === 'webloop' ? 'loopWebLoop' : 'loopCPython'),
    t(info.sab ? 'modeStopInstant' : 'modeStopRestarts')].join(' · ');
  ui.mode.title = [flag('JSPI', info.jspi), flag(t('isolated'), info.isolated), flag('SharedArrayBuffer', info.sab)].join(' · ');
  renderSupport(byTestId('support'), info);
}

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
  if (!pythonReady && ui.status.dataset.kind !== 'error') showStatus(t('loadStalled', detail), { kind: 'warning' });
});

// ---- running --------------------------------------------------------------------

runner.addEventListener('output', ({ detail }) => {
  consoleView.append(detail.stream, detail.text);
});

/** Writes a playground message on a line of its own. */
function systemLine(text) {
  const shown = consoleView.text();
  consoleView.append('system', `${shown && !shown.endsWith('\n') ? '\n' : ''}${text}\n`);
}

let lastResult = null; // redrawn in the other language
function showResult(result) {
  lastResult = result;
  const seconds = formatSeconds(result.durationMs);
  const parts = [t(result.stopped ? 'stoppedAfter' : 'ranIn', { seconds })];
  if (result.exitCode !== 0) parts.push(t('exitCode', { code: result.exitCode }));
  ui.elapsed.textContent = parts.join(' · ');
  ui.elapsed.dataset.kind = result.ok ? 'ok' : 'failed';
  if (result.error && !consoleView.text().includes(result.error)) systemLine(result.error);
}

/**
 * Runs `code` as the Run button does; resolves with the RunResult. The engine:
 * options.engine, else the code's `# engine:` first line, else the Engine menu.
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
  const runOptions = { ...insights.runOptions(), ...options, engine };
  insights.start(code, runOptions);
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

/** Shows example `id`; `code` replaces its code (a restored draft). */
function loadExample(id, { code } = {}) {
  const example = findExample(id) ?? findExample(DEFAULT_EXAMPLE_ID);
  if (linked) leaveLink();
  currentExampleId = example.id;
  ui.examples.value = example.id;
  editor.setCode(code ?? example.code);
  showExampleInfo(example);
}

/** The badge says "from the article" only over the example's own code. */
function updateBadge() {
  const example = findExample(currentExampleId);
  if (linked || !example) return;
  const own = editor.getCode() === example.code;
  const kind = !own ? 'edited' : example.verbatim ? 'article' : 'updated';
  ui['example-badge'].textContent = t({ edited: 'editedBadge', article: 'fromArticle', updated: 'updated' }[kind]);
  ui['example-badge'].dataset.kind = kind;
}

/** The editor no longer holds the link's code: the fragment and the link's entry go. */
function leaveLink() {
  linked = null;
  if (location.hash.startsWith('#code=')) history.replaceState(history.state, '', location.pathname + location.search);
  ui.examples.querySelector('option[data-linked]')?.remove();
  byTestId('share-banner').hidden = true;
}

/** "Back to my draft": the student's saved draft (or the first example) again. */
function backToDraft() {
  const saved = drafts.load();
  leaveLink();
  loadExample(saved?.exampleId ?? DEFAULT_EXAMPLE_ID, { code: saved?.code });
  editor.focus();
}

/** The example's title, badge and description, in the UI language. */
function showExampleInfo(example) {
  const title = Object.assign(document.createElement('span'), { lang: 'fr', textContent: example.title });
  ui['example-title'].replaceChildren(title);
  if (lang !== 'fr' && example.titleEn !== example.title) {
    const subtitle = Object.assign(document.createElement('span'), { className: 'title-en' });
    subtitle.textContent = example.titleEn;
    ui['example-title'].append(' ', subtitle);
  }
  ui['example-description'].textContent = lang === 'fr' ? example.description : example.descriptionEn;
  updateBadge();
}

ui.examples.append(...EXAMPLES.map((example) => new Option(exampleLabel(example, lang), example.id)));
onLangChange(() => { // what translatePage cannot reach: text written from here
  for (const option of ui.examples.options) {
    const example = findExample(option.value);
    if (example) option.textContent = exampleLabel(example, lang);
  }
  const shown = findExample(currentExampleId);
  if (shown && ui.examples.value === shown.id && !linked) showExampleInfo(shown);
  if (pythonReady && info) showReady();
  if (lastResult && !busy) showResult(lastResult);
  updateControls();
});
installExampleMenu(ui.examples, { current: () => currentExampleId, onPick: (id) => loadExample(id) });
ui.reset.addEventListener('click', () => loadExample(currentExampleId)); // Ctrl+Z brings the edit back
const draft = drafts.load();
loadExample(draft?.exampleId ?? DEFAULT_EXAMPLE_ID, { code: draft?.code });

// ---- start ----------------------------------------------------------------------

updateControls();
registerServiceWorker({ after: runner.start() }); // the second visit opens from the cache
runner.start().then(
  (readyInfo) => {
    info = readyInfo;
    pythonReady = true;
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
  serverClient,
});

// ---- share links (#code=, #example=) and embed mode (?embed=1) -------------------

const share = installShare({
  button: byTestId('share'), banner: byTestId('share-banner'), message: byTestId('share-message'),
  editor, loadExample, onBack: backToDraft,
  /** A link's code is coming: it is not the draft's. Returns its saved edits, if any. */
  onLinked: (token) => {
    linked = { token };
    const edited = linkDrafts.load();
    return edited?.token === token ? edited.code : null;
  },
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

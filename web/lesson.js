// The lesson page (lesson.html): the article's text, rendered at build time from
// web/lesson/<lang>.md into one <template> per language, made alive here. Every
// example and exercise becomes a runnable block; all blocks share ONE Python worker,
// started on the first Run, and their runs queue (snippets/queue.js). Wiring only.

import { RunnerClient } from './run/runner-client.js';
import { ServerClient } from './server/server-client.js';
import { createSnippetQueue } from './snippets/queue.js';
import { injectEmbedStyles } from './snippets/style.js';
import { addStrings, lang, onLangChange, t, translatePage } from './page/i18n.js';
import { installLangSwitch } from './page/lang-switch.js';
import { LessonBlock, titleOf } from './lesson/block.js';
import { ExerciseBlock } from './lesson/exercise.js';
import { findLessonCode } from './lesson/examples.js';
import { createProgress } from './lesson/progress.js';
import { buildToc, headingText } from './lesson/toc.js';
import lessonStrings from './lesson/strings.js';

addStrings(lessonStrings);

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const article = $('lesson');
const toc = $('lesson-toc');
const SERVER_PATHS = ['/', '/Alice'];

// The in-page server's client follows the runner (a new one if Python failed to load).
const server = {
  client: null,
  events: new EventTarget(),
  get canSend() { return this.client?.canSend ?? true; },
  request(options) { return this.client.request(options); },
  addEventListener(type, listener) { this.events.addEventListener(type, listener); },
};
let workersStarted = 0;
const queue = createSnippetQueue({
  createRunner() {
    workersStarted += 1;
    const runner = new RunnerClient();
    server.client = new ServerClient(runner);
    server.client.addEventListener('servers', ({ detail }) => {
      server.events.dispatchEvent(new CustomEvent('servers', { detail }));
    });
    return runner;
  },
});

let blocks = [];
const kept = new Map(); // block index -> {variant, code}: edits survive a language switch
const progress = createProgress({ onChange: showProgress });

/** The code variants of an example placeholder ({article, modern?}), or null if unknown. */
function variantsOf(placeholder) {
  const ids = [['article', placeholder.dataset.example], ['modern', placeholder.dataset.modern]];
  const variants = [];
  for (const [key, id] of ids) {
    if (!id) continue;
    const entry = findLessonCode(id);
    if (!entry) return null;
    const description = lang === 'fr' ? entry.description : entry.descriptionEn;
    variants.push({ key, id, code: entry.code, title: titleOf(entry), description });
  }
  return variants;
}

/** The text of the heading an exercise ends (the closest one before it). */
function sectionTitle(section) {
  const headings = [...article.querySelectorAll('h2[id], h3[id]')]
    .filter((h) => h.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING);
  const heading = headings[headings.length - 1];
  return heading ? `${t('lessonExercise')} — ${headingText(heading)}` : t('lessonExercise');
}

function makeBlock(placeholder, index) {
  if (placeholder.matches('[data-exercise]')) {
    return new ExerciseBlock(placeholder, {
      index, queue, progress, title: sectionTitle(placeholder), onPassed: showProgress,
    });
  }
  const variants = variantsOf(placeholder);
  if (!variants) {
    const problem = Object.assign(document.createElement('p'), {
      className: 'lesson-block-missing',
      textContent: t('lessonUnknownBlock', { id: placeholder.dataset.example }),
    });
    placeholder.replaceWith(problem);
    return null;
  }
  return new LessonBlock(placeholder, {
    index, queue, variants,
    debug: 'debug' in placeholder.dataset,
    timeline: 'timeline' in placeholder.dataset,
    server: 'server' in placeholder.dataset ? { client: server, paths: SERVER_PATHS } : null,
  });
}

function keepState() {
  for (const block of blocks) {
    if (block.busy) queue.requestStop(block);
    if (block instanceof ExerciseBlock) continue;
    const code = block.code();
    kept.set(block.index, { variant: block.variant.key, code: code === block.original ? null : code });
  }
}

function restoreState(block) {
  const state = kept.get(block.index);
  if (!state || block instanceof ExerciseBlock) return;
  block.showVariant(state.variant);
  if (state.code !== null) {
    block.editor.value = state.code;
    block._editorChanged();
    block._scheduleLink(0);
  }
}

/** Shows the lesson in the current language, every block made runnable. */
function render() {
  keepState();
  const template = document.querySelector(`template[data-lang="${lang}"]`);
  article.replaceChildren(template.content.cloneNode(true));
  article.lang = lang;
  blocks = [];
  for (const placeholder of article.querySelectorAll('.lesson-example, .lesson-exercise')) {
    const block = makeBlock(placeholder, blocks.length + 1);
    if (!block) continue;
    blocks.push(block);
    restoreState(block);
  }
  for (const anchor of article.querySelectorAll('.header-anchor')) {
    anchor.setAttribute('aria-label', t('lessonPermalink'));
    anchor.title = t('lessonPermalink');
  }
  showProgress();
}

function showProgress() {
  const exercises = blocks.filter((block) => block instanceof ExerciseBlock);
  const done = exercises.filter((block) => progress.isPassed(block.exerciseId)).length;
  $('lesson-progress-text').textContent = t('lessonProgress', { done, total: exercises.length });
  const bar = $('lesson-progress-bar');
  bar.max = Math.max(1, exercises.length);
  bar.value = done;
  exercises.forEach((block) => block.showPassed());
  buildToc($('lesson-toc-list'), article, progress.isPassed);
}

/** The language menu (lang-switch.js) changed the UI language: the lesson follows. */
function languageChanged() {
  document.title = t('lessonPageTitle');
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) { // a link's ?lang= must not undo the reader's choice on reload
    url.searchParams.set('lang', lang);
    history.replaceState(history.state, '', url);
  }
  render();
}

function scrollToHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target) target.scrollIntoView();
}

injectEmbedStyles();
translatePage();
document.title = t('lessonPageTitle');
installLangSwitch($('lang'));
render();
scrollToHash();
if (matchMedia('(max-width: 899px)').matches) toc.open = false;

onLangChange(languageChanged);
$('lesson-reset-progress').addEventListener('click', () => {
  if (!confirm(t('lessonResetConfirm'))) return;
  progress.reset();
  blocks.forEach((block) => block instanceof ExerciseBlock && block.resetExercise());
});
toc.addEventListener('click', (event) => {
  if (event.target.closest('a') && matchMedia('(max-width: 899px)').matches) toc.open = false;
});

/** For tests and curious readers: how the page is doing. */
window.asyncioLesson = Object.freeze({
  get workersStarted() { return workersStarted; },
  get busy() { return queue.busy; },
  get blocks() { return blocks.length; },
});

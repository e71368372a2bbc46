// An exercise of the lesson: its goal (the Markdown's text), the starter code as an
// editable block, and Check: a run with {exercise: id}, whose verdict the runtime gives
// (py/asyncio_playground/exercises/checks.py) from what the program did, not its text.
// Passing is remembered (lesson/progress.js), and so is the code written.

import { LessonBlock } from './block.js';
import { addStrings, lang, t } from '../page/i18n.js';
import { element } from './element.js';
import lessonStrings from './strings.js';

addStrings(lessonStrings);

const SAVE_DELAY_MS = 300;

export class ExerciseBlock extends LessonBlock {
  /**
   * section: the rendered <section class="lesson-exercise" data-exercise="id">, whose
   * first <pre> holds the starter code; progress: lesson/progress.js; title: the section's.
   */
  constructor(section, { index, queue, progress, title, onPassed = () => {} }) {
    const id = section.dataset.exercise;
    const starterPre = section.querySelector('pre');
    const starter = starterPre?.textContent ?? '';
    const placeholder = starterPre ?? section.appendChild(document.createElement('div'));
    super(placeholder, {
      index, queue, testId: 'exercise-block',
      variants: [{ key: 'exercise', id: `exercise-${id}`, code: starter, title }],
    });
    this.exerciseId = id;
    this.section = section;
    this.store = progress; // not this.progress: the run queue calls the progress() method (snippets/snippet.js)
    this.onPassed = onPassed;
    this.verdict = null; // the last exercise-result, shown in the page's language
    section.dataset.testid = 'exercise';
    this._makeBadge(section);
    this._makeCheck();
    this.verdictBox = element('div', 'lesson-verdict', { hidden: true });
    this.verdictBox.dataset.testid = 'exercise-verdict';
    this.verdictBox.setAttribute('role', 'status');
    this.root.append(this.verdictBox);
    const saved = progress.code(id);
    if (saved !== null && saved !== starter) {
      this.editor.value = saved;
      this._editorChanged();
      this._scheduleLink(0);
    }
    this.editor.addEventListener('input', () => this._scheduleSave());
    this.resetButton.addEventListener('click', () => this._scheduleSave());
    this.showPassed();
  }

  _makeBadge(section) {
    const heading = element('p', 'lesson-exercise-label');
    heading.append(element('span', '', { textContent: t('lessonExercise') }));
    this.badge = element('span', 'lesson-badge', { textContent: `✓ ${t('lessonDone')}` });
    this.badge.dataset.testid = 'exercise-done';
    heading.append(this.badge);
    section.prepend(heading);
  }

  _makeCheck() {
    this.checkButton = element('button', 'aplg-button lesson-check', { type: 'button', title: t('lessonCheckTitle') });
    this.checkButton.dataset.testid = 'exercise-check';
    this.checkButton.append(element('span', 'aplg-icon', { textContent: '✓' }),
      element('span', 'aplg-label', { textContent: t('lessonCheck') }));
    this.checkButton.firstChild.setAttribute('aria-hidden', 'true');
    this.runButton.after(this.checkButton);
    this.checkButton.addEventListener('click', () => this.check());
    this.editor.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.shiftKey && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.check();
      }
    });
  }

  /** Runs the code with its check; the verdict shows below the output. */
  check() {
    if (this.busy) return;
    this._lastWasCheck = true;
    this.queue.requestRun(this, { ...this.baseOptions(), exercise: this.exerciseId });
  }

  /** A plain Run (snippets/queue.js asks for its options): no check. */
  runOptions() {
    this._lastWasCheck = false;
    return super.runOptions();
  }

  _scheduleSave() {
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => {
      const code = this.code();
      this.store.saveCode(this.exerciseId, code === this.original ? null : code);
    }, SAVE_DELAY_MS);
  }

  _setState(state, text) {
    super._setState(state, text);
    if (this.checkButton) this.checkButton.disabled = this.busy;
  }

  begin(loading, options) {
    super.begin(loading, options);
    this.verdict = null;
    this._showVerdict();
  }

  finish(result, options) {
    super.finish(result, options);
    if (result.exercise) {
      this.verdict = result.exercise;
      if (result.exercise.passed) {
        this.store.markPassed(this.exerciseId);
        this.onPassed(this.exerciseId);
      }
    } else if (result.stopped && this._lastWasCheck) {
      this.verdict = { passed: false, message_fr: t('lessonStoppedCheck'), message_en: t('lessonStoppedCheck') };
    }
    this._showVerdict();
  }

  _showVerdict() {
    const verdict = this.verdict;
    this.verdictBox.hidden = !verdict;
    if (!verdict) return;
    this.verdictBox.dataset.passed = String(Boolean(verdict.passed));
    const title = element('strong', 'lesson-verdict-title', { textContent: t(verdict.passed ? 'lessonPassed' : 'lessonNotYet') });
    const text = element('span', 'lesson-verdict-text', { textContent: lang === 'fr' ? verdict.message_fr : verdict.message_en });
    this.verdictBox.replaceChildren(element('span', 'lesson-verdict-icon', { textContent: verdict.passed ? '✓' : '✗' }), title, ' ', text);
  }

  /** Shows whether the exercise was passed (now or in an earlier visit). */
  showPassed() {
    const done = this.store.isPassed(this.exerciseId);
    this.section.dataset.passed = String(done);
    this.badge.hidden = !done;
  }

  /** Progress was reset: back to the starter code, no verdict. */
  resetExercise() {
    this.setOriginal(this.original);
    this.verdict = null;
    this._showVerdict();
    this.showPassed();
  }
}

// The code editor: CodeMirror 6 with Python, Tab indentation and Mod-Enter to run.
// Colours come from CSS custom properties (styles.css), so light and dark follow
// prefers-color-scheme without rebuilding the editor.

import { pythonLanguage } from '@codemirror/lang-python';
import {
  Decoration, EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from '@codemirror/view';
import { Compartment, EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  HighlightStyle, LanguageSupport, bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting,
} from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { tags } from '@lezer/highlight';

// codemirror's basicSetup minus two parts, for a first visit 85 KB lighter (issue 9):
// its lint keymap (there is no linter here; the keymap alone pulls in the lint package)
// and the completion popup with Python's completion sources (it took Enter from
// beginners typing a new line, and it was the largest part of the editor after its core).
const setup = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  foldGutter(),
  drawSelection(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  bracketMatching(),
  closeBrackets(),
  rectangularSelection(),
  crosshairCursor(),
  highlightActiveLine(),
  highlightSelectionMatches(),
  keymap.of([
    ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
  ]),
];

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--editor-fg)', backgroundColor: 'var(--editor-bg)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', fontSize: 'var(--code-size)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--editor-caret)', padding: '12px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--editor-caret)', borderLeftWidth: '2px' },
  '.cm-gutters': {
    backgroundColor: 'var(--editor-gutter-bg)',
    color: 'var(--editor-gutter-fg)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active-line)' },
  '.cm-markedLine, .cm-markedLine.cm-activeLine': {
    backgroundColor: 'var(--editor-marked-line)', boxShadow: 'inset 3px 0 0 var(--danger)',
  },
  '.cm-nextLine, .cm-nextLine.cm-activeLine': { // the inspector's "runs next" line
    backgroundColor: 'var(--editor-active-line)', boxShadow: 'inset 4px 0 0 var(--accent)',
  },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active-line)', color: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--editor-selection)' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
    backgroundColor: 'var(--editor-bracket)',
    outline: '1px solid var(--editor-bracket-border)',
  },
  '.cm-selectionMatch': { backgroundColor: 'var(--editor-selection-match)' },
  '.cm-foldPlaceholder': { backgroundColor: 'transparent', border: 'none', color: 'var(--muted)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--fg)',
    border: '1px solid var(--border)',
    borderRadius: '6px',
  },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--fg)' },
});

const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword], color: 'var(--tok-keyword)' },
  { tag: [tags.operatorKeyword, tags.bool, tags.null, tags.self], color: 'var(--tok-constant)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--tok-string)' },
  { tag: [tags.number], color: 'var(--tok-number)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)], color: 'var(--tok-def)' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--tok-call)' },
  { tag: [tags.className, tags.standard(tags.variableName)], color: 'var(--tok-builtin)' },
  { tag: [tags.propertyName], color: 'var(--tok-property)' },
  { tag: [tags.operator, tags.punctuation, tags.bracket], color: 'var(--tok-punct)' },
  { tag: [tags.meta], color: 'var(--tok-meta)' },
  { tag: tags.invalid, color: 'var(--stderr)' },
]);

const nextMark = Decoration.line({ class: 'cm-nextLine', attributes: { 'data-next-line': 'true' } });
const setNextLine = StateEffect.define();
const nextLine = StateField.define({ // the inspector's "runs next" line, until cleared or edited
  create: () => Decoration.none,
  update(marks, tr) {
    let next = tr.docChanged ? Decoration.none : marks;
    for (const effect of tr.effects) {
      if (effect.is(setNextLine)) next = effect.value === null ? Decoration.none : Decoration.set([nextMark.range(effect.value)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// A line shown from a traceback or a hint stays marked until the next edit.
const markLine = StateEffect.define();
const lineMark = Decoration.line({ class: 'cm-markedLine', attributes: { 'data-testid': 'editor-marked-line' } });
const markedLine = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    if (tr.docChanged) marks = Decoration.none;
    for (const effect of tr.effects) {
      if (effect.is(markLine)) marks = effect.value === null ? Decoration.none : Decoration.set([lineMark.range(effect.value)]);
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * Creates the editor in `parent`.
 * @param {HTMLElement} parent
 * @param {{doc?: string, onRun?: () => void, onChange?: (code: string) => void, label?: string,
 *          wrap?: boolean}} options
 * @returns {{getCode(): string, setCode(text: string): void, focus(): void, goToLine(n: number): void,
 *            cursorLine(): number, setWrap(on: boolean): void, markedLine(): number}}
 */
export function createEditor(parent, {
  doc = '', onRun = () => {}, onChange = () => {}, label = 'Python code', wrap = false,
} = {}) {
  const darkMode = matchMedia('(prefers-color-scheme: dark)');
  const dark = new Compartment();
  const wrapping = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        // Highest precedence so Mod-Enter runs instead of inserting a new line.
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (onRun(), true), preventDefault: true }])),
        setup,
        keymap.of([indentWithTab]),
        new LanguageSupport(pythonLanguage),
        indentUnit.of('    '), // PEP 8: four spaces
        syntaxHighlighting(highlight),
        theme,
        dark.of(EditorView.darkTheme.of(darkMode.matches)),
        wrapping.of(wrap ? EditorView.lineWrapping : []),
        markedLine,
        nextLine,
        // tabindex: axe-core counts the scrolling editor as keyboard-reachable only with it.
        EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false', tabindex: '0' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  // The base theme picks its dark variants (search panel, tooltips) from this facet.
  darkMode.addEventListener('change', (event) => {
    view.dispatch({ effects: dark.reconfigure(EditorView.darkTheme.of(event.matches)) });
  });

  return {
    getCode: () => view.state.doc.toString(),
    setCode(text) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: { anchor: 0 },
        effects: EditorView.scrollIntoView(0),
      });
    },
    focus: () => view.focus(),
    /**
     * Puts the cursor at the start of line `n` (1-based, clamped), scrolled into view, focused;
     * the line stays marked until the next edit.
     */
    goToLine(n) {
      const { doc } = view.state;
      const line = doc.line(Math.min(Math.max(1, Math.trunc(n) || 1), doc.lines));
      view.dispatch({
        selection: { anchor: line.from },
        effects: [EditorView.scrollIntoView(line.from, { y: 'center' }), markLine.of(line.from)],
      });
      view.focus();
    },
    /** Marks line `n` (1-based) as the one that runs next (the inspector), scrolled into view; 0 clears. */
    markLine(n) {
      const { doc } = view.state;
      if (!(n > 0) || n > doc.lines) {
        view.dispatch({ effects: setNextLine.of(null) });
        return;
      }
      const line = doc.line(Math.trunc(n));
      view.dispatch({ effects: [setNextLine.of(line.from), EditorView.scrollIntoView(line.from, { y: 'nearest' })] });
    },
    /** The line marked as running next (1-based), 0 when none. */
    nextLine() {
      const iter = view.state.field(nextLine).iter();
      return iter.value ? view.state.doc.lineAt(iter.from).number : 0;
    },
    /** The marked line (1-based), 0 when none. */
    markedLine() {
      const iter = view.state.field(markedLine).iter();
      return iter.value ? view.state.doc.lineAt(iter.from).number : 0;
    },
    /** Long lines wrap (true) or scroll sideways (false). */
    setWrap(on) {
      view.dispatch({ effects: wrapping.reconfigure(on ? EditorView.lineWrapping : []) });
    },
    /** The cursor's line (1-based). */
    cursorLine: () => view.state.doc.lineAt(view.state.selection.main.head).number,
  };
}

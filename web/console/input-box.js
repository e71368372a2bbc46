// The Input box: prepared input, collapsed by default, that a run reads first, line by line
// (input(), sys.stdin), before what the user types in the console. Share links carry it
// (#code=…&stdin=…, share.js); playground.setInput/getInput reach it.

/** details: the <details> box; textarea: its text. */
export function createInputBox(details, textarea) {
  const mark = () => details.toggleAttribute('data-filled', textarea.value !== '');
  textarea.addEventListener('input', mark);
  // Ctrl+Enter runs from here too (main.js listens on the document); Enter is a new line.
  return {
    get: () => textarea.value,
    /** Puts `text` in the box; a box given text from a link or a script is opened, to be seen. */
    set(text) {
      textarea.value = String(text ?? '');
      mark();
      if (textarea.value) details.open = true;
    },
  };
}

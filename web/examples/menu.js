// The examples menu: choosing an example replaces the editor's code, so the keyboard only
// moves through the menu (ArrowUp/ArrowDown change a closed <select> at once in Chromium)
// and Enter, or leaving the menu, chooses; Escape goes back. A mouse choice loads at once.

const BROWSING_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * select: the menu; current(): the id shown in the editor now; onPick(id): load example id.
 */
export function installExampleMenu(select, { current, onPick }) {
  let browsing = false; // the value changed by keys, not chosen yet

  function choose() {
    browsing = false;
    if (select.value && select.value !== current()) onPick(select.value);
  }

  select.addEventListener('keydown', (event) => {
    if (BROWSING_KEYS.has(event.key) || (event.key.length === 1 && event.key !== ' ')) {
      browsing = true;
    } else if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) { // Ctrl+Enter still runs
      event.preventDefault();
      choose();
    } else if (event.key === 'Escape' && browsing) {
      event.preventDefault();
      event.stopPropagation();
      browsing = false;
      select.value = current();
    }
  });
  select.addEventListener('pointerdown', () => { browsing = false; });
  select.addEventListener('change', () => {
    if (!browsing) choose();
  });
  select.addEventListener('blur', () => {
    if (browsing) choose();
  });
}

// The lesson's table of contents: its h2/h3 headings (stable ids from the Markdown),
// each marked ✓ once the exercise that ends its section has passed.

/** The ids of the exercises between `heading` and the next heading. */
function exercisesOf(heading) {
  const ids = [];
  for (let node = heading.nextElementSibling; node && !/^H[23]$/.test(node.tagName); node = node.nextElementSibling) {
    for (const section of [node, ...node.querySelectorAll('[data-exercise]')]) {
      if (section.dataset?.exercise) ids.push(section.dataset.exercise);
    }
  }
  return ids;
}

/** The heading's own text (without its ¶ permalink). */
export function headingText(heading) {
  const copy = heading.cloneNode(true);
  copy.querySelectorAll('.header-anchor').forEach((anchor) => anchor.remove());
  return copy.textContent.trim();
}

/** Fills `list` (an <ol>) from `article`'s headings; isPassed(id) says which exercises passed. */
export function buildToc(list, article, isPassed) {
  const items = [];
  let sublist = null;
  list.replaceChildren();
  for (const heading of article.querySelectorAll('h2[id], h3[id]')) {
    const item = document.createElement('li');
    const link = Object.assign(document.createElement('a'), { href: `#${heading.id}`, textContent: headingText(heading) });
    const exercises = exercisesOf(heading);
    if (exercises.length) {
      const done = exercises.every((id) => isPassed(id));
      item.dataset.passed = String(done);
      const mark = Object.assign(document.createElement('span'), { className: 'lesson-toc-mark', textContent: done ? '✓' : '' });
      mark.setAttribute('aria-hidden', 'true');
      link.append(mark);
    }
    item.append(link);
    if (heading.tagName === 'H2') {
      list.append(item);
      sublist = null;
      items.push(item);
    } else {
      if (!sublist) {
        sublist = document.createElement('ol');
        (items[items.length - 1] ?? list).append(sublist);
      }
      sublist.append(item);
    }
  }
}

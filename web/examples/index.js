// The examples of the seed article (shared/seed/asyncio-article.fr.md), in its order:
// seed.json holds each one's id, titles and descriptions (FR, EN), <id>.py its code,
// bundled as a string (esbuild's text loader, tools/site.py). `verbatim: true` code is
// the article's, byte for byte; the other entries are variants that run on Python 3.14
// as the article intended.
import SEED from './seed.json';
import coroutine from './coroutine.py';
import coroutineRun from './coroutine-run.py';
import tasks from './tasks.py';
import tasksModern from './tasks-modern.py';
import gather from './gather.py';
import ex1Sync from './ex1-sync.py';
import ex1AsyncIncorrect from './ex1-async-incorrect.py';
import ex1AsyncIncorrectModern from './ex1-async-incorrect-modern.py';
import ex1AsyncCorrect from './ex1-async-correct.py';
import ex1AsyncCorrectModern from './ex1-async-correct-modern.py';
import ex2 from './ex2.py';
import ex2Fixed from './ex2-fixed.py';
import ex3Aiohttp from './ex3-aiohttp.py';

/** @typedef {{id: string, title: string, titleEn: string, description: string,
 *             descriptionEn: string, verbatim: boolean, code: string}} Example */

const CODE = {
  coroutine, 'coroutine-run': coroutineRun, tasks, 'tasks-modern': tasksModern, gather, 'ex1-sync': ex1Sync,
  'ex1-async-incorrect': ex1AsyncIncorrect, 'ex1-async-incorrect-modern': ex1AsyncIncorrectModern,
  'ex1-async-correct': ex1AsyncCorrect, 'ex1-async-correct-modern': ex1AsyncCorrectModern, ex2,
  'ex2-fixed': ex2Fixed, 'ex3-aiohttp': ex3Aiohttp,
};

/** @type {readonly Example[]} */
export const EXAMPLES = Object.freeze(SEED.map((example) => {
  if (typeof CODE[example.id] !== 'string') throw new Error(`web/examples/${example.id}.py is not imported`);
  return Object.freeze({ ...example, code: CODE[example.id] });
}));

export const DEFAULT_EXAMPLE_ID = 'gather';

/** The example with this id, or undefined. */
export function findExample(id) {
  return EXAMPLES.find((example) => example.id === id);
}

/** What a menu shows: the French title, followed by the English one in an English UI. */
export function exampleLabel(example, lang) {
  if (lang === 'fr' || example.title === example.titleEn) return example.title;
  return `${example.title} — ${example.titleEn}`;
}

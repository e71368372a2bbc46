// Tracebacks made readable: the student's frames (main.py) stand out and link to the editor
// line, the frames of asyncio and other libraries are dimmed and folded behind
// "n internal frames", the exception line is the most visible. Text nodes only: the
// rendered nodes' textContent is exactly the text CPython printed (labels come from CSS).

import { addStrings, onLangChange, t } from '../page/i18n.js';
import consoleStrings from './strings.js';

addStrings(consoleStrings);

const USER_FILE = 'main.py';
// `  File "…", line N, in name` (exception groups prefix their lines with `| `).
const FRAME = /^([ |+-]*?)( *)(File "([^"]+)", line (\d+))(, in .*)?$/;
const HEADER = /^[ |+-]*(Traceback \(most recent call last\):|Exception Group Traceback \(most recent call last\):)$/;
// Between the tracebacks of a chain: "During handling of the above exception, …".
const CHAIN = /^[ |+-]*(During handling of the above exception|The above exception was the direct cause)/;
// The exception line: a dotted name, alone or before ": message".
const EXCEPTION = /^[ |+-]*[A-Za-z_][\w.]*(: .*|:)?$/;

/** The library a frame's file belongs to: `asyncio`, `aiohttp`, `urllib`… */
export function libraryOf(filename) {
  const match = /\/site-packages\/([^/]+?)(?:\.py)?(?:\/|$)/.exec(filename)
    ?? /\/python3[\d.]*(?:\.zip)?\/([^/]+?)(?:\.py)?(?:\/|$)/.exec(filename);
  if (match) return match[1];
  const name = filename.split('/').pop() ?? filename;
  return name.replace(/\.py$/, '') || filename;
}

/** Splits `text` into lines, each keeping its "\n". */
function lines(text) {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Parses stderr text into parts: {kind: 'text'|'header'|'exception', text} and
 * {kind: 'frame', user, file, line, text} (a frame's text includes its source lines).
 * Returns null when the text holds no traceback.
 */
export function parseTraceback(text) {
  const parts = [];
  let frame = null;
  let found = false;
  let afterFrame = false; // the line before was part of a frame: an exception line may follow
  for (const raw of lines(text)) {
    const line = raw.replace(/\n$/, '');
    const head = FRAME.exec(line);
    if (head) {
      const file = head[4];
      frame = { kind: 'frame', user: file === USER_FILE, file, line: Number(head[5]), text: raw, indent: head[1].length + head[2].length };
      parts.push(frame);
      found = found || frame.user;
      afterFrame = true;
      continue;
    }
    const indent = line.length - line.replace(/^[ |+-]*/, '').length;
    if (frame && line.trim() && indent > frame.indent) {
      frame.text += raw; // its source line, carets, "...<5 lines>..."
      continue;
    }
    frame = null;
    const exceptionLine = afterFrame && EXCEPTION.test(line);
    afterFrame = false;
    if (HEADER.test(line)) {
      parts.push({ kind: 'header', text: raw });
      found = true;
    } else if (exceptionLine) {
      parts.push({ kind: 'exception', text: raw });
    } else if (CHAIN.test(line)) {
      parts.push({ kind: 'chain', text: raw });
    } else {
      parts.push({ kind: 'text', text: raw });
    }
  }
  return found ? parts : null;
}

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  if (text) node.append(document.createTextNode(text));
  return node;
}

function userFrame(part, onLine) {
  const node = span('tb-frame tb-user');
  const match = FRAME.exec(part.text.split('\n')[0]);
  const before = match[1] + match[2];
  const link = document.createElement('button');
  link.type = 'button';
  link.className = 'tb-link';
  link.dataset.testid = 'traceback-line';
  link.dataset.line = String(part.line);
  link.title = t('tbLineTitle', { line: part.line });
  link.append(document.createTextNode(match[3]));
  link.addEventListener('click', () => onLine(part.line));
  node.append(document.createTextNode(before), link, document.createTextNode(part.text.slice(before.length + match[3].length)));
  return node;
}

function foldLabel(button) {
  const { count, where } = button.dataset;
  const open = button.getAttribute('aria-expanded') === 'true';
  const one = count === '1' ? '1' : '';
  button.dataset.label = `${open ? '▾' : '▸'} ${t(`tbInternal${one}`, { count, where })}`;
  button.setAttribute('aria-label', t(`${open ? 'tbInternalHide' : 'tbInternalShow'}${one}`, { count, where }));
}

function internalFrames(frames) {
  const where = [...new Set(frames.map((f) => libraryOf(f.file)))].join(', ');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'tb-fold';
  button.dataset.testid = 'traceback-fold';
  button.dataset.count = String(frames.length);
  button.dataset.where = where;
  button.setAttribute('aria-expanded', 'false');
  const body = span('tb-internal');
  body.dataset.testid = 'traceback-internal';
  body.hidden = true;
  body.append(document.createTextNode(frames.map((f) => f.text).join('')));
  button.addEventListener('click', () => {
    body.hidden = !body.hidden;
    button.setAttribute('aria-expanded', String(!body.hidden));
    foldLabel(button);
  });
  foldLabel(button);
  return [button, body];
}

/** The nodes that show `parts` (parseTraceback's); onLine(n): show line n in the editor. */
export function renderTraceback(parts, { onLine = () => {} } = {}) {
  const nodes = [];
  const last = parts.findLast((part) => part.kind === 'exception'); // the one that ended the program
  let internal = [];
  const flushInternal = () => {
    if (internal.length) nodes.push(...internalFrames(internal));
    internal = [];
  };
  for (const part of parts) {
    if (part.kind === 'frame' && !part.user) {
      internal.push(part);
      continue;
    }
    flushInternal();
    if (part.kind === 'frame') nodes.push(userFrame(part, onLine));
    else if (part.kind === 'header') nodes.push(span('tb-header', part.text));
    else if (part.kind === 'chain') nodes.push(span('tb-chain', part.text));
    else if (part.kind === 'exception') { // earlier ones of a chain (causes) stand out less
      const node = span(part === last ? 'tb-exception' : 'tb-exception tb-cause', part.text);
      node.dataset.testid = part === last ? 'traceback-exception' : 'traceback-cause';
      nodes.push(node);
    } else nodes.push(document.createTextNode(part.text));
  }
  flushInternal();
  return nodes;
}

/** Relabels the fold buttons under `root` in the UI language. */
export function relabelTracebacks(root) {
  for (const button of root.querySelectorAll('.tb-fold')) foldLabel(button);
  for (const link of root.querySelectorAll('.tb-link')) link.title = t('tbLineTitle', { line: link.dataset.line });
}

/** Keeps the labels of tracebacks under `root` in the UI language. */
export function followLanguage(root) {
  return onLangChange(() => relabelTracebacks(root));
}

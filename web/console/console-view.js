// The output console: renders output chunks as text nodes, one <span> per run of
// chunks from the same stream, at most once per animation frame. When a run ends
// (finish), its tracebacks are redrawn readable (traceback-view.js). The playground's
// own lines (stream 'system': only the runner and the runtime write them) are blocks of
// their own, styled unlike anything a program can print (.out-system in styles.css).

import { followLanguage, parseTraceback, renderTraceback } from './traceback-view.js';

// stdin: the echo of what the user typed (the input line's, never the program's).
const STREAMS = new Set(['stdout', 'stderr', 'system', 'stdin']);
// CSI sequences (colours, cursor moves) and OSC sequences (window title, links), dropped.
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
// An escape sequence cut in two by chunking: held back until its end arrives.
// A trailing "\r" waits too: with a "\n" after it, it is a line end, not a return.
const PARTIAL_ESCAPE = /(?:\x1b(\[[0-9;?]*[ -\/]*|\][^\x07\x1b]*\x1b?)?|\r)$/;
const BOTTOM_SLACK_PX = 8;
const MAX_DECORATED_CHARS = 200_000; // a flood of errors is left as plain text

/**
 * Creates the console view on `element` (a scrollable box).
 * append(stream, text) queues text; flush() draws the queue now (a run has ended: its
 * output is all in the DOM when the run resolves); clear() empties; text(stream?) returns
 * what the console shows (all streams, or one), including text queued for the next frame
 * (as the program wrote it: a "\r" that the screen shows as a return to the line's start
 * is kept). finish() flushes and makes tracebacks readable; onLine(n) shows line n;
 * systemLine(text) writes a playground message on a line of its own. setTail(node) keeps
 * `node` (the input line, console/input-line.js) after the output, or none (null).
 */
export function createConsole(element, { onLine = () => {} } = {}) {
  followLanguage(element);
  let segments = [];          // [{stream, text}] everything shown, consecutive streams merged
  let pending = [];           // same shape, not rendered yet
  let carry = {};             // stream -> partial escape sequence held back
  let frame = 0;
  let tail = null;            // stays the last child: the input line while a program reads

  const lastOut = () => (tail ? tail.previousSibling : element.lastChild);
  const put = (node) => element.insertBefore(node, tail);

  function push(list, stream, text) {
    const last = list[list.length - 1];
    if (last && last.stream === stream) last.text += text;
    else list.push({ stream, text });
  }

  function append(stream, text) {
    if (!STREAMS.has(stream)) stream = 'stdout';
    let chunk = (carry[stream] ?? '') + String(text);
    const partial = chunk.match(PARTIAL_ESCAPE);
    carry[stream] = partial ? partial[0] : '';
    if (partial) chunk = chunk.slice(0, partial.index);
    chunk = chunk.replace(ANSI_ESCAPE, '');
    if (!chunk) return;
    push(segments, stream, chunk);
    push(pending, stream, chunk);
    schedule();
  }

  function schedule() {
    if (frame) return;
    // requestAnimationFrame never fires in a hidden tab: fall back to a timer there.
    frame = document.hidden
      ? -setTimeout(flush, 50)
      : requestAnimationFrame(flush);
  }

  function cancel() {
    if (frame > 0) cancelAnimationFrame(frame);
    else if (frame < 0) clearTimeout(-frame);
    frame = 0;
  }

  function flush() {
    cancel();
    if (!pending.length) return;
    const atBottom =
      element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX;
    for (const { stream, text } of pending) {
      if (stream === 'system') {
        // One block per line: the block breaks the line, so its own newlines go.
        for (const line of text.split('\n').filter((part) => part.trim())) {
          const block = document.createElement('span');
          block.className = 'out-system';
          block.dataset.stream = stream;
          block.append(document.createTextNode(line));
          put(block);
        }
        continue;
      }
      // "\r" not followed by "\n" returns to the line's start: what follows replaces the line.
      text.split(/\r(?!\n)/).forEach((piece, i) => {
        if (i > 0) eraseLine();
        if (piece) draw(stream, piece);
      });
    }
    pending = [];
    if (atBottom) element.scrollTop = element.scrollHeight;
  }

  function draw(stream, text) {
    const last = lastOut();
    if (last && last.dataset.stream === stream && !('traceback' in last.dataset)) {
      last.lastChild.appendData(text);
    } else {
      const span = document.createElement('span');
      span.className = `out-${stream}`;
      span.dataset.stream = stream;
      span.append(document.createTextNode(text));
      put(span);
    }
  }

  /** Removes what is shown after the last "\n" (a carriage return). */
  function eraseLine() {
    for (let span = lastOut(); span; span = lastOut()) {
      const node = span.lastChild;
      const data = node?.data ?? '';
      const end = data.lastIndexOf('\n');
      if (end >= 0) {
        node.deleteData(end + 1, data.length - end - 1);
        return;
      }
      span.remove();
    }
  }

  /** The run ended: draw everything, then redraw its tracebacks readable. */
  function finish() {
    flush();
    for (const span of element.querySelectorAll(':scope > span[data-stream="stderr"]:not([data-traceback])')) {
      const text = span.textContent;
      if (text.length > MAX_DECORATED_CHARS || !text.includes('File "')) continue;
      const parts = parseTraceback(text);
      if (!parts) continue;
      span.replaceChildren(...renderTraceback(parts, { onLine }));
      span.dataset.traceback = ''; // drawn once; later output goes to a new span
    }
  }

  function clear() {
    cancel();
    segments = [];
    pending = [];
    carry = {};
    element.replaceChildren(...(tail ? [tail] : []));
    element.scrollTop = 0;
  }

  /** Keeps `node` after everything drawn (null: removes the one kept). */
  function setTail(node) {
    if (tail && tail !== node) tail.remove();
    tail = node;
    if (node) {
      const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX;
      element.append(node);
      if (atBottom) element.scrollTop = element.scrollHeight;
    }
  }

  function text(stream) {
    return segments
      .filter((segment) => !stream || segment.stream === stream)
      .map((segment) => segment.text)
      .join('');
  }

  /** Writes a playground message (stream 'system') on a line of its own. */
  function systemLine(line) {
    const shown = text();
    append('system', `${shown && !shown.endsWith('\n') ? '\n' : ''}${line}\n`);
  }

  return { append, clear, flush, finish, text, systemLine, setTail };
}

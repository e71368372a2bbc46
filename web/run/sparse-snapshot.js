/**
 * The memory snapshot without its zero pages: half of Pyodide's 31 MB heap is zeros, so
 * the page reads, checks and hands over half the bytes on a warm start (worker.js packs
 * it before offering it, and unpacks it into Pyodide's zeroed buffer, only once checked).
 *
 * Layout (little-endian Uint32s): PAGE, the heap's size, the number of pages kept, their
 * indexes (increasing), then their bytes (the last page may be short).
 */

const PAGE = 4096;
const HEADER_WORDS = 3;

function isZero(words, page) {
  for (let i = page * (PAGE / 4), end = Math.min(i + PAGE / 4, words.length); i < end; i += 1) {
    if (words[i] !== 0) return false;
  }
  return true;
}

/** The snapshot `heap` (a Uint8Array) packed: an ArrayBuffer. */
export function packSnapshot(heap) {
  const padded = new Uint8Array(Math.ceil(heap.byteLength / 4) * 4);
  padded.set(heap); // a copy: aligned, and the tail's odd bytes padded with zeros
  const words = new Uint32Array(padded.buffer);
  const pages = Math.ceil(heap.byteLength / PAGE);
  const kept = [];
  for (let page = 0; page < pages; page += 1) if (!isZero(words, page)) kept.push(page);
  const pageBytes = (page) => Math.min(PAGE, heap.byteLength - page * PAGE);
  const dataBytes = kept.reduce((sum, page) => sum + pageBytes(page), 0);
  const out = new Uint8Array(4 * (HEADER_WORDS + kept.length) + dataBytes);
  const header = new Uint32Array(out.buffer, 0, HEADER_WORDS + kept.length);
  header.set([PAGE, heap.byteLength, kept.length]);
  header.set(kept, HEADER_WORDS);
  let at = header.byteLength;
  for (const page of kept) {
    out.set(heap.subarray(page * PAGE, page * PAGE + pageBytes(page)), at);
    at += pageBytes(page);
  }
  return out.buffer;
}

/** Writes packed snapshot `packed` (an ArrayBuffer) into `target`, a zeroed heap of its size; throws if malformed. */
export function unpackSnapshot(packed, target) {
  const fail = () => { throw new Error('the stored snapshot is malformed'); };
  if (packed.byteLength < 4 * HEADER_WORDS) fail();
  const [page, size, count] = new Uint32Array(packed, 0, HEADER_WORDS);
  if (page !== PAGE || size !== target.byteLength || packed.byteLength < 4 * (HEADER_WORDS + count)) fail();
  const kept = new Uint32Array(packed, 4 * HEADER_WORDS, count);
  const bytes = new Uint8Array(packed);
  let at = 4 * (HEADER_WORDS + count);
  let previous = -1;
  for (const index of kept) {
    const start = index * PAGE;
    const length = Math.min(PAGE, size - start);
    if (index <= previous || start >= size || at + length > packed.byteLength) fail();
    target.set(bytes.subarray(at, at + length), start);
    at += length;
    previous = index;
  }
  if (at !== packed.byteLength) fail();
}

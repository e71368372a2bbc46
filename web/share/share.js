// Share links: the editor's code, deflated and base64url-encoded, in the URL fragment
// (`#code=…`), or an example by name (`#example=gather`). No server is involved.
// A link only ever fills the editor: it never runs anything.

import { findExample } from '../examples/index.js';
import { addStrings, t } from '../page/i18n.js';
import shareStrings from './strings.js';

addStrings(shareStrings);

/** The most code (UTF-8 bytes) a link may carry, both ways. */
export const MAX_CODE_BYTES = 64 * 1024;
// Deflate grows incompressible data by a few bytes per 16 KB block; base64 adds a third.
const MAX_ENCODED_CHARS = Math.ceil(((MAX_CODE_BYTES * 1.01) + 64) * 4 / 3);
// The compressed input is fed in slices so a zip bomb cannot inflate far past the cap.
const INPUT_SLICE_BYTES = 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const EXAMPLE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Short names for `#example=`, besides the ids of examples/index.js. */
export const EXAMPLE_ALIASES = Object.freeze({
  hello: 'coroutine-run',
  tasks: 'tasks-modern',
  ex1: 'ex1-sync',
  sync: 'ex1-sync',
  blocking: 'ex1-async-incorrect-modern',
  async: 'ex1-async-correct-modern',
  ex2: 'ex2-fixed',
  ex3: 'ex3-aiohttp',
  aiohttp: 'ex3-aiohttp',
});

/** A link or a share that cannot be honoured; `key`/`vars` make the i18n message. */
export class LinkError extends Error {
  constructor(key, vars = {}) {
    super(t(key, vars));
    this.key = key;
    this.vars = vars;
  }
}

const kilobytes = (bytes) => String(Math.ceil(bytes / 1024));

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  // Strict: only the base64url alphabet, no padding, no whitespace, a possible length.
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw new LinkError('linkBadEncoding');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function sliced(bytes) {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + INPUT_SLICE_BYTES));
      offset += INPUT_SLICE_BYTES;
    },
  }, { highWaterMark: 0 });
}

/** Inflates `bytes`, giving up as soon as the output passes MAX_CODE_BYTES. */
async function inflateCapped(bytes) {
  const reader = sliced(bytes).pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_CODE_BYTES) {
        reader.cancel().catch(() => {});
        throw new LinkError('linkTooLarge', { max: kilobytes(MAX_CODE_BYTES) });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof LinkError) throw error;
    throw new LinkError('linkCorrupt'); // not deflate data, or cut short
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The code's share token: deflate-raw, then base64url. Throws LinkError past 64 KB. */
export async function encodeCode(code) {
  const bytes = new TextEncoder().encode(code);
  if (bytes.length > MAX_CODE_BYTES) {
    throw new LinkError('shareTooLarge', { size: kilobytes(bytes.length), max: kilobytes(MAX_CODE_BYTES) });
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The code a share token carries. Throws LinkError for anything malformed or too big. */
export async function decodeCode(token) {
  if (token.length > MAX_ENCODED_CHARS) throw new LinkError('linkTooLarge', { max: kilobytes(MAX_CODE_BYTES) });
  if (token === '') throw new LinkError('linkEmpty');
  const bytes = await inflateCapped(fromBase64Url(token));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new LinkError('linkNotText');
  }
}

/** The example id a `#example=` name means (ids and aliases), or undefined. */
export function resolveExampleName(name) {
  return findExample(name)?.id ?? EXAMPLE_ALIASES[name];
}

/**
 * Reads a fragment ("#code=…" / "#example=…", either with "&stdin=…": the prepared input,
 * encoded and checked as code is). Resolves with {kind: 'none'}, {kind: 'code', code, stdin?},
 * {kind: 'example', id, stdin?} or {kind: 'error', error: LinkError}.
 */
export async function readFragment(hash) {
  const params = new Map();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  try {
    const found = await readCodeOrExample(params);
    if (found.kind !== 'none' && params.has('stdin')) found.stdin = await decodeCode(params.get('stdin'));
    return found;
  } catch (error) {
    if (error instanceof LinkError) return { kind: 'error', error };
    return { kind: 'error', error: new LinkError('linkCorrupt') };
  }
}

async function readCodeOrExample(params) {
  if (params.has('code')) return { kind: 'code', code: await decodeCode(params.get('code')) };
  if (params.has('example')) {
    let name = params.get('example');
    try {
      name = decodeURIComponent(name);
    } catch { /* shown as it is */ }
    const id = EXAMPLE_NAME.test(name) ? resolveExampleName(name) : undefined;
    if (!id) throw new LinkError('linkUnknownExample', { name: name.slice(0, 64) });
    return { kind: 'example', id };
  }
  return { kind: 'none' };
}

/**
 * The full playground's URL for `code` (or `exampleId` when the code is that example's,
 * unchanged): index.html next to `base`, without ?embed and its options.
 */
export async function playgroundLink(code, { base = location.href, exampleId = null, stdin = '' } = {}) {
  const url = new URL('index.html', base);
  url.hash = (exampleId && findExample(exampleId)?.code === code
    ? `example=${exampleId}`
    : `code=${await encodeCode(code)}`) + (stdin ? `&stdin=${await encodeCode(stdin)}` : '');
  return url.href;
}

/** Copies `text` with the Clipboard API; resolves false when the browser refuses. */
export async function copyText(text) {
  try {
    if (!navigator.clipboard?.writeText) return false;
    // A permission prompt may never be answered: do not wait for it forever.
    await Promise.race([
      navigator.clipboard.writeText(text),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 3000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Wires the Share button, the "loaded from a link" banner and the link messages, then
 * loads what the page's fragment carries (now and on hashchange). Never runs anything.
 * @param {{button: HTMLElement, banner: HTMLElement, message: HTMLElement,
 *          editor: {getCode(): string, setCode(code: string): void},
 *          loadExample: (id: string) => void,
 *          exampleInfo: {select: HTMLSelectElement, title: HTMLElement, badge: HTMLElement,
 *                        description: HTMLElement}}} parts
 * @returns {{loaded: Promise<object>}} what the first fragment held (see readFragment)
 */
export function installShare({
  button, banner, message, editor, loadExample, exampleInfo, onLinked = () => null, onBack = () => {},
  input = null,
}) {
  const messageText = message.querySelector('.notice-text');
  const linkInput = message.querySelector('input');

  function say(text, kind) {
    messageText.textContent = text;
    message.dataset.kind = kind;
    message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    linkInput.hidden = true;
    message.hidden = false;
  }

  function hide(element) {
    element.hidden = true;
  }

  // The banner stays while the editor holds a link's code: no ×, "Back to my draft" instead.
  message.querySelector('.notice-dismiss')?.addEventListener('click', () => hide(message));
  banner.querySelector('[data-testid=share-back]')?.addEventListener('click', () => onBack());

  function showLinkedCode(code, token) {
    const edited = onLinked(token); // before setCode: the draft must not take the link's code
    editor.setCode(edited ?? code);
    const { select, title, badge, description } = exampleInfo;
    let option = select.querySelector('option[data-linked]');
    if (!option) {
      option = new Option(t('linkedOption'), '');
      option.dataset.linked = '';
      option.disabled = true;
      select.prepend(option);
    }
    option.selected = true;
    title.textContent = t('linkedTitle');
    badge.textContent = t('linkedBadge');
    badge.dataset.kind = 'link';
    description.textContent = '';
    banner.hidden = false;
  }

  let loads = 0;
  async function load(hash) {
    const seq = ++loads;
    const found = await readFragment(hash);
    if (seq !== loads) return found; // a newer fragment arrived meanwhile
    if (found.stdin !== undefined) input?.set(found.stdin); // shown, never run
    if (found.kind === 'code') {
      showLinkedCode(found.code, new URLSearchParams(String(hash).replace(/^#/, '')).get('code') ?? '');
      hide(message);
    } else if (found.kind === 'example') {
      loadExample(found.id);
      hide(banner);
      hide(message);
    } else if (found.kind === 'error') {
      say(found.error.message, 'error'); // the editor keeps what it had
    }
    return found;
  }

  async function share() {
    const code = editor.getCode();
    let token;
    try {
      token = await encodeCode(code);
      const stdin = input?.get() ?? '';
      if (stdin) token += `&stdin=${await encodeCode(stdin)}`;
    } catch (error) {
      say(error instanceof LinkError ? error.message : t('shareFailed', { message: String(error) }), 'error');
      return;
    }
    const url = new URL(location.href);
    url.hash = `code=${token}`;
    history.replaceState(history.state, '', url); // no hashchange: the editor stays as it is
    if (await copyText(url.href)) {
      say(t('shareCopied', { chars: url.href.length.toLocaleString() }), 'ok');
    } else {
      say(t('shareCopyManually'), 'info'); // then select the link for Ctrl+C
      linkInput.value = url.href;
      linkInput.hidden = false;
      linkInput.focus();
      linkInput.select();
    }
  }

  button.addEventListener('click', () => {
    share().catch((error) => say(t('shareFailed', { message: String(error) }), 'error'));
  });
  addEventListener('hashchange', () => {
    load(location.hash);
  });
  return { loaded: load(location.hash) };
}

// The server panel: shown while the running program listens on a port. Sends requests
// typed by the student (ServerClient) and shows the response and a request log.
// Response text is only ever set as text; the opt-in HTML preview is an iframe with
// sandbox="" (no scripts, an opaque origin), fed through srcdoc.

import { addStrings, t } from '../page/i18n.js';
import serverStrings from './strings.js';

addStrings(serverStrings);

const MAX_LOG = 50;
const HTML_TYPE = /^\s*(text\/html|application\/xhtml\+xml)\b/i;

/** Creates the panel on `root` (index.html's [data-testid=server-panel]). */
export function createServerPanel(root, { client }) {
  if (!root) return null; // a page without the panel's markup
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const ui = Object.fromEntries([
    'server-address', 'server-port-picker', 'server-port', 'server-notice', 'server-form',
    'server-mode', 'server-method', 'server-path', 'server-send', 'server-examples',
    'server-extra', 'server-headers', 'server-body', 'server-raw', 'server-text', 'server-eof',
    'server-response', 'server-status', 'server-timing', 'server-close', 'server-preview-option',
    'server-preview-toggle', 'server-response-headers', 'server-response-body', 'server-preview',
    'server-log',
  ].map((id) => [id.replace(/^server-/, ''), $(id)]));

  let servers = [];
  let ended = false; // the run ended: its requests stay shown (form off) until the next run
  let shown = null; // the exchange the response view shows
  const logItems = new Map(); // exchange id -> <li>

  function selectedServer() {
    return servers.find((server) => server.port === Number(ui.port.value)) ?? servers[0];
  }

  function showServers(list) {
    const before = selectedServer()?.port;
    servers = list;
    root.hidden = servers.length === 0 && logItems.size === 0; // Stop keeps the request log shown
    if (!servers.length) return;
    ui.port.replaceChildren(...servers.map(({ port, kind }) =>
      new Option(`${port} · ${t(kind === 'http' ? 'serverKindHttp' : 'serverKindRaw')}`, String(port))));
    const keep = servers.some((server) => server.port === before);
    ui.port.value = String(keep ? before : servers[0].port);
    ui['port-picker'].hidden = servers.length < 2;
    if (!keep) onPortChange();
    else showAddress();
  }

  function showAddress() {
    const server = selectedServer();
    const url = server.kind === 'http' ? `http://localhost:${server.port}` : `localhost:${server.port}`;
    ui.address.textContent = t('serverListening', { url });
  }

  function onPortChange() {
    setMode(selectedServer().kind === 'http' ? 'http' : 'raw');
    showAddress();
  }

  function setMode(mode) {
    ui.mode.value = mode;
    const raw = mode === 'raw';
    for (const part of [ui.method, ui.path, ui.examples, ui.extra]) part.hidden = raw;
    ui.raw.hidden = !raw;
  }

  function showNotice() {
    const canSend = client.canSend && !ended;
    ui.notice.hidden = canSend;
    ui.notice.textContent = ended ? t('serverEnded') : client.canSend ? '' : t('serverNoSab');
    for (const control of root.querySelectorAll('form button, form input, form select, form textarea')) {
      control.disabled = !canSend;
    }
  }

  // ---- sending ----------------------------------------------------------------------

  function parseHeaders(text) {
    return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
      const colon = line.indexOf(':');
      return colon < 0 ? [line, ''] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
  }

  function send(overrides = {}) {
    const mode = ui.mode.value;
    const request = mode === 'raw'
      ? { mode, text: ui.text.value, eof: ui.eof.checked }
      : {
        mode, method: ui.method.value, path: ui.path.value || '/',
        headers: parseHeaders(ui.headers.value), body: ui.body.value, ...overrides,
      };
    client.request({ port: selectedServer()?.port, ...request }).catch(() => {}); // shown in the view
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  ui.examples.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-path]');
    if (!button) return;
    ui.method.value = 'GET';
    ui.path.value = button.dataset.path;
    send({ method: 'GET', path: button.dataset.path, headers: [], body: '' });
  });
  ui.mode.addEventListener('change', () => setMode(ui.mode.value));
  ui.port.addEventListener('change', onPortChange);
  ui.close.addEventListener('click', () => shown && client.close(shown.id));
  ui['preview-toggle'].addEventListener('change', () => showPreview(shown));

  // ---- the response ----------------------------------------------------------------

  function header(exchange, name) {
    const found = exchange.headers.findLast(([key]) => key.toLowerCase() === name);
    return found ? found[1] : '';
  }

  const isHtml = (exchange) => exchange.mode === 'http' && HTML_TYPE.test(header(exchange, 'content-type'));

  function statusText(exchange) {
    if (exchange.mode === 'raw') {
      if (exchange.error) return exchange.error;
      return t(exchange.done ? 'serverClosed' : 'serverOpen');
    }
    if (exchange.status !== null) return `${exchange.status} ${exchange.reason}`;
    return exchange.error ?? t('serverPending');
  }

  function showExchange(exchange) {
    shown = exchange;
    ui.response.hidden = false;
    ui.response.dataset.state = exchange.error ? 'error' : exchange.done ? 'done' : 'pending';
    ui.status.textContent = statusText(exchange);
    ui.status.dataset.kind = exchange.error ? 'error' : exchange.status >= 400 ? 'failed' : 'ok';
    const size = t('serverBytes', { size: new TextEncoder().encode(exchange.raw).length });
    ui.timing.textContent = exchange.done ? `${size} · ${Math.round(exchange.durationMs)} ms` : '';
    ui.close.hidden = exchange.done || exchange.mode !== 'raw';
    ui['response-headers'].textContent = exchange.headers.map(([k, v]) => `${k}: ${v}`).join('\n');
    ui['response-headers'].parentElement.hidden = exchange.mode === 'raw';
    const text = exchange.mode === 'raw' ? exchange.raw : exchange.body;
    ui['response-body'].textContent = exchange.truncated ? `${text}\n${t('serverTruncated')}` : text;
    ui['preview-option'].hidden = !isHtml(exchange);
    showPreview(exchange);
  }

  function showPreview(exchange) {
    const on = Boolean(exchange && ui['preview-toggle'].checked && isHtml(exchange) && exchange.done);
    ui.preview.hidden = !on;
    ui['response-body'].hidden = on;
    if (on) ui.preview.srcdoc = exchange.body;
    else ui.preview.removeAttribute('srcdoc');
  }

  // ---- the log ---------------------------------------------------------------------

  function logLine(exchange) {
    const time = new Date(performance.timeOrigin + exchange.started).toLocaleTimeString();
    const what = exchange.mode === 'raw'
      ? `${JSON.stringify(exchange.text.length > 40 ? `${exchange.text.slice(0, 40)}…` : exchange.text)}`
      : `"${exchange.method} ${exchange.path} HTTP/1.1"`;
    let outcome = t('serverPending');
    if (exchange.error) outcome = exchange.error;
    else if (exchange.mode === 'http' && exchange.status !== null) {
      outcome = `${exchange.status} ${exchange.reason}`;
    } else if (exchange.mode === 'raw') outcome = `${JSON.stringify(exchange.raw.slice(0, 40))}`;
    const size = exchange.done && !exchange.error
      ? ` · ${t('serverBytes', { size: new TextEncoder().encode(exchange.raw).length })} · ${Math.round(exchange.durationMs)} ms`
      : '';
    return `${time}  :${exchange.port}  ${what} → ${outcome}${size}`;
  }

  function logExchange(exchange) {
    let item = logItems.get(exchange.id);
    if (!item) {
      item = document.createElement('li');
      item.setAttribute('data-testid', 'server-log-entry');
      item.tabIndex = 0;
      item.addEventListener('click', () => showExchange(exchange));
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          showExchange(exchange);
        }
      });
      ui.log.prepend(item);
      logItems.set(exchange.id, item);
      while (ui.log.children.length > MAX_LOG) {
        const last = ui.log.lastElementChild;
        logItems.delete([...logItems].find(([, li]) => li === last)?.[0]);
        last.remove();
      }
    }
    item.dataset.state = exchange.error ? 'error' : exchange.done ? 'done' : 'pending';
    item.textContent = logLine(exchange);
  }

  function reset() {
    shown = null;
    logItems.clear();
    ui.log.replaceChildren();
    ui.response.hidden = true;
    showPreview(null);
  }

  client.addEventListener('servers', ({ detail }) => showServers(detail.servers));
  client.addEventListener('reset', () => { // the run ended: keep what it answered
    ended = logItems.size > 0;
    if (ended) ui.address.textContent = '';
    else reset();
    showNotice();
  });
  client.runner?.addEventListener('state', ({ detail }) => {
    if (detail.state !== 'running' || !ended) return;
    ended = false;
    reset();
    showServers([]);
    showNotice();
  });
  client.addEventListener('exchange', ({ detail: exchange }) => {
    logExchange(exchange);
    if (!shown || shown.id <= exchange.id) showExchange(exchange);
  });

  showNotice();
  setMode('http');
  return { element: root };
}

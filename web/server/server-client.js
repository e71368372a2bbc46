/**
 * The page's client for the running program's servers: which ports listen, and
 * requests sent to them through the worker's mailbox (mailbox.js).
 *
 * Events (CustomEvent.detail):
 *   servers   {servers: [{port, host, kind}]}   the listening ports changed
 *   exchange  Exchange                          a request started, progressed or ended
 *   reset     {}                                the run ended: its servers and requests are gone
 *
 * An Exchange is {id, port, mode, method, path, status, reason, headers: [[name, value]],
 * body, raw, done, error, truncated, started, durationMs}.
 */
import { MailboxWriter } from '../run/mailbox.js';
import { FROM_WORKER, MAILBOX } from '../protocol.js';
import { addStrings, t } from '../page/i18n.js';
import serverStrings from './strings.js';

addStrings(serverStrings);

const MAX_REQUEST_BYTES = MAILBOX.BYTES - 1024;

export class ServerClient extends EventTarget {
  constructor(runner) {
    super();
    this.runner = runner;
    this.servers = new Map(); // port -> {port, host, kind}
    this._exchanges = new Map(); // id -> {exchange, resolve, reject}
    this._seq = 0;
    this._serverWaiters = [];
    runner.addEventListener('server', ({ detail }) => this._onMessage(detail));
    runner.addEventListener('done', () => this._onRunEnd());
  }

  /** False when the page is not cross-origin isolated: no mailbox, so no requests. */
  get canSend() {
    return this.runner.mailbox !== null;
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _onMessage(message) {
    if (message.type === FROM_WORKER.SERVER_STARTED) {
      this.servers.set(message.port, { port: message.port, host: message.host, kind: message.kind });
      this._emitServers();
      for (const resolve of this._serverWaiters.splice(0)) resolve(true);
    } else if (message.type === FROM_WORKER.SERVER_STOPPED) {
      this.servers.delete(message.port);
      this._emitServers();
    } else if (message.type === FROM_WORKER.HTTP_RESPONSE) {
      this._onResponse(message);
    }
  }

  _emitServers() {
    const servers = [...this.servers.values()].sort((a, b) => a.port - b.port);
    this._emit('servers', { servers });
  }

  _onRunEnd() {
    for (const resolve of this._serverWaiters.splice(0)) resolve(false);
    for (const id of [...this._exchanges.keys()]) this._end(id, { error: t('serverRunEnded') });
    if (this.servers.size) {
      this.servers.clear();
      this._emitServers();
    }
    this._emit('reset', {});
  }

  _onResponse(message) {
    const entry = this._exchanges.get(message.requestId);
    if (!entry) return;
    const { exchange } = entry;
    if (message.head) {
      Object.assign(exchange, {
        status: message.head.status, reason: message.head.reason, headers: message.head.headers,
      });
    }
    if (message.raw) exchange.raw += message.raw;
    if (message.body) exchange.body += message.body;
    if (message.truncated) exchange.truncated = true;
    if (message.done) this._end(message.requestId, { error: message.error ?? null });
    else this._emit('exchange', exchange);
  }

  _end(id, { error }) {
    const entry = this._exchanges.get(id);
    if (!entry) return;
    this._exchanges.delete(id);
    const { exchange } = entry;
    Object.assign(exchange, { done: true, error, durationMs: performance.now() - exchange.started });
    this._emit('exchange', exchange);
    if (error) entry.reject(Object.assign(new Error(error), { exchange }));
    else entry.resolve(exchange);
  }

  /** Resolves true once some server listens (false if the run ends first). */
  _serverReady() {
    if (this.servers.size) return Promise.resolve(true);
    if (!this.runner.running) return Promise.resolve(false);
    return new Promise((resolve) => this._serverWaiters.push(resolve));
  }

  /**
   * Sends a request to the running program; resolves with the finished Exchange.
   * mode 'http': {method, path, headers: [[name, value]] | {name: value}, body};
   * mode 'raw': {text, eof} sent as typed (for asyncio.start_server servers).
   * Rejects when nothing listens, the page cannot deliver requests, or the server fails.
   */
  async request({ port, mode = 'http', method = 'GET', path = '/', headers = [], body = '', text = '', eof = false } = {}) {
    if (!this.canSend) throw new Error(t('serverNoSab'));
    if (!(await this._serverReady())) throw new Error(t('serverNone'));
    port = Number(port ?? [...this.servers.keys()].sort((a, b) => a - b)[0]);
    const id = ++this._seq;
    const pairs = Array.isArray(headers) ? headers : Object.entries(headers ?? {});
    const message = mode === 'raw'
      ? { type: 'request', id, port, mode, text: String(text), eof: Boolean(eof) }
      : { type: 'request', id, port, mode: 'http', method: String(method).toUpperCase(), path: String(path), headers: pairs.map(([k, v]) => [String(k), String(v)]), body: String(body ?? '') };
    if (MailboxWriter.size(message) > MAX_REQUEST_BYTES) throw new Error(t('serverTooLarge'));
    const exchange = {
      id, port, mode, method: message.method ?? null, path: message.path ?? null, text: message.text ?? null,
      status: null, reason: '', headers: [], body: '', raw: '', done: false, error: null, truncated: false,
      started: performance.now(), durationMs: null,
    };
    const promise = new Promise((resolve, reject) => this._exchanges.set(id, { exchange, resolve, reject }));
    this._emit('exchange', exchange);
    this.runner.mailbox.send(message);
    return promise;
  }

  /** Closes the connection of a pending exchange (a raw one the server keeps open). */
  close(id) {
    if (this._exchanges.has(id)) this.runner.mailbox?.send({ type: 'close', id });
  }
}

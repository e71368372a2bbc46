// The postMessage API of an embedded playground (index.html?embed=1 in an iframe).
//
// Host → playground: {type: 'asyncio-playground:<request>', id?, ...}
//   set-code {code}   load-example {example}   get-code   run {code?, stdin?}   stop   ping
//   send-input {text?, eof?} (a line for the program waiting for input; false: nothing can take it)
// Every request with an `id` gets one reply:
//   {type: 'asyncio-playground:reply', id, ok: true, result} or {…, ok: false, error}
// Playground → host (events):
//   loaded {}                       the page is up (Python may still be loading)
//   ready {info}                    Python is ready
//   output {runId, stream, text}    stream: stdout | stderr | system
//   done {runId, ok, exitCode, stopped, durationMs, stdout, stderr}
//   input-request {runId}           the running program waits for a line (send-input)
// Only messages from the parent window whose origin is allowed (?origin=, default: the
// playground's own origin; '*' only when given explicitly) are read; events are posted
// to those origins only.

export const PREFIX = 'asyncio-playground:';
const MAX_CODE_CHARS = 1024 * 1024;

/**
 * The allowed origins from ?origin= values (each may list several, comma-separated).
 * Malformed entries are dropped; none at all means the playground's own origin.
 */
export function parseAllowedOrigins(values, ownOrigin = location.origin) {
  const origins = new Set();
  for (const value of values.flatMap((v) => v.split(','))) {
    const entry = value.trim();
    if (entry === '*') {
      origins.add('*');
      continue;
    }
    try {
      const { origin } = new URL(entry);
      if (origin !== 'null') origins.add(origin);
    } catch { /* not a URL: ignored */ }
  }
  return origins.size ? [...origins] : [ownOrigin];
}

const checkCode = (code) => {
  if (typeof code !== 'string') throw new Error('`code` must be a string');
  if (code.length > MAX_CODE_CHARS) throw new Error('`code` is larger than 1 MB');
  return code;
};

/**
 * Listens to the parent window's requests and posts events to it.
 * @param {{api: object, runner: EventTarget, allowedOrigins: string[]}} parts
 *   api is window.playground (playground-api.js); runner the RunnerClient.
 */
export function installEmbedBridge({ api, runner, allowedOrigins }) {
  const host = window.parent;
  if (!host || host === window) return { allowedOrigins, ignored: 0 };
  const anyOrigin = allowedOrigins.includes('*');
  const state = { allowedOrigins, ignored: 0 };

  function emit(name, fields = {}) {
    const message = { type: PREFIX + name, ...fields };
    for (const origin of anyOrigin ? ['*'] : allowedOrigins) host.postMessage(message, origin);
  }

  const handlers = {
    'set-code': ({ code }) => { api.setCode(checkCode(code)); },
    'load-example': ({ example }) => { api.loadExample(String(example)); },
    'get-code': () => api.getCode(),
    run: ({ code, stdin }) => api.run(code === undefined ? undefined : checkCode(code),
      stdin === undefined ? {} : { stdin: checkCode(stdin) }),
    'send-input': ({ text = '', eof = false }) => api.sendInput(checkCode(String(text ?? '')), { eof: Boolean(eof) }),
    stop: () => api.stop().then(() => undefined),
    ping: () => ({
      ready: !!runner.info && !['loading', 'restarting', 'error'].includes(runner.state),
      running: api.isRunning(),
      info: runner.info,
    }),
  };

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (event.source !== host || typeof data?.type !== 'string' || !data.type.startsWith(PREFIX)) return;
    if (!anyOrigin && !allowedOrigins.includes(event.origin)) {
      state.ignored += 1;
      console.warn(`asyncio-playground: ignored a message from ${event.origin}; `
        + `allowed: ${allowedOrigins.join(', ')} (set them with ?origin=)`);
      return;
    }
    const name = data.type.slice(PREFIX.length);
    const reply = (fields) => {
      if (data.id !== undefined) event.source.postMessage({ type: `${PREFIX}reply`, id: data.id, ...fields }, event.origin);
    };
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : null;
    if (!handler) {
      reply({ ok: false, error: `unknown request: ${name}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(data))
      .then(
        (result) => reply({ ok: true, result: result ?? null }),
        (error) => reply({ ok: false, error: String(error?.message ?? error) }),
      );
  });

  runner.addEventListener('output', ({ detail }) => emit('output', detail));
  runner.addEventListener('stdin-request', ({ detail }) => emit('input-request', { runId: detail.runId }));
  runner.addEventListener('done', ({ detail }) => {
    const { runId, ok, exitCode, stopped, durationMs, stdout, stderr } = detail;
    emit('done', { runId, ok, exitCode, stopped: !!stopped, durationMs, stdout, stderr });
  });
  let starting = true; // Python is loading or restarting
  runner.addEventListener('state', ({ detail }) => {
    if (detail.state === 'loading' || detail.state === 'restarting') starting = true;
    else if (detail.state === 'ready' && starting) {
      starting = false;
      emit('ready', { info: runner.info });
    }
  });
  emit('loaded');
  return state;
}

"""The JavaScript the bench evaluates in its pages (tests/bench/pagebench.py)."""

# Runs before the page's scripts: notes when the Run button first becomes enabled.
RUN_ENABLED_PROBE = """
(() => {
  const probe = () => {
    const button = document.querySelector('[data-testid="run"]');
    if (button && !button.disabled && window.__benchRunEnabledAt === undefined) {
      window.__benchRunEnabledAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(probe);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
})();
"""
WAIT_RUN_ENABLED = "() => window.__benchRunEnabledAt !== undefined && window.__benchRunEnabledAt"
WAIT_BARE_READY = "async () => { while (!window.bare) await new Promise((r) => setTimeout(r, 5)); return window.bare.ready; }"
# Resolves once a service worker controls the page and the warm-start snapshot is
# stored (web/run/files.js): true; false after `timeout` ms, or after 10 s without
# any service worker registered (a build without one).
WAIT_WARM_START = """async (timeout) => {
  if (!navigator.serviceWorker || typeof caches !== 'object') return false;
  const stored = async () => {
    if (!navigator.serviceWorker.controller) return false;
    const name = (await caches.keys()).find((n) => n.startsWith('asyncio-playground-snapshot:'));
    return !!name && (await (await caches.open(name)).keys()).length > 0;
  };
  const started = performance.now();
  while (performance.now() < started + timeout) {
    if (await stored()) return true;
    if (performance.now() > started + 10000 && !(await navigator.serviceWorker.getRegistration())) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}"""

# Clicks Run and resolves with the ms until the console shows the program's first line.
RERUN_LATENCY = """async (code) => {
  const api = window.playground;
  await api.ready;
  api.setCode(code);
  const output = document.querySelector('[data-testid="console"]');
  const button = document.querySelector('[data-testid="run"]');
  let started = 0;
  const firstLine = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (started && output.textContent.includes('first line\\n')) {
        observer.disconnect();
        resolve(performance.now() - started);
      }
    });
    observer.observe(output, { subtree: true, childList: true, characterData: true });
  });
  started = performance.now();
  button.click();
  const ms = await firstLine;
  while (api.isRunning()) await new Promise((r) => setTimeout(r, 5));
  return ms;
}"""
PAGE_LOOP = "async (code) => (await window.playground.run(code)).stdout"
# The playground's second engine (Pyodide's WebLoop, issue 10), where the page has one.
PAGE_LOOP_ON = """async ([code, engine]) => {
  const result = await window.playground.run(code, { engine });
  return result.engine === engine ? result.stdout : null;
}"""
WEBLOOP_LOOP = "async (code) => { const p = window.bare.pyodide; return await p.runPythonAsync(code); }"

# Runs `code` (which prints "started" first), lets it go on for `waitMs` as a student watching it
# would, presses Stop, then runs `print("first line")`: resolves with the ms from Stop to that
# line in the console, and whether the stopped run needed a fresh Python.
STOP_TO_NEXT_OUTPUT = """async ([code, waitMs]) => {
  const api = window.playground;
  await api.ready;
  const output = document.querySelector('[data-testid="console"]');
  const tick = () => new Promise((r) => setTimeout(r, 5));
  const running = api.run(code);
  while (!output.textContent.includes('started')) await tick();
  await new Promise((r) => setTimeout(r, waitMs));
  const pressed = performance.now();
  await api.stop();
  const stopped = await running;
  const next = api.run('print("first line")');
  while (!output.textContent.includes('first line\\n')) await tick();
  const ms = performance.now() - pressed;
  await next;
  return { ms, restarted: Boolean(stopped.restarted) };
}"""

# A share link as a student opens it (issue 20): runs before the page's scripts, presses
# Run as soon as it is enabled, and notes when the console first shows the program's line.
SHARE_LINK_PROBE = """
(() => {
  let clicked = false;
  const probe = () => {
    const button = document.querySelector('[data-testid="run"]');
    if (!clicked && button && !button.disabled) {
      clicked = true;
      button.click();
    }
    const output = document.querySelector('[data-testid="console"]');
    if (clicked && output && output.textContent.includes('first line\\n') && window.__benchFirstLineAt === undefined) {
      window.__benchFirstLineAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(probe);
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true,
                               attributeFilter: ['disabled'] });
})();
"""
WAIT_FIRST_LINE = "() => window.__benchFirstLineAt !== undefined && window.__benchFirstLineAt"
WAIT_BARE_FIRST_LINE = (
    "async () => { while (!window.bare) await new Promise((r) => setTimeout(r, 5)); await window.bare.ready;"
    " return window.bare.firstLine; }"
)

// The styles of script-embed snippets (embed.js), injected once into the course page.
// Every class starts with "aplg-" so nothing leaks into or out of the host's styles.
// Tints are mixed from currentColor, so they suit the host's light or dark theme.

const CSS = `
.aplg-snippet {
  --aplg-accent: #2456d6;
  --aplg-accent-hover: #1d47b5;
  --aplg-stderr: #c0262d;
  --aplg-ok: #17803d;
  --aplg-line: color-mix(in srgb, currentColor 18%, transparent);
  --aplg-tint: color-mix(in srgb, currentColor 5%, transparent);
  margin: 1em 0;
  border: 1px solid var(--aplg-line);
  border-radius: 8px;
  overflow: hidden;
}
@media (prefers-color-scheme: dark) {
  .aplg-snippet { --aplg-accent: #2f63e0; --aplg-accent-hover: #3a66e0; --aplg-stderr: #ff8b87; --aplg-ok: #5fd08a; }
}
.aplg-snippet > pre.asyncio-playground { margin: 0; border: 0; border-radius: 0; }
.aplg-code {
  display: block;
  box-sizing: border-box;
  width: 100%;
  margin: 0;
  padding: 10px 12px;
  border: 0;
  background: var(--aplg-tint);
  color: inherit;
  font: 14px/1.5 ui-monospace, "SF Mono", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  tab-size: 4;
  resize: vertical;
  white-space: pre;
  overflow: auto;
}
.aplg-code:focus-visible { outline: 2px solid var(--aplg-accent); outline-offset: -2px; }
.aplg-bar {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 6px 8px;
  padding: 6px 8px;
  border-top: 1px solid var(--aplg-line);
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.aplg-button {
  display: inline-flex;
  align-items: center;
  gap: 5px;
  height: 28px;
  padding: 0 11px;
  border: 1px solid var(--aplg-line);
  border-radius: 6px;
  background: transparent;
  color: inherit;
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}
.aplg-button:hover:not(:disabled) { background: var(--aplg-tint); }
.aplg-button:focus-visible { outline: 2px solid var(--aplg-accent); outline-offset: 2px; }
.aplg-button:disabled { opacity: 0.55; cursor: not-allowed; }
.aplg-button[hidden] { display: none; }
.aplg-run { background: var(--aplg-accent); border-color: var(--aplg-accent); color: #fff; }
.aplg-run:hover:not(:disabled) { background: var(--aplg-accent-hover); }
.aplg-icon { font-size: 10px; }
.aplg-status { opacity: 0.8; font-variant-numeric: tabular-nums; }
.aplg-snippet[data-state="done"] .aplg-status { color: var(--aplg-ok); opacity: 1; }
.aplg-snippet[data-state="failed"] .aplg-status { color: var(--aplg-stderr); opacity: 1; }
.aplg-output {
  max-height: 22em;
  margin: 0;
  padding: 8px 12px;
  overflow: auto;
  border-top: 1px solid var(--aplg-line);
  background: var(--aplg-tint);
  font: 13px/1.5 ui-monospace, "SF Mono", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
.aplg-output[hidden] { display: none; }
.aplg-output .out-stderr { color: var(--aplg-stderr); }
.aplg-output .out-system { opacity: 0.7; font-style: italic; }
`;

/** Adds the snippet styles to `doc` once. */
export function injectEmbedStyles(doc = document) {
  if (doc.getElementById('asyncio-playground-embed-style')) return;
  const style = doc.createElement('style');
  style.id = 'asyncio-playground-embed-style';
  style.textContent = CSS;
  doc.head.append(style);
}

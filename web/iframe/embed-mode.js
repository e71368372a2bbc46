// Embed mode: index.html?embed=1 is the playground sized for an iframe on a course
// page: editor, console, Run/Stop and an "open in playground" link, no menus.
// The host page may drive it with postMessage (iframe/bridge.js, ?origin=…).

import { installEmbedBridge, parseAllowedOrigins } from './bridge.js';
import { playgroundLink } from '../share/share.js';

const params = new URLSearchParams(location.search);

/** True when the page was opened as index.html?embed=1. */
export const isEmbedded = ['1', 'true', 'yes'].includes(params.get('embed') ?? '');

if (isEmbedded) document.documentElement.dataset.embed = ''; // styles.css: html[data-embed]

/**
 * Sets up embed mode: keeps the "open in playground" link carrying the editor's code,
 * and installs the postMessage bridge for the origins in ?origin=.
 * @param {{api: object, runner: EventTarget, editor: {getCode(): string},
 *          link: HTMLAnchorElement, select: HTMLSelectElement, loaded?: Promise}} parts
 */
export function installEmbedMode({ api, runner, editor, link, select, loaded = Promise.resolve() }) {
  link.hidden = false;
  let linkedCode = null; // the code link.href carries

  async function refreshLink() {
    const code = editor.getCode();
    const href = await playgroundLink(code, { exampleId: select.value || null });
    link.href = href;
    linkedCode = code;
    return href;
  }

  const refresh = () => {
    refreshLink().catch(() => link.removeAttribute('href')); // too large for a link
  };
  loaded.finally(refresh);
  for (const type of ['pointerenter', 'focus', 'contextmenu']) link.addEventListener(type, refresh);
  link.addEventListener('click', (event) => {
    if (linkedCode === editor.getCode() && link.href) return; // the browser follows it
    // The code changed since the link was made: make it now (a few ms, still within the
    // click's user activation, so the new tab is not treated as a popup).
    event.preventDefault();
    refreshLink().then(
      (href) => window.open(href, '_blank', 'noopener'),
      () => window.open(new URL('index.html', location.href).href, '_blank', 'noopener'),
    );
  });

  return installEmbedBridge({
    api,
    runner,
    allowedOrigins: parseAllowedOrigins(params.getAll('origin')),
  });
}

// UI strings in English and French. The UI follows navigator.language (English by
// default); example titles stay French, as in the article.

const STRINGS = {
  en: {
    controls: 'Playground controls',
    keys: '{keys}',
    example: 'Example',
    run: 'Run',
    runTitle: 'Run the code ({keys})',
    stop: 'Stop',
    stopTitle: 'Stop the running program (Esc)',
    stopping: 'Stopping…',
    clear: 'Clear',
    clearTitle: 'Clear the output',
    code: 'Code',
    editorLabel: 'Python code editor',
    output: 'Output',
    consoleLabel: 'Program output',
    consoleEmpty: 'Output appears here. Press Run or {keys}.',
    loading: 'Loading Python…',
    restarting: 'Restarting Python…',
    ready: 'Ready — Python {python} (Pyodide {pyodide})',
    loopCPython: 'CPython event loop',
    isolated: 'isolated',
    flag: '{name}: {value}',
    yes: 'yes',
    no: 'no',
    ranIn: 'Ran in {seconds} s',
    stoppedAfter: 'Stopped after {seconds} s',
    exitCode: 'exit code {code}',
    running: 'Running…',
    error: 'Python could not start: {message}',
    errorUnknown: 'Something went wrong with Python. Reload the page to try again.',
    escKey: 'Esc',
    runFailed: 'The run failed: {message}',
    fromArticle: 'From the article',
    updated: 'Updated for Python 3.14',
    hint: '{keys} runs · Esc stops · Esc then Tab leaves the editor',
  },
  fr: {
    controls: 'Commandes',
    keys: '{keys}',
    example: 'Exemple',
    run: 'Exécuter',
    runTitle: 'Exécuter le code ({keys})',
    stop: 'Arrêter',
    stopTitle: 'Arrêter le programme en cours (Échap)',
    stopping: 'Arrêt…',
    clear: 'Effacer',
    clearTitle: 'Effacer la sortie',
    code: 'Code',
    editorLabel: 'Éditeur de code Python',
    output: 'Sortie',
    consoleLabel: 'Sortie du programme',
    consoleEmpty: 'La sortie s’affiche ici. Cliquez sur Exécuter ou tapez {keys}.',
    loading: 'Chargement de Python…',
    restarting: 'Redémarrage de Python…',
    ready: 'Prêt — Python {python} (Pyodide {pyodide})',
    loopCPython: 'boucle d’événements CPython',
    isolated: 'isolé',
    flag: '{name} : {value}',
    yes: 'oui',
    no: 'non',
    ranIn: 'Exécuté en {seconds} s',
    stoppedAfter: 'Arrêté après {seconds} s',
    exitCode: 'code de sortie {code}',
    running: 'Exécution…',
    error: 'Python n’a pas pu démarrer : {message}',
    errorUnknown: 'Un problème est survenu avec Python. Rechargez la page pour réessayer.',
    escKey: 'Échap',
    runFailed: 'L’exécution a échoué : {message}',
    fromArticle: 'Code de l’article',
    updated: 'Adapté à Python 3.14',
    hint: '{keys} exécute · Échap arrête · Échap puis Tab quitte l’éditeur',
  },
};

/** 'fr' when the browser prefers French, else 'en'. */
export const lang = /^fr\b/i.test(globalThis.navigator?.language ?? '') ? 'fr' : 'en';

const isMac = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/** The run shortcut as this platform writes it. */
export const runKeys = isMac ? '⌘ Enter' : 'Ctrl+Enter';

/** The UI string for `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? (name === 'keys' ? runKeys : '')));
}

/** Formats seconds with two decimals in the UI language (1.02 / 1,02). */
export function formatSeconds(ms) {
  return (ms / 1000).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Translates the markup: data-i18n sets text; data-i18n-ATTR="key" sets attribute ATTR. */
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  for (const element of root.querySelectorAll('*')) {
    for (const { name, value } of [...element.attributes]) {
      if (name === 'data-i18n') element.textContent = t(value);
      else if (name.startsWith('data-i18n-')) element.setAttribute(name.slice(10), t(value));
    }
  }
}

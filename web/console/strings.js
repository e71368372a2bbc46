// The output console's words: its pane and placeholder, and the tracebacks made readable
// (traceback-view.js).
// English and French side by side; registered with i18n.js's addStrings.

export default {
  en: {
    output: 'Output',
    consoleLabel: 'Program output',
    consoleEmpty: 'Output appears here. Press Run or {keys}.',
    tbInternal: '{count} internal frames ({where})',
    tbInternal1: '1 internal frame ({where})',
    tbInternalShow: 'Show {count} internal frames of {where}',
    tbInternalShow1: 'Show 1 internal frame of {where}',
    tbInternalHide: 'Hide {count} internal frames of {where}',
    tbInternalHide1: 'Hide 1 internal frame of {where}',
    tbLineTitle: 'Show line {line} in the editor',
  },
  fr: {
    output: 'Sortie',
    consoleLabel: 'Sortie du programme',
    consoleEmpty: 'La sortie s’affiche ici. Cliquez sur Exécuter ou tapez {keys}.',
    tbInternal: '{count} cadres internes ({where})',
    tbInternal1: '1 cadre interne ({where})',
    tbInternalShow: 'Afficher {count} cadres internes de {where}',
    tbInternalShow1: 'Afficher 1 cadre interne de {where}',
    tbInternalHide: 'Masquer {count} cadres internes de {where}',
    tbInternalHide1: 'Masquer 1 cadre interne de {where}',
    tbLineTitle: 'Afficher la ligne {line} dans l’éditeur',
  },
};

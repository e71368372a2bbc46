// The code editor's words: its pane, its label, and the display preferences (prefs.js).
// English and French side by side; registered with i18n.js's addStrings.

export default {
  en: {
    code: 'Code',
    editorLabel: 'Python code editor',
    editorPrefs: 'Editor display',
    wrap: 'Wrap',
    wrapTitle: 'Wrap long lines instead of scrolling sideways',
    fontSmaller: 'Smaller code text',
    fontLarger: 'Larger code text',
    fontSmallerLabel: 'A− (smaller code text)',
    fontLargerLabel: 'A+ (larger code text)',
    fontSizeNow: 'Code text: {size} px',
  },
  fr: {
    code: 'Code',
    editorLabel: 'Éditeur de code Python',
    editorPrefs: 'Affichage de l’éditeur',
    wrap: 'Retour à la ligne',
    wrapTitle: 'Renvoyer les longues lignes à la ligne au lieu de défiler de côté',
    fontSmaller: 'Texte du code plus petit',
    fontLarger: 'Texte du code plus grand',
    fontSmallerLabel: 'A− (texte du code plus petit)',
    fontLargerLabel: 'A+ (texte du code plus grand)',
    fontSizeNow: 'Texte du code : {size} px',
  },
};

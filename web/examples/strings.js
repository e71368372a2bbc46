// The examples' words: the menu's label and the badge over an example's code.
// English and French side by side; registered with i18n.js's addStrings.

export default {
  en: {
    example: 'Example',
    fromArticle: 'From the article',
    updated: 'Updated for Python 3.14',
    editedBadge: 'Edited',
  },
  fr: {
    example: 'Exemple',
    fromArticle: 'Code de l’article',
    updated: 'Adapté à Python 3.14',
    editedBadge: 'Modifié',
  },
};

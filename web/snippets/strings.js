// The words of runnable snippets (the script embed: snippet.js, queue.js; embed.js).
// English and French side by side; registered with i18n.js's addStrings.

export default {
  en: {
    snippetRunLabel: 'Run snippet {n}',
    snippetEditorLabel: 'Python code of snippet {n}',
    snippetOutputLabel: 'Output of snippet {n}',
    snippetReset: 'Reset',
    snippetCancel: 'Cancel',
    snippetCancelled: 'Cancelled',
    snippetQueued: 'Queued: {ahead} run(s) ahead',
    snippetTimedOut: '[stopped: this snippet may run for {seconds} s at most]',
    snippetCorsHint: '(Does the server of embed.js send Access-Control-Allow-Origin with its files?)',
  },
  fr: {
    snippetRunLabel: 'Exécuter l’extrait {n}',
    snippetEditorLabel: 'Code Python de l’extrait {n}',
    snippetOutputLabel: 'Sortie de l’extrait {n}',
    snippetReset: 'Réinitialiser',
    snippetCancel: 'Annuler',
    snippetCancelled: 'Annulé',
    snippetQueued: 'En attente : {ahead} exécution(s) avant',
    snippetTimedOut: '[arrêté : cet extrait peut s’exécuter {seconds} s au plus]',
    snippetCorsHint: '(Le serveur d’embed.js envoie-t-il Access-Control-Allow-Origin avec ses fichiers ?)',
  },
};

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
    reset: 'Reset',
    resetTitle: 'Put back the example\'s original code (Ctrl+Z undoes it)',
    stoppedLine: '[stopped]',
    sysLoading: '[Loading {what}…]',
    sysNoPackages: '[could not load packages: {what}]',
    sysTruncated: '[output truncated: more than {what}; the rest of this run’s output is not shown — if the program is still running, Stop ends it]',
    stageDownload: 'Downloading Python (Pyodide)',
    stageReady: 'Ready',
    restartingLine: '[stopped — restarting Python…]',
    crashedLine: '[Python crashed: {message}. Restarting Python…]',
    refusedLine: '[request refused: {url} — programs here cannot reach other sites. For WebLoop\'s pyfetch, turn on "Allow network" in the toolbar.]',
    refusedLineCsp: '[request refused: {url} — only fetch() over https reaches other sites, and only on the WebLoop engine.]',
    exitedLine: '[Python exited with os._exit({code}). Restarting Python…]',
    crashStack: 'stack overflow (the recursion went deeper than the browser allows)',
    crashMemory: 'out of memory',
    crashTrap: 'WebAssembly trap ({detail}) — the program did something the machine cannot survive, such as a segfault',
    code: 'Code',
    editorLabel: 'Python code editor',
    output: 'Output',
    consoleLabel: 'Program output',
    paneTabs: 'Go to the code or the output',
    consoleEmpty: 'Output appears here. Press Run or {keys}.',
    loading: 'Loading Python…',
    restarting: 'Restarting Python…',
    ready: 'Ready — Python {python} (Pyodide {pyodide})',
    loopCPython: 'CPython event loop',
    modeStopInstant: 'Stop works instantly here',
    modeStopRestarts: 'Stop restarts Python here (a few seconds)',
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
    // browser support line and load problems (browser-support.js)
    supportLabel: 'Browser support:',
    supportNoIsolation: 'this page is not cross-origin isolated (its server does not send the COOP/COEP headers), so Python gets no SharedArrayBuffer.',
    supportNoSab: 'this browser does not provide SharedArrayBuffer.',
    supportEmbedNoIsolation: 'The page that embeds this playground is not cross-origin isolated: Stop restarts Python, and sleep() keeps the processor busy.',
    supportSabEffects: 'So Stop restarts Python (a few seconds), and sleep() busy-waits (it keeps the processor busy).',
    supportNoJspi: 'No JSPI (JavaScript Promise Integration): the CPython loop runs every example the same; on the browser loop (WebLoop), asyncio.run() raises an error (write await main() instead) and time.sleep() blocks.',
    loadStalled: 'Python has sent nothing for {seconds} s. A slow connection or computer can take this long; if nothing changes, reload the page.',
    loadRetry: 'Reload the page to try again. If it keeps failing, try a recent Chrome, Edge, Firefox or Safari.',
    loadNoWasm: 'WebAssembly is turned off in this browser (Safari’s Lockdown Mode does this, for example): allow it for this site, or use another browser.',
    workerLoadFailed: 'the Python worker did not start (its script could not load)',
    // the in-page server panel (server-panel.js)
    serverTitle: 'Server',
    serverPort: 'Port',
    serverMode: 'Mode',
    serverModeHttp: 'HTTP',
    serverModeRaw: 'Raw text',
    serverMethod: 'Method',
    serverPath: 'Path',
    serverSend: 'Send',
    serverTry: 'Try:',
    serverHeadersBody: 'Headers and body',
    serverHeaders: 'Headers (one “Name: value” per line)',
    serverBody: 'Body',
    serverText: 'Text to send',
    serverEof: 'Close my side after sending (end of file)',
    serverPreview: 'Preview HTML',
    serverPreviewTitle: 'HTML preview (sandboxed: no scripts, no access to this page)',
    serverResponse: 'Response',
    serverResponseHeaders: 'Headers',
    serverLog: 'Requests',
    serverNoRequests: 'No requests yet: send one above.',
    serverClose: 'Close connection',
    serverPending: 'Waiting for the server…',
    serverOpen: 'Connection open (the server has not closed it)',
    serverClosed: 'Connection closed by the server',
    serverListening: 'Your program listens on {url}',
    serverKindHttp: 'HTTP (aiohttp)',
    serverKindRaw: 'TCP',
    serverNoSab: 'This page cannot send requests to your program while Python runs: it is not cross-origin isolated, so the browser does not let it share memory with the Python worker, and a running program cannot receive messages. Open the playground itself (served with COOP/COEP headers) to use this panel. Requests made by the program itself (aiohttp.ClientSession, asyncio.open_connection) still work.',
    serverNone: 'No server is running: run a program that starts one (web.run_app, asyncio.start_server).',
    serverRunEnded: 'The program ended before the response was complete.',
    serverEnded: 'The program has ended, and its server with it. Its requests stay here until the next run.',
    serverTooLarge: 'The request is too large (1 MB at most).',
    serverTruncated: '(only the first 1 MB is shown)',
    serverBytes: '{size} B',
    // share links, embed mode, script embed (share.js, embed-mode.js, embed-snippet.js)
    share: 'Share',
    shareTitle: 'Put the code in a link and copy it',
    shareCopied: 'Link copied ({chars} characters). Whoever opens it gets this code in the editor, not run.',
    shareCopyManually: 'The browser did not let the page copy the link: it is selected below, press Ctrl+C (⌘ C) to copy it.',
    shareLinkLabel: 'Link to this code',
    shareTooLarge: 'This code is too large for a link ({size} KB; a link holds at most {max} KB). Save it to a file instead.',
    shareFailed: 'Could not make a link: {message}',
    linkBanner: 'This code comes from a link and has not been run. Read it before you press Run.',
    dismiss: 'Dismiss',
    linkedOption: '— Code from a link —',
    linkedTitle: 'Code from a link',
    linkedBadge: 'Shared link',
    backToDraft: 'Back to my draft',
    editedBadge: 'Edited',
    linkBadEncoding: 'This link is damaged: its code is not valid base64url (was it cut or changed?). Nothing was loaded.',
    linkCorrupt: 'This link is damaged: its code could not be decompressed (was it cut when copied?). Nothing was loaded.',
    linkTooLarge: 'The code in this link is larger than {max} KB, the most a link may carry. Nothing was loaded.',
    linkNotText: 'This link does not hold text (its code is not valid UTF-8). Nothing was loaded.',
    linkEmpty: 'This link holds no code. Nothing was loaded.',
    linkUnknownExample: 'There is no example named “{name}”.',
    openInPlayground: 'Open in playground',
    openInPlaygroundTitle: 'Open this code in the full playground, in a new tab',
    snippetRunLabel: 'Run snippet {n}',
    snippetEditorLabel: 'Python code of snippet {n}',
    snippetOutputLabel: 'Output of snippet {n}',
    snippetReset: 'Reset',
    snippetCancel: 'Cancel',
    snippetCancelled: 'Cancelled',
    snippetQueued: 'Queued: {ahead} run(s) ahead',
    snippetTimedOut: '[stopped: this snippet may run for {seconds} s at most]',
    snippetCorsHint: '(Does the server of embed.js send Access-Control-Allow-Origin with its files?)',
    // the lesson page (lesson.html, lesson-*.js)
    lessonLink: 'Lesson',
    lessonLinkTitle: 'The asyncio lesson: the article, with every example runnable in place',
    lessonPageTitle: 'asyncio, step by step — a lesson you can run',
    lessonPlayground: 'Playground',
    lessonPlaygroundTitle: 'The full playground: an editor, a console and every example',
    lessonContents: 'Contents',
    lessonLanguage: 'Language',
    lessonProgress: '{done} of {total} exercises done',
    lessonResetProgress: 'Reset progress',
    lessonResetConfirm: 'Forget which exercises you passed, and put back their starting code?',
    lessonVariant: 'Version of the code',
    lessonVariantArticle: 'As in the article',
    lessonVariantModern: 'Modern (Python 3.14)',
    lessonBlockLabel: 'Example: {title}',
    lessonEditorLabel: 'Python code: {title}',
    lessonExercise: 'Exercise',
    lessonCheck: 'Check',
    lessonCheckTitle: 'Run your code and check whether the goal is met',
    lessonChecking: 'Checking…',
    lessonPassed: 'Goal met',
    lessonNotYet: 'Not yet',
    lessonDone: 'Done',
    lessonStoppedCheck: 'Stopped: nothing was checked.',
    lessonDebug: 'asyncio debug mode',
    lessonDebugTitle: 'Run with asyncio’s debug mode, like PYTHONASYNCIODEBUG=1: slow callbacks and where never-awaited coroutines were created are reported',
    lessonServerTry: 'While it runs, send it a request:',
    lessonServerWaiting: 'Run the program first: the buttons send requests to its server.',
    lessonServerNoSab: 'This page is not cross-origin isolated: requests cannot reach the program. Open it in the playground instead.',
    lessonServerReply: '[GET {path} → {status}] {body}',
    lessonServerFailed: '[GET {path} failed: {message}]',
    lessonUnknownBlock: 'This block refers to an unknown example: {id}.',
    lessonPermalink: 'Link to this section',
    lessonHints: '{count} hint(s) below',
    // The two engines (engine-picker.js, compare-view.js)
    engine: 'Engine',
    engineTitle: 'The event loop that runs the code (a first line “# engine: webloop” chooses it too)',
    allowNetwork: 'Allow network',
    networkTitle: 'Off (the default): nothing a program runs can send data to another site. On: programs may fetch https:// sites (WebLoop’s pyfetch). Changing it restarts Python.',
    engineCPython: 'CPython loop',
    engineWebLoop: 'Browser loop (WebLoop)',
    loopWebLoop: 'browser event loop (WebLoop)',
    engineUsedTitle: 'The event loop of this run',
    engineFromCode: '{engine} (chosen by the first line)',
    compare: 'Run on both',
    compareTitle: 'Run the code on the CPython loop, then on the browser’s loop, and compare the outputs',
    compareHeading: 'The same code on both event loops',
    compareClose: 'Close the comparison',
    compareWaiting: 'Waiting…',
    compareSame: 'Same output on both loops.',
    compareDiffers: 'The outputs differ on {count} line(s), highlighted.',
    compareSkipped: 'Not run: the comparison was stopped.',
    compareFaster: '{engine} took {ratio}× as long.',
    compareWhyTitle: 'Why the browser’s loop behaves differently',
    compareWhyBlocking: 'The CPython loop is CPython’s own asyncio, in a worker that is allowed to block: time.sleep() stops every task, as on your computer.',
    compareWhySetTimeout: 'The WebLoop is Pyodide’s: its steps run in callbacks of the browser’s event loop (setTimeout), which must never block. So it never stops or closes (close() and stop() do nothing, get_event_loop() never fails), and tasks outlive asyncio.run(). It is the loop that can await JavaScript promises (fetch, setTimeout).',
    compareWhyJspi: 'With JSPI, Pyodide turns time.sleep() into a pause that lets other tasks run: Example 1’s “incorrect” version then interleaves its tasks and takes about 3 s, not 5 s.',
    compareWhyNoJspi: 'Without JSPI, asyncio.run() and run_until_complete() cannot wait on the WebLoop and raise an error (write await main() at the top level instead), and time.sleep() blocks.',
    compareWhySpeed: 'Speed: Pyodide’s WebLoop gives every step a browser task of its own, 15 to 40 times slower than CPython’s loop on many tiny steps; the playground runs the ready steps in batches of a few milliseconds, so both engines cost about the same here.',
    compareThisBrowser: 'This browser: JSPI {value}.',
    sysSurvivors: '[{what}: still running after cancellation — restarting Python so that it cannot run into the next program]',
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
    reset: 'Réinitialiser',
    resetTitle: 'Remettre le code d\'origine de l\'exemple (Ctrl+Z l\'annule)',
    stoppedLine: '[arrêté]',
    sysLoading: '[Chargement de {what}…]',
    sysNoPackages: '[impossible de charger les paquets : {what}]',
    sysTruncated: '[sortie tronquée : plus de {what} ; la suite de la sortie n’est pas affichée — si le programme tourne encore, Arrêter le termine]',
    stageDownload: 'Téléchargement de Python (Pyodide)',
    stageReady: 'Prêt',
    restartingLine: '[arrêté — redémarrage de Python…]',
    crashedLine: '[Python a planté : {message}. Redémarrage de Python…]',
    refusedLine: '[requête refusée : {url} — ici, les programmes ne peuvent pas joindre d\'autres sites. Pour pyfetch de WebLoop, activez « Autoriser le réseau » dans la barre d\'outils.]',
    refusedLineCsp: '[requête refusée : {url} — seul fetch() en https joint d\'autres sites, et seulement sur le moteur WebLoop.]',
    exitedLine: '[Python s\'est terminé par os._exit({code}). Redémarrage de Python…]',
    crashStack: 'débordement de pile (la récursion est allée plus loin que le navigateur ne le permet)',
    crashMemory: 'mémoire épuisée',
    crashTrap: 'WebAssembly trap ({detail}) — le programme a fait quelque chose dont la machine ne se relève pas, comme une erreur de segmentation',
    code: 'Code',
    editorLabel: 'Éditeur de code Python',
    output: 'Sortie',
    consoleLabel: 'Sortie du programme',
    paneTabs: 'Aller au code ou à la sortie',
    consoleEmpty: 'La sortie s’affiche ici. Cliquez sur Exécuter ou tapez {keys}.',
    loading: 'Chargement de Python…',
    restarting: 'Redémarrage de Python…',
    ready: 'Prêt — Python {python} (Pyodide {pyodide})',
    loopCPython: 'boucle d’événements CPython',
    modeStopInstant: 'Arrêter agit instantanément ici',
    modeStopRestarts: 'Arrêter redémarre Python ici (quelques secondes)',
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
    // ligne de compatibilité du navigateur et problèmes de chargement (browser-support.js)
    supportLabel: 'Compatibilité du navigateur :',
    supportNoIsolation: 'cette page n’est pas isolée (cross-origin isolation : son serveur n’envoie pas les en-têtes COOP/COEP), donc Python n’a pas de SharedArrayBuffer.',
    supportNoSab: 'ce navigateur ne fournit pas SharedArrayBuffer.',
    supportEmbedNoIsolation: 'La page qui intègre ce playground n’est pas isolée (cross-origin isolation) : Arrêter redémarre Python, et sleep() occupe le processeur.',
    supportSabEffects: 'Arrêter redémarre donc Python (quelques secondes), et sleep() attend en occupant le processeur.',
    supportNoJspi: 'Pas de JSPI (JavaScript Promise Integration) : la boucle CPython exécute tous les exemples de même ; sur la boucle du navigateur (WebLoop), asyncio.run() lève une erreur (écrivez plutôt await main()) et time.sleep() bloque.',
    loadStalled: 'Python n’a rien envoyé depuis {seconds} s. Une connexion ou un ordinateur lent peut prendre ce temps ; si rien ne change, rechargez la page.',
    loadRetry: 'Rechargez la page pour réessayer. Si l’échec persiste, essayez un Chrome, Edge, Firefox ou Safari récent.',
    loadNoWasm: 'WebAssembly est désactivé dans ce navigateur (le mode Isolement de Safari le fait, par exemple) : autorisez-le pour ce site, ou utilisez un autre navigateur.',
    workerLoadFailed: 'le worker Python n’a pas démarré (son script n’a pas pu être chargé)',
    // le panneau du serveur intégré (server-panel.js)
    serverTitle: 'Serveur',
    serverPort: 'Port',
    serverMode: 'Mode',
    serverModeHttp: 'HTTP',
    serverModeRaw: 'Texte brut',
    serverMethod: 'Méthode',
    serverPath: 'Chemin',
    serverSend: 'Envoyer',
    serverTry: 'Essayer :',
    serverHeadersBody: 'En-têtes et corps',
    serverHeaders: 'En-têtes (un « Nom: valeur » par ligne)',
    serverBody: 'Corps',
    serverText: 'Texte à envoyer',
    serverEof: 'Fermer mon côté après l’envoi (fin de fichier)',
    serverPreview: 'Aperçu HTML',
    serverPreviewTitle: 'Aperçu HTML (isolé : ni scripts, ni accès à cette page)',
    serverResponse: 'Réponse',
    serverResponseHeaders: 'En-têtes',
    serverLog: 'Requêtes',
    serverNoRequests: 'Aucune requête pour l’instant : envoyez-en une ci-dessus.',
    serverClose: 'Fermer la connexion',
    serverPending: 'En attente du serveur…',
    serverOpen: 'Connexion ouverte (le serveur ne l’a pas fermée)',
    serverClosed: 'Connexion fermée par le serveur',
    serverListening: 'Votre programme écoute sur {url}',
    serverKindHttp: 'HTTP (aiohttp)',
    serverKindRaw: 'TCP',
    serverNoSab: 'Cette page ne peut pas envoyer de requêtes à votre programme pendant que Python s’exécute : elle n’est pas isolée (cross-origin isolated), le navigateur ne la laisse donc pas partager de mémoire avec le worker Python, et un programme en cours ne peut pas recevoir de messages. Ouvrez le playground lui-même (servi avec les en-têtes COOP/COEP) pour utiliser ce panneau. Les requêtes faites par le programme lui-même (aiohttp.ClientSession, asyncio.open_connection) fonctionnent.',
    serverNone: 'Aucun serveur ne tourne : exécutez un programme qui en démarre un (web.run_app, asyncio.start_server).',
    serverRunEnded: 'Le programme s’est terminé avant la fin de la réponse.',
    serverEnded: 'Le programme est terminé, et son serveur avec lui. Ses requêtes restent affichées jusqu’à la prochaine exécution.',
    serverTooLarge: 'La requête est trop grande (1 Mo au plus).',
    serverTruncated: '(seul le premier Mo est affiché)',
    serverBytes: '{size} o',
    // liens de partage, mode intégré, intégration par script
    share: 'Partager',
    shareTitle: 'Mettre le code dans un lien et le copier',
    shareCopied: 'Lien copié ({chars} caractères). Qui l’ouvre trouve ce code dans l’éditeur, sans qu’il soit exécuté.',
    shareCopyManually: 'Le navigateur n’a pas permis de copier le lien : il est sélectionné ci-dessous, tapez Ctrl+C (⌘ C) pour le copier.',
    shareLinkLabel: 'Lien vers ce code',
    shareTooLarge: 'Ce code est trop long pour un lien ({size} Ko ; un lien en contient au plus {max} Ko). Enregistrez-le plutôt dans un fichier.',
    shareFailed: 'Impossible de créer le lien : {message}',
    linkBanner: 'Ce code vient d’un lien et n’a pas été exécuté. Lisez-le avant de cliquer sur Exécuter.',
    dismiss: 'Fermer',
    linkedOption: '— Code reçu par lien —',
    linkedTitle: 'Code reçu par lien',
    linkedBadge: 'Lien partagé',
    backToDraft: 'Revenir à mon brouillon',
    editedBadge: 'Modifié',
    linkBadEncoding: 'Ce lien est abîmé : son code n’est pas du base64url valide (a-t-il été coupé ou modifié ?). Rien n’a été chargé.',
    linkCorrupt: 'Ce lien est abîmé : son code n’a pas pu être décompressé (a-t-il été coupé lors de la copie ?). Rien n’a été chargé.',
    linkTooLarge: 'Le code de ce lien dépasse {max} Ko, le maximum qu’un lien peut contenir. Rien n’a été chargé.',
    linkNotText: 'Ce lien ne contient pas de texte (son code n’est pas de l’UTF-8 valide). Rien n’a été chargé.',
    linkEmpty: 'Ce lien ne contient aucun code. Rien n’a été chargé.',
    linkUnknownExample: 'Aucun exemple ne s’appelle « {name} ».',
    openInPlayground: 'Ouvrir dans le playground',
    openInPlaygroundTitle: 'Ouvrir ce code dans le playground complet, dans un nouvel onglet',
    snippetRunLabel: 'Exécuter l’extrait {n}',
    snippetEditorLabel: 'Code Python de l’extrait {n}',
    snippetOutputLabel: 'Sortie de l’extrait {n}',
    snippetReset: 'Réinitialiser',
    snippetCancel: 'Annuler',
    snippetCancelled: 'Annulé',
    snippetQueued: 'En attente : {ahead} exécution(s) avant',
    snippetTimedOut: '[arrêté : cet extrait peut s’exécuter {seconds} s au plus]',
    snippetCorsHint: '(Le serveur d’embed.js envoie-t-il Access-Control-Allow-Origin avec ses fichiers ?)',
    // la page de leçon (lesson.html, lesson-*.js)
    lessonLink: 'Leçon',
    lessonLinkTitle: 'La leçon asyncio : l’article, avec chaque exemple exécutable sur place',
    lessonPageTitle: 'asyncio pas à pas — une leçon qui s’exécute',
    lessonPlayground: 'Playground',
    lessonPlaygroundTitle: 'Le playground complet : un éditeur, une console et tous les exemples',
    lessonContents: 'Sommaire',
    lessonLanguage: 'Langue',
    lessonProgress: '{done} exercice(s) réussi(s) sur {total}',
    lessonResetProgress: 'Réinitialiser la progression',
    lessonResetConfirm: 'Oublier les exercices réussis et remettre leur code de départ ?',
    lessonVariant: 'Version du code',
    lessonVariantArticle: 'Comme dans l’article',
    lessonVariantModern: 'Moderne (Python 3.14)',
    lessonBlockLabel: 'Exemple : {title}',
    lessonEditorLabel: 'Code Python : {title}',
    lessonExercise: 'Exercice',
    lessonCheck: 'Vérifier',
    lessonCheckTitle: 'Exécuter votre code et vérifier si l’objectif est atteint',
    lessonChecking: 'Vérification…',
    lessonPassed: 'Objectif atteint',
    lessonNotYet: 'Pas encore',
    lessonDone: 'Réussi',
    lessonStoppedCheck: 'Arrêté : rien n’a été vérifié.',
    lessonDebug: 'Mode débogage d’asyncio',
    lessonDebugTitle: 'Exécuter avec le mode débogage d’asyncio, comme PYTHONASYNCIODEBUG=1 : les rappels lents et l’endroit où une coroutine jamais attendue a été créée sont signalés',
    lessonServerTry: 'Pendant qu’il tourne, envoyez-lui une requête :',
    lessonServerWaiting: 'Lancez d’abord le programme : ces boutons envoient des requêtes à son serveur.',
    lessonServerNoSab: 'Cette page n’est pas isolée (cross-origin isolated) : les requêtes ne peuvent pas atteindre le programme. Ouvrez-le plutôt dans le playground.',
    lessonServerReply: '[GET {path} → {status}] {body}',
    lessonServerFailed: '[GET {path} a échoué : {message}]',
    lessonUnknownBlock: 'Ce bloc fait référence à un exemple inconnu : {id}.',
    lessonPermalink: 'Lien vers cette section',
    lessonHints: '{count} conseil(s) ci-dessous',
    // Les deux moteurs (engine-picker.js, compare-view.js)
    engine: 'Moteur',
    engineTitle: 'La boucle d’événements qui exécute le code (une première ligne « # engine: webloop » la choisit aussi)',
    allowNetwork: 'Autoriser le réseau',
    networkTitle: 'Désactivé (par défaut) : rien de ce qu’exécute un programme ne peut envoyer de données à un autre site. Activé : les programmes peuvent joindre des sites https:// (pyfetch de WebLoop). Changer ce réglage redémarre Python.',
    engineCPython: 'Boucle CPython',
    engineWebLoop: 'Boucle du navigateur (WebLoop)',
    loopWebLoop: 'boucle d’événements du navigateur (WebLoop)',
    engineUsedTitle: 'La boucle d’événements de cette exécution',
    engineFromCode: '{engine} (choisie par la première ligne)',
    compare: 'Exécuter sur les deux',
    compareTitle: 'Exécuter le code sur la boucle CPython, puis sur celle du navigateur, et comparer les sorties',
    compareHeading: 'Le même code sur les deux boucles',
    compareClose: 'Fermer la comparaison',
    compareWaiting: 'En attente…',
    compareSame: 'Même sortie sur les deux boucles.',
    compareDiffers: 'Les sorties diffèrent sur {count} ligne(s), surlignée(s).',
    compareSkipped: 'Non exécuté : la comparaison a été arrêtée.',
    compareFaster: '{engine} a pris {ratio} fois plus de temps.',
    compareWhyTitle: 'Pourquoi la boucle du navigateur se comporte autrement',
    compareWhyBlocking: 'La boucle CPython est l’asyncio de CPython, dans un worker qui a le droit de bloquer : time.sleep() arrête toutes les tâches, comme sur votre ordinateur.',
    compareWhySetTimeout: 'La WebLoop est celle de Pyodide : ses étapes s’exécutent dans des rappels de la boucle d’événements du navigateur (setTimeout), qui ne doit jamais bloquer. Elle ne s’arrête ni ne se ferme donc jamais (close() et stop() ne font rien, get_event_loop() n’échoue jamais), et les tâches survivent à asyncio.run(). C’est la boucle qui peut attendre des promesses JavaScript (fetch, setTimeout).',
    compareWhyJspi: 'Avec JSPI, Pyodide transforme time.sleep() en une pause qui laisse tourner les autres tâches : la version « incorrecte » de l’exemple 1 entrelace alors ses tâches et dure environ 3 s, pas 5 s.',
    compareWhyNoJspi: 'Sans JSPI, asyncio.run() et run_until_complete() ne peuvent pas attendre sur la WebLoop et lèvent une erreur (écrivez plutôt await main() au niveau du module), et time.sleep() bloque.',
    compareWhySpeed: 'Vitesse : la WebLoop de Pyodide donne à chaque étape sa propre tâche du navigateur, 15 à 40 fois plus lente que la boucle de CPython sur beaucoup de petites étapes ; le playground exécute les étapes prêtes par lots de quelques millisecondes, si bien que les deux moteurs coûtent ici à peu près autant.',
    compareThisBrowser: 'Ce navigateur : JSPI {value}.',
    sysSurvivors: '[{what} : toujours en cours après l’annulation — redémarrage de Python pour que rien n’en passe dans le programme suivant]',
  },
};

export const LANGS = Object.freeze(['en', 'fr']);
const LANG_KEY = 'asyncio-playground:lang';

function storedLang() {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) ?? null;
  } catch {
    return null; // storage blocked
  }
}

/** ?lang=fr|en, else the reader's last choice (setLang), else 'fr' when the browser prefers French, else 'en'. */
function initialLang() {
  const asked = new URLSearchParams(globalThis.location?.search ?? '').get('lang') ?? storedLang();
  if (LANGS.includes(asked)) return asked;
  return /^fr\b/i.test(globalThis.navigator?.language ?? '') ? 'fr' : 'en';
}

/** The UI language (a live binding: setLang changes it). */
export let lang = initialLang();

/** Switches the UI language and remembers the choice for every page of the site. */
export function setLang(next) {
  if (!LANGS.includes(next)) throw new Error(`Unknown language ${JSON.stringify(next)}`);
  lang = next;
  try {
    globalThis.localStorage?.setItem(LANG_KEY, next);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  if (globalThis.document) translatePage(); // the markup first, then the views that draw text
  for (const listener of langListeners) listener(next);
}

const langListeners = new Set();

/** Calls `listener(lang)` after every setLang; returns a function that stops it. */
export function onLangChange(listener) {
  langListeners.add(listener);
  return () => langListeners.delete(listener);
}

/** Adds a feature's own strings ({en: {...}, fr: {...}}) to the table t() reads. */
export function addStrings({ en = {}, fr = {} }) {
  Object.assign(STRINGS.en, en);
  Object.assign(STRINGS.fr, fr);
}

/** Messages the worker and the runtime write in English, and their key here. */
const SYSTEM_LINES = [
  [/^\[Loading (.+?)…\]$/, 'sysLoading'],
  [/^\[could not load packages: (.+)\]$/, 'sysNoPackages'],
  [/^\[output truncated: more than (.+?); the program keeps running — press Stop to end it\]$/, 'sysTruncated'],
  [/^\[(.+?): still running after cancellation — restarting Python so that it cannot run into the next program\]$/, 'sysSurvivors'],
];

/** A system line of the console in the UI language (unknown lines are kept as they are). */
export function translateSystem(text) {
  return String(text).replace(/^\[.*\]$/gm, (line) => {
    for (const [pattern, key] of SYSTEM_LINES) {
      const match = pattern.exec(line);
      if (match) return t(key, { what: match[1] });
    }
    return line;
  });
}

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

"""The words of each pitfall hint, in English and French: what happened, why, the fix.

`texts(hint_id, facts)` returns {"en": {...}, "fr": {...}}, each with title, what, why
and fix. Text between backticks is code (the page shows it in a monospace font).
"""

from __future__ import annotations

from .beginner_hints import TEXTS as BEGINNER_TEXTS


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _blocked_context(f: dict) -> tuple[str, str, str, str]:
    """What a blocking call held up, and where it ran: (others_en, others_fr, where_en, where_fr)."""
    others_en = others_fr = ""
    if f["others"]:
        n = f["others"]
        others_en = f" ({n} other {_plural(n, 'task was', 'tasks were')} waiting)"
        others_fr = f" ({n} {_plural(n, 'autre tâche attendait', 'autres tâches attendaient')})"
    where_en = f" inside the coroutine `{f['coro']}()`" if f["coro"] else ""
    where_fr = f" dans la coroutine `{f['coro']}()`" if f["coro"] else ""
    return others_en, others_fr, where_en, where_fr


def _blocking_sleep(f: dict) -> dict:
    others_en, others_fr, where_en, where_fr = _blocked_context(f)
    return {
        "en": {
            "title": "`time.sleep()` blocks the event loop",
            "what": f"Line {f['line']}: `{f['code']}` stopped the whole program for {f['seconds']} s{where_en}. "
            f"Meanwhile the event loop could run nothing else{others_en}.",
            "why": "`time.sleep()` is an ordinary blocking call: it never gives control back to the event "
            "loop. Only an `await` lets other tasks run while one waits.",
            "fix": f"Write `await asyncio.sleep({f['arg']})` instead, and `await` the coroutine that contains it.",
        },
        "fr": {
            "title": "`time.sleep()` bloque la boucle d’événements",
            "what": f"Ligne {f['line']} : `{f['code']}` a arrêté tout le programme pendant {f['seconds']} s{where_fr}. "
            f"Pendant ce temps, la boucle d’événements n’a rien pu exécuter d’autre{others_fr}.",
            "why": "`time.sleep()` est un appel bloquant ordinaire : il ne rend jamais la main à la boucle "
            "d’événements. Seul un `await` permet aux autres tâches d’avancer pendant qu’une tâche attend.",
            "fix": f"Écrivez `await asyncio.sleep({f['arg']})` à la place, et attendez (`await`) la coroutine qui le contient.",
        },
    }


def _blocking_input(f: dict) -> dict:
    others_en, others_fr, where_en, where_fr = _blocked_context(f)
    return {
        "en": {
            "title": "`input()` blocks the event loop",
            "what": f"Line {f['line']}: `{f['code']}` waited for your line{where_en}, and meanwhile the event "
            f"loop could run nothing else{others_en}.",
            "why": "`input()` is an ordinary blocking call, here as on your computer: the thread waits for the "
            "keyboard and never gives control back to the event loop.",
            "fix": "Write `await asyncio.to_thread(input, 'prompt: ')`: the other tasks go on while the line "
            "is typed (in CPython, input() then waits in another thread).",
        },
        "fr": {
            "title": "`input()` bloque la boucle d’événements",
            "what": f"Ligne {f['line']} : `{f['code']}` a attendu votre ligne{where_fr}, et pendant ce temps la "
            f"boucle d’événements n’a rien pu exécuter d’autre{others_fr}.",
            "why": "`input()` est un appel bloquant ordinaire, ici comme sur votre ordinateur : le thread attend "
            "le clavier et ne rend jamais la main à la boucle d’événements.",
            "fix": "Écrivez `await asyncio.to_thread(input, 'invite : ')` : les autres tâches continuent pendant "
            "la saisie (en CPython, input() attend alors dans un autre thread).",
        },
    }


def _blocking_inline(f: dict) -> dict:
    return {
        "en": {
            "title": "No threads in the browser: the blocking call ran in the event loop",
            "what": f"Line {f['line']}: `{f['code']}` was handed to `asyncio.to_thread()` or `run_in_executor()`, "
            f"but it ran right there and blocked the event loop for {f['seconds']} s.",
            "why": "Python in the browser (Pyodide) has no threads, so the playground runs executor "
            "functions inline. On your own computer this call would run in another thread.",
            "fix": "In the playground, use `await asyncio.sleep()` for pauses, or split long work into "
            "steps separated by `await asyncio.sleep(0)`.",
        },
        "fr": {
            "title": "Pas de threads dans le navigateur : l’appel bloquant a tourné dans la boucle",
            "what": f"Ligne {f['line']} : `{f['code']}` a été confié à `asyncio.to_thread()` ou `run_in_executor()`, "
            f"mais il s’est exécuté sur place et a bloqué la boucle d’événements pendant {f['seconds']} s.",
            "why": "Python dans le navigateur (Pyodide) n’a pas de threads : le playground exécute donc les "
            "fonctions de l’exécuteur directement. Sur votre ordinateur, cet appel tournerait dans un autre thread.",
            "fix": "Dans le playground, utilisez `await asyncio.sleep()` pour les pauses, ou découpez un long "
            "calcul en étapes séparées par `await asyncio.sleep(0)`.",
        },
    }


def _blocking_step(f: dict) -> dict:
    n = f["others"]
    return {
        "en": {
            "title": f"A task held the event loop for {f['ms']} ms",
            "what": f"The task `{f['task']}` (`{f['coro']}()`) ran for {f['ms']} ms without reaching an `await` "
            f"(lines {f['first']}–{f['last']}), and {n} other {_plural(n, 'task', 'tasks')} ready to run had to wait.",
            "why": "The event loop runs one task at a time and switches only at an `await`. A long "
            "computation or a blocking call (`time.sleep`, `requests.get`, a big file read) stops every other task.",
            "fix": "Split the work and `await asyncio.sleep(0)` now and then so others can run, use an async "
            "library (`aiohttp` rather than `requests`), or move heavy computation out of the coroutine.",
        },
        "fr": {
            "title": f"Une tâche a monopolisé la boucle pendant {f['ms']} ms",
            "what": f"La tâche `{f['task']}` (`{f['coro']}()`) a tourné {f['ms']} ms sans atteindre de `await` "
            f"(lignes {f['first']} à {f['last']}) ; {n} {_plural(n, 'autre tâche prête a dû', 'autres tâches prêtes ont dû')} attendre.",
            "why": "La boucle d’événements exécute une seule tâche à la fois et ne change de tâche qu’à un "
            "`await`. Un long calcul ou un appel bloquant (`time.sleep`, `requests.get`, la lecture d’un gros "
            "fichier) arrête toutes les autres tâches.",
            "fix": "Découpez le travail et faites `await asyncio.sleep(0)` de temps en temps pour laisser "
            "tourner les autres, utilisez une bibliothèque asynchrone (`aiohttp` plutôt que `requests`), ou "
            "sortez le calcul lourd de la coroutine.",
        },
    }


def _never_awaited(f: dict) -> dict:
    c = f["coro"]
    return {
        "en": {
            "title": f"The coroutine `{c}()` was never awaited",
            "what": f"Line {f['line']}: `{c}()` created a coroutine object, but nothing awaited it, so its code never ran.",
            "why": "Calling an `async def` function does not run it: it only creates a coroutine. The event "
            "loop runs it when you `await` it or turn it into a task.",
            "fix": f"Inside a coroutine write `await {c}(…)`; at the top of the program `asyncio.run({c}(…))`; "
            f"to run it alongside other work, `asyncio.create_task({c}(…))`.",
        },
        "fr": {
            "title": f"La coroutine `{c}()` n’a jamais été attendue",
            "what": f"Ligne {f['line']} : `{c}()` a créé un objet coroutine, mais rien ne l’a attendu (`await`) : "
            "son code ne s’est jamais exécuté.",
            "why": "Appeler une fonction `async def` ne l’exécute pas : cela crée seulement une coroutine. La "
            "boucle d’événements l’exécute quand on l’attend avec `await` ou qu’on en fait une tâche.",
            "fix": f"Dans une coroutine, écrivez `await {c}(…)` ; au niveau du programme, `asyncio.run({c}(…))` ; "
            f"pour l’exécuter en parallèle d’autre chose, `asyncio.create_task({c}(…))`.",
        },
    }


def _wait_coroutines(f: dict) -> dict:
    return {
        "en": {
            "title": "`asyncio.wait()` needs tasks, not coroutines",
            "what": f"Line {f['line']}: `asyncio.wait()` raised `TypeError: Passing coroutines is forbidden, use tasks explicitly.`",
            "why": "Since Python 3.11, `asyncio.wait()` accepts only tasks and futures. Older versions wrapped "
            "coroutines silently, which hid bugs; code written before that, like the article's, fails now.",
            "fix": "Make tasks first: `tasks = [asyncio.create_task(c) for c in coros]`, then "
            "`await asyncio.wait(tasks)`; or simply `await asyncio.gather(*coros)`.",
        },
        "fr": {
            "title": "`asyncio.wait()` attend des tâches, pas des coroutines",
            "what": f"Ligne {f['line']} : `asyncio.wait()` a levé `TypeError: Passing coroutines is forbidden, use tasks explicitly.`",
            "why": "Depuis Python 3.11, `asyncio.wait()` n’accepte que des tâches et des futures. Avant, il "
            "enveloppait les coroutines sans rien dire, ce qui cachait des bugs ; le code écrit avant, comme "
            "celui de l’article, échoue désormais.",
            "fix": "Créez d’abord les tâches : `tasks = [asyncio.create_task(c) for c in coros]`, puis "
            "`await asyncio.wait(tasks)` ; ou plus simplement `await asyncio.gather(*coros)`.",
        },
    }


def _task_unfinished(f: dict) -> dict:
    t, c = f["task"], f["coro"]
    where_en = f" at line {f['line']}" if f["line"] else ""
    where_fr = f" à la ligne {f['line']}" if f["line"] else ""
    return {
        "en": {
            "title": f"The task `{t}` never finished",
            "what": f"The task `{t}` (`{c}()`) was still waiting{where_en} when the program ended, so it was "
            "cancelled: the rest of its code never ran.",
            "why": "`asyncio.create_task()` starts a task in the background, but nothing waits for it. When the "
            "main coroutine returns, `asyncio.run()` cancels the tasks still pending.",
            "fix": "Keep the task in a variable and `await` it before `main()` returns, use `asyncio.gather()`, "
            "or create it in an `async with asyncio.TaskGroup() as tg:` block.",
        },
        "fr": {
            "title": f"La tâche `{t}` ne s’est jamais terminée",
            "what": f"La tâche `{t}` (`{c}()`) attendait encore{where_fr} quand le programme s’est terminé : "
            "elle a été annulée et la suite de son code ne s’est jamais exécutée.",
            "why": "`asyncio.create_task()` lance une tâche en arrière-plan, mais rien ne l’attend. Quand la "
            "coroutine principale se termine, `asyncio.run()` annule les tâches encore en attente.",
            "fix": "Gardez la tâche dans une variable et attendez-la (`await`) avant la fin de `main()`, "
            "utilisez `asyncio.gather()`, ou créez-la dans un bloc `async with asyncio.TaskGroup() as tg:`.",
        },
    }


def _task_lost(f: dict) -> dict:
    t, c = f["task"], f["coro"]
    return {
        "en": {
            "title": f"The pending task `{t}` was garbage-collected",
            "what": f"The task `{t}` (`{c}()`) was destroyed while still pending (“Task was destroyed but it is pending!”).",
            "why": "The event loop keeps only weak references to tasks. A task that nothing else refers to "
            "can disappear before it finishes.",
            "fix": "Keep a reference to each task (a variable, a list, a set) until it is done, or use `asyncio.TaskGroup`.",
        },
        "fr": {
            "title": f"La tâche `{t}` a été détruite avant la fin",
            "what": f"La tâche `{t}` (`{c}()`) a été détruite alors qu’elle était encore en attente (« Task was destroyed but it is pending! »).",
            "why": "La boucle d’événements ne garde que des références faibles vers les tâches. Une tâche que "
            "rien d’autre ne référence peut disparaître avant de se terminer.",
            "fix": "Gardez une référence à chaque tâche (variable, liste, ensemble) jusqu’à sa fin, ou utilisez `asyncio.TaskGroup`.",
        },
    }


def _no_event_loop(f: dict) -> dict:
    return {
        "en": {
            "title": "`asyncio.get_event_loop()` with no running loop",
            "what": f"Line {f['line']}: `asyncio.get_event_loop()` found no event loop ({f['outcome_en']}).",
            "why": "Since Python 3.14, `get_event_loop()` no longer creates a loop when none is set (it was "
            "deprecated from 3.12). Older tutorials, like the article, still rely on it.",
            "fix": "Put the code in `async def main():` and start it with `asyncio.run(main())`; inside a "
            "coroutine, `asyncio.get_running_loop()` gives the loop if you need it.",
        },
        "fr": {
            "title": "`asyncio.get_event_loop()` sans boucle en cours",
            "what": f"Ligne {f['line']} : `asyncio.get_event_loop()` n’a trouvé aucune boucle d’événements ({f['outcome_fr']}).",
            "why": "Depuis Python 3.14, `get_event_loop()` ne crée plus de boucle quand aucune n’est définie "
            "(c’était déprécié depuis 3.12). Les anciens tutoriels, comme l’article, s’en servent encore.",
            "fix": "Mettez le code dans `async def main():` et lancez-le avec `asyncio.run(main())` ; dans une "
            "coroutine, `asyncio.get_running_loop()` donne la boucle si vous en avez besoin.",
        },
    }


def _nested_run(f: dict) -> dict:
    return {
        "en": {
            "title": "`asyncio.run()` inside a running event loop",
            "what": f"Line {f['line']}: `{f['call']}` was called while an event loop was already running, "
            "and raised `RuntimeError`.",
            "why": "`asyncio.run()` creates and runs a new event loop; it is meant to be called once, at the top "
            "of the program. Inside a coroutine, a loop is already running.",
            "fix": "Inside a coroutine, `await` the coroutine directly (`await main_work()`) or start it with "
            "`asyncio.create_task()`, instead of `asyncio.run()`.",
        },
        "fr": {
            "title": "`asyncio.run()` dans une boucle déjà en cours",
            "what": f"Ligne {f['line']} : `{f['call']}` a été appelé alors qu’une boucle d’événements tournait "
            "déjà, et a levé `RuntimeError`.",
            "why": "`asyncio.run()` crée et exécute une nouvelle boucle d’événements ; on l’appelle une seule "
            "fois, au sommet du programme. Dans une coroutine, une boucle tourne déjà.",
            "fix": "Dans une coroutine, attendez directement la coroutine (`await travail()`) ou lancez-la avec "
            "`asyncio.create_task()`, au lieu d’`asyncio.run()`.",
        },
    }


def _requests(f: dict) -> dict:
    return {
        "en": {
            "title": "`requests` is not available here, and it would block the loop",
            "what": f"Line {f['line']}: `import requests` failed: the package is not available in the browser.",
            "why": "`requests` is a blocking library: in a coroutine, each `requests.get()` stops the event "
            "loop until the answer arrives, so the requests never overlap.",
            "fix": "Use an async HTTP client: `async with aiohttp.ClientSession() as session:` then "
            "`async with session.get(url) as response:`.",
        },
        "fr": {
            "title": "`requests` n’est pas disponible ici, et bloquerait la boucle",
            "what": f"Ligne {f['line']} : `import requests` a échoué : ce paquet n’est pas disponible dans le navigateur.",
            "why": "`requests` est une bibliothèque bloquante : dans une coroutine, chaque `requests.get()` "
            "arrête la boucle d’événements jusqu’à la réponse, si bien que les requêtes ne se chevauchent jamais.",
            "fix": "Utilisez un client HTTP asynchrone : `async with aiohttp.ClientSession() as session:` puis "
            "`async with session.get(url) as response:`.",
        },
    }


def _no_threads(f: dict) -> dict:
    call, deadlock = f["call"], f["call"].startswith("run_coroutine_threadsafe")
    what_en = ("waited, in the event loop's own thread, for a coroutine only that loop can run: it would have waited "
               "forever" if deadlock else "needs a second thread, and Python in the browser (Pyodide) has none")
    what_fr = ("attendait, dans le thread même de la boucle, une coroutine que seule cette boucle peut exécuter : "
               "l’attente n’aurait jamais fini" if deadlock else "demande un second thread, et Python dans le "
               "navigateur (Pyodide) n’en a pas")
    return {
        "en": {
            "title": "No threads in the browser",
            "what": f"Line {f['line']}: `{call}` {what_en}.",
            "why": "Python here runs in one thread. `await asyncio.to_thread(f)` and `await loop.run_in_executor(None, f)` "
            "do work: they run `f` at once, in the loop's thread, and give its result, so the output is the same; "
            "but while `f` runs no other task can (on your computer it would run in another thread).",
            "fix": "In a coroutine, `await` the coroutine itself (or `asyncio.create_task()` it)."
            if deadlock else "Use `await asyncio.to_thread(f, ...)` instead of a thread or a thread pool; for "
            "work that waits, write coroutines and `await` them.",
        },
        "fr": {
            "title": "Pas de threads dans le navigateur",
            "what": f"Ligne {f['line']} : `{call}` {what_fr}.",
            "why": "Ici, Python tourne dans un seul thread. `await asyncio.to_thread(f)` et `await loop.run_in_executor(None, f)` "
            "fonctionnent : ils exécutent `f` tout de suite, dans le thread de la boucle, et rendent son résultat, donc la "
            "sortie est la même ; mais pendant que `f` tourne, aucune autre tâche n’avance (sur votre ordinateur, "
            "`f` tournerait dans un autre thread).",
            "fix": "Dans une coroutine, attendez (`await`) la coroutine elle-même (ou lancez-la avec `asyncio.create_task()`)."
            if deadlock else "Utilisez `await asyncio.to_thread(f, ...)` au lieu d’un thread ou d’un pool de threads ; "
            "pour ce qui attend, écrivez des coroutines et attendez-les avec `await`.",
        },
    }


# Why nobody wakes a task that waits on each kind of thing (loopstate.stuck_tasks' "what").
_NOBODY = {
    "event": ("nobody calls `set()`", "personne n’appelle `set()`"),
    "queue": ("nobody puts an item in the queue", "personne ne met d’élément dans la file"),
    "lock": ("nobody releases the lock", "personne ne libère le verrou"),
    "semaphore": ("nobody releases the semaphore", "personne ne libère le sémaphore"),
    "condition": ("nobody calls `notify()`", "personne n’appelle `notify()`"),
    "barrier": ("not enough tasks reach the barrier", "pas assez de tâches n’atteignent la barrière"),
    "future": ("nobody sets the future’s result", "personne ne fixe le résultat du future"),
    "task": ("and that task waits too", "et cette tâche attend aussi"),
    "gather": ("and they wait too", "et elles attendent aussi"),
}


def _stuck_line(w: dict, fr: bool) -> str:
    what = w.get("call") or (w.get("awaits") and f"`{w['awaits']}`") or w["what"]
    if w.get("call"):
        what = f"`{w['call']}`"
    why = _NOBODY.get(w["what"], ("nothing can wake it", "rien ne peut la réveiller"))[fr]
    coro = w["coro"] if w["coro"].endswith(")") else f"{w['coro']}()"
    if fr:
        where = f" ligne {w['line']}" if w["line"] else ""
        return f"`{w['task']}` ({coro}) attend {what}{where} ; {why}"
    where = f" at line {w['line']}" if w["line"] else ""
    return f"`{w['task']}` ({coro}) waits for {what}{where}; {why}"


def _stuck(f: dict) -> dict:
    tasks = f["tasks"]
    return {
        "en": {
            "title": "This program will never finish: every task waits",
            "what": "Nothing is ready, no timer is set and nothing outside can wake a task: "
            + ". ".join(_stuck_line(w, False) for w in tasks) + ".",
            "why": "The event loop only runs a task again when what it awaits happens. Here every task waits "
            "for another one, or for something no code will ever do, so the loop waits forever, as CPython does.",
            "fix": "Make sure some task does what the others wait for (`set()`, `put()`, `release()`, a result), "
            "or wait with a limit: `async with asyncio.timeout(5):`.",
        },
        "fr": {
            "title": "Ce programme ne finira jamais : toutes les tâches attendent",
            "what": "Rien n’est prêt, aucun minuteur n’est posé et rien d’extérieur ne peut réveiller une tâche : "
            + ". ".join(_stuck_line(w, True) for w in tasks) + ".",
            "why": "La boucle d’événements ne relance une tâche que lorsque ce qu’elle attend se produit. Ici chaque "
            "tâche attend une autre tâche, ou une chose qu’aucun code ne fera, donc la boucle attend sans fin, "
            "comme CPython.",
            "fix": "Faites en sorte qu’une tâche fasse ce que les autres attendent (`set()`, `put()`, `release()`, un "
            "résultat), ou attendez avec une limite : `async with asyncio.timeout(5):`.",
        },
    }


TEXTS = {
    "stuck": _stuck,
    "blocking-sleep": _blocking_sleep,
    "blocking-inline": _blocking_inline,
    "blocking-input": _blocking_input,
    "blocking-step": _blocking_step,
    "never-awaited": _never_awaited,
    "wait-coroutines": _wait_coroutines,
    "task-unfinished": _task_unfinished,
    "task-lost": _task_lost,
    "no-event-loop": _no_event_loop,
    "nested-run": _nested_run,
    "requests": _requests,
    "no-threads": _no_threads,
}


def texts(hint_id: str, facts: dict) -> dict:
    return (TEXTS.get(hint_id) or BEGINNER_TEXTS[hint_id])(facts)

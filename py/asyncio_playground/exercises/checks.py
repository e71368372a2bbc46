"""The lesson's exercises, one check each (ids as in web/lesson/*.md), in the lesson's order.

Each check reads a run's facts (facts.RunFacts: timed output lines, time spent in
blocking sleeps, exit code), never the code, and answers in plain words in French and
English. Timing bounds are loose: a slow machine must not fail a right answer.
"""

from __future__ import annotations

from .facts import RunFacts, Verdict, crashed, exercise, failed, passed, seconds

BLOCKED_LIMIT = 0.2  # seconds of time.sleep inside a running loop that still count as "not blocking"


def _blocked(facts: RunFacts) -> Verdict | None:
    if facts.blocked < BLOCKED_LIMIT:
        return None
    return failed(
        f"time.sleep() a bloqué la boucle d'événements pendant {seconds(facts.blocked, 'fr')} : "
        "pendant ce temps, aucune autre tâche ne pouvait avancer. Utilisez await asyncio.sleep(...).",
        f"time.sleep() blocked the event loop for {seconds(facts.blocked, 'en')}: meanwhile no other "
        "task could run. Use await asyncio.sleep(...).",
    )


def _missing(facts: RunFacts, texts: list[str]) -> Verdict | None:
    absent = [text for text in texts if facts.find(text) is None]
    if not absent:
        return None
    shown = ", ".join(f"« {text} »" for text in absent)
    shown_en = ", ".join(f"“{text}”" for text in absent)
    return failed(
        f"Il manque {'la ligne' if len(absent) == 1 else 'les lignes'} {shown} dans la sortie.",
        f"The output lacks {'the line' if len(absent) == 1 else 'the lines'} {shown_en}.",
    )


def _span(first, last) -> float:
    return last.t - first.t


@exercise("first-pause")
def first_pause(facts: RunFacts) -> Verdict:
    verdict = crashed(facts) or _missing(facts, ["Hello", "Goodbye"]) or _blocked(facts)
    if verdict:
        return verdict
    gap = _span(facts.find("Hello"), facts.find("Goodbye"))
    if gap < 0.8:
        return failed(
            f"« Goodbye » arrive {seconds(gap, 'fr')} après « Hello » : faites une pause d'une seconde entre les deux.",
            f"“Goodbye” comes {seconds(gap, 'en')} after “Hello”: pause for one second between them.",
        )
    return passed(
        f"Bravo : {seconds(gap, 'fr')} entre les deux lignes, et la boucle est restée libre pendant la pause.",
        f"Well done: {seconds(gap, 'en')} between the two lines, and the loop stayed free during the pause.",
    )


@exercise("run-the-coroutine")
def run_the_coroutine(facts: RunFacts) -> Verdict:
    if "was never awaited" in facts.stderr:
        return failed(
            "La coroutine a été créée mais jamais exécutée (« was never awaited ») : confiez-la à la boucle avec asyncio.run(...).",
            "The coroutine was created but never run (“was never awaited”): hand it to the loop with asyncio.run(...).",
        )
    verdict = crashed(facts) or _missing(facts, ["Hello, World!", "Hello again!"])
    if verdict:
        return verdict
    gap = _span(facts.find("Hello, World!"), facts.find("Hello again!"))
    if gap < 0.8:
        return failed(
            f"Les deux messages sont séparés de {seconds(gap, 'fr')} seulement : gardez le await asyncio.sleep(1).",
            f"The two messages are only {seconds(gap, 'en')} apart: keep the await asyncio.sleep(1).",
        )
    return passed(
        "Bravo : la boucle d'événements a exécuté la coroutine, pause comprise.",
        "Well done: the event loop ran the coroutine, pause included.",
    )


@exercise("modern-entry-point")
def modern_entry_point(facts: RunFacts) -> Verdict:
    if "There is no current event loop" in facts.stderr:
        return failed(
            "asyncio.get_event_loop() lève encore une RuntimeError : sous Python 3.14, il n'y a pas de boucle "
            "courante hors d'une coroutine. Lancez main() avec asyncio.run(main()).",
            "asyncio.get_event_loop() still raises RuntimeError: on Python 3.14 there is no current loop "
            "outside a coroutine. Start main() with asyncio.run(main()).",
        )
    verdict = crashed(facts) or _missing(facts, ["The event loop is running: True", "Done"])
    if verdict:
        return verdict
    return passed(
        "Bravo : le programme tourne sous Python 3.14, et la boucle est créée puis fermée pour vous.",
        "Well done: the program runs on Python 3.14, and the loop is created and closed for you.",
    )


@exercise("background-task")
def background_task(facts: RunFacts) -> Verdict:
    verdict = crashed(facts) or _missing(facts, ["tick 0", "tick 1", "tick 2", "main: working", "main: done"])
    if verdict:
        return verdict
    if facts.index("main: working") > facts.index("tick 1"):
        return failed(
            "« main: working » arrive après les tics : main attend encore la fin de ticker(). "
            "Lancez ticker() comme tâche (asyncio.create_task) avant de travailler.",
            "“main: working” comes after the ticks: main still waits for ticker() to finish. "
            "Start ticker() as a task (asyncio.create_task) before working.",
        )
    if facts.elapsed > 2.4:
        return failed(
            f"Le programme dure {seconds(facts.elapsed, 'fr')} : la tâche et main devraient avancer ensemble (environ 1,5 s).",
            f"The program takes {seconds(facts.elapsed, 'en')}: the task and main should progress together (about 1.5 s).",
        )
    return passed(
        f"Bravo : ticker() a tourné en arrière-plan pendant que main travaillait ({seconds(facts.elapsed, 'fr')} au total).",
        f"Well done: ticker() ran in the background while main worked ({seconds(facts.elapsed, 'en')} in all).",
    )


@exercise("concurrent-downloads")
def concurrent_downloads(facts: RunFacts) -> Verdict:
    names = ["a.html", "b.html", "c.html"]
    verdict = crashed(facts) or _missing(facts, [f"{kind} {name}" for name in names for kind in ("start", "done")])
    if verdict:
        return verdict
    for name in names:
        took = _span(facts.find(f"start {name}"), facts.find(f"done {name}"))
        if took < 0.8:
            return failed(
                f"Le téléchargement de {name} n'a duré que {seconds(took, 'fr')} : gardez le await asyncio.sleep(1), c'est le réseau.",
                f"Downloading {name} took only {seconds(took, 'en')}: keep the await asyncio.sleep(1), it is the network.",
            )
    starts = [facts.find(f"start {name}") for name in names]
    ends = [facts.find(f"done {name}") for name in names]
    total = max(line.t for line in ends) - min(line.t for line in starts)
    if total > 1.6:
        return failed(
            f"Les trois téléchargements ont pris {seconds(total, 'fr')} : ils se suivent encore. "
            "Lancez-les ensemble, avec asyncio.gather(...) ou des tâches.",
            f"The three downloads took {seconds(total, 'en')}: they still run one after another. "
            "Start them together, with asyncio.gather(...) or tasks.",
        )
    return passed(
        f"Bravo : les trois téléchargements ont pris {seconds(total, 'fr')} ensemble au lieu de 3 s.",
        f"Well done: the three downloads took {seconds(total, 'en')} together instead of 3 s.",
    )


@exercise("unblock-the-loop")
def unblock_the_loop(facts: RunFacts) -> Verdict:
    verdict = crashed(facts) or _missing(facts, ["A: step 1", "A: step 2", "B: step 1", "B: step 2",
                                                 "A: finished", "B: finished"]) or _blocked(facts)
    if verdict:
        return verdict
    if facts.index("B: step 1") > facts.index("A: step 2"):
        return failed(
            "A termine avant que B ne commence : les deux tâches ne se relaient pas pendant les pauses.",
            "A finishes before B starts: the two tasks do not take turns during the pauses.",
        )
    total = _span(facts.lines[0], facts.lines[-1])
    if total < 0.8:
        return failed(
            f"Tout est fini en {seconds(total, 'fr')} : gardez une pause d'une demi-seconde à chaque étape.",
            f"Everything is over in {seconds(total, 'en')}: keep a half-second pause at each step.",
        )
    return passed(
        f"Bravo : A et B ont avancé ensemble, {seconds(total, 'fr')} au lieu de 2 s.",
        f"Well done: A and B progressed together, {seconds(total, 'en')} instead of 2 s.",
    )


@exercise("gather-results")
def gather_results(facts: RunFacts) -> Verdict:
    verdict = crashed(facts) or _missing(facts, ["[3, 7, 11]"])
    if verdict:
        return verdict
    computes = facts.starting("Compute")
    if len(computes) != 3:
        return failed(
            f"Il faut trois lignes « Compute … », il y en a {len(computes)}.",
            f"Three “Compute …” lines are expected, there are {len(computes)}.",
        )
    total = _span(computes[0], facts.find("[3, 7, 11]"))
    if total > 1.6:
        return failed(
            f"Les calculs ont pris {seconds(total, 'fr')} : ils se suivent encore. asyncio.gather(...) les lance ensemble "
            "et rend leurs résultats dans l'ordre.",
            f"The computations took {seconds(total, 'en')}: they still run one after another. asyncio.gather(...) starts "
            "them together and returns their results in order.",
        )
    if total < 0.8:
        return failed(
            "Les résultats arrivent sans la seconde d'attente : gardez le await asyncio.sleep(1.0).",
            "The results come without the one-second wait: keep the await asyncio.sleep(1.0).",
        )
    return passed(
        f"Bravo : [3, 7, 11] en {seconds(total, 'fr')}, dans l'ordre des appels.",
        f"Well done: [3, 7, 11] in {seconds(total, 'en')}, in the order of the calls.",
    )


@exercise("unblock-the-handler")
def unblock_the_handler(facts: RunFacts) -> Verdict:
    names = ["Alice", "Bob", "Chloé"]
    verdict = crashed(facts) or _missing(facts, ["serving on http://localhost:8080"]
                                         + [f"Hello, {name}" for name in names]) or _blocked(facts)
    if verdict:
        return verdict
    serving = facts.find("serving on http://localhost:8080")
    replies = [facts.find(f"Hello, {name}") for name in names]
    first = min(reply.t for reply in replies) - serving.t
    spread = max(reply.t for reply in replies) - min(reply.t for reply in replies)
    if first < 0.8:
        return failed(
            "Les réponses arrivent sans la seconde de travail du gestionnaire : gardez une attente d'une seconde, non bloquante.",
            "The replies come without the handler's second of work: keep a one-second wait, a non-blocking one.",
        )
    if spread > 0.6:
        return failed(
            f"Les réponses s'étalent sur {seconds(spread, 'fr')} : le serveur traite encore une requête à la fois.",
            f"The replies are spread over {seconds(spread, 'en')}: the server still handles one request at a time.",
        )
    return passed(
        "Bravo : le serveur a répondu aux trois requêtes en même temps, en une seconde environ.",
        "Well done: the server answered the three requests at the same time, in about one second.",
    )


def _peak(facts: RunFacts) -> int:
    active = peak = 0
    for line in facts.lines:
        text = line.text.strip()
        if text.startswith("start "):
            active += 1
            peak = max(peak, active)
        elif text.startswith("end "):
            active -= 1
    return peak


@exercise("limit-with-semaphore")
def limit_with_semaphore(facts: RunFacts) -> Verdict:
    verdict = crashed(facts) or _missing(facts, [f"{kind} {i}" for i in range(9) for kind in ("start", "end")])
    if verdict:
        return verdict
    peak = _peak(facts)
    if peak > 3:
        return failed(
            f"Jusqu'à {peak} requêtes tournent en même temps : limitez-les à 3 avec asyncio.Semaphore(3).",
            f"Up to {peak} requests run at the same time: limit them to 3 with asyncio.Semaphore(3).",
        )
    if peak < 3:
        return failed(
            f"Seulement {peak} requête(s) à la fois : laissez-en tourner 3 ensemble.",
            f"Only {peak} request(s) at a time: let 3 run together.",
        )
    total = _span(facts.lines[0], facts.lines[-1])
    if total > 2.3:
        return failed(
            f"Les 9 requêtes ont pris {seconds(total, 'fr')} : 3 à la fois, il en faut environ 1,5.",
            f"The 9 requests took {seconds(total, 'en')}: 3 at a time should take about 1.5.",
        )
    return passed(
        f"Bravo : jamais plus de 3 requêtes à la fois, et les 9 en {seconds(total, 'fr')}.",
        f"Well done: never more than 3 requests at once, and all 9 in {seconds(total, 'en')}.",
    )


@exercise("timeouts")
def timeouts(facts: RunFacts) -> Verdict:
    verdict = crashed(facts) or _missing(facts, ["weather: ok", "news: ok", "stocks: timeout"])
    if verdict:
        return verdict
    late = facts.find("stocks: timeout").t
    if late < 0.8:
        return failed(
            f"« stocks: timeout » arrive au bout de {seconds(late, 'fr')} : donnez à chaque service sa seconde entière.",
            f"“stocks: timeout” comes after {seconds(late, 'en')}: give each service its full second.",
        )
    if facts.elapsed > 1.8:
        return failed(
            f"Le programme dure {seconds(facts.elapsed, 'fr')} : interrogez les services ensemble, une seconde au plus chacun.",
            f"The program takes {seconds(facts.elapsed, 'en')}: ask the services together, one second at most each.",
        )
    return passed(
        f"Bravo : deux réponses, un délai dépassé, et {seconds(facts.elapsed, 'fr')} au total.",
        f"Well done: two answers, one timeout, and {seconds(facts.elapsed, 'en')} in all.",
    )

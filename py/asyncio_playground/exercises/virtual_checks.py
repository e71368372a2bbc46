"""The lesson's exercises on virtual time (their starters begin with `# clock: virtual`).

On virtual time the watch's clock is the program's (engines/virtual_clock.py), so a line's time
is exact: these checks grade the schedule itself (what overlaps, what waits, how long the loop
was blocked) with bounds of a few milliseconds. On real time (the first line deleted) they still
judge, with the real clock's small delays inside the same margins where they can.
"""

from __future__ import annotations

from .checks import _missing
from .facts import Line, RunFacts, Verdict, crashed, exercise, failed, passed, seconds

EXACT = 0.05  # seconds of slack: nothing on virtual time; scheduling noise on real time


def _event(facts: RunFacts, name: str) -> Line | None:
    """The line that reads `name`, after the time the program printed in front of it."""
    return next((line for line in facts.lines if line.text.strip().split(" ", 1)[-1] == name), None)


def _events(facts: RunFacts, names: list[str]) -> tuple[list[Line], Verdict | None]:
    found = [_event(facts, name) for name in names]
    absent = [name for name, line in zip(names, found) if line is None]
    if absent:
        return [], _missing(facts, absent)
    return found, None


@exercise("overlap-downloads")
def overlap_downloads(facts: RunFacts) -> Verdict:
    lines, missing = _events(facts, ["start a", "start b", "start c", "done a", "done b", "done c"])
    verdict = crashed(facts) or missing
    if verdict:
        return verdict
    starts, dones = lines[:3], lines[3:]
    late = max(line.t for line in starts)
    if late > EXACT:
        return failed(
            f"Le dernier téléchargement commence à {seconds(late, 'fr')} : lancez les trois ensemble, à 0 s.",
            f"The last download starts at {seconds(late, 'en')}: start all three together, at 0 s.",
        )
    for start, done, length in zip(starts, dones, (1, 2, 3)):
        if done.t - start.t < length - EXACT:
            return failed(
                f"Un téléchargement a duré {seconds(done.t - start.t, 'fr')} au lieu de {length} s : gardez les attentes.",
                f"A download lasted {seconds(done.t - start.t, 'en')} instead of {length} s: keep the waits.",
            )
    end = max(line.t for line in dones)
    if end > 3 + EXACT:
        return failed(
            f"Le tout finit à {seconds(end, 'fr')} : en se chevauchant, il finit à 3,00 s.",
            f"The whole ends at {seconds(end, 'en')}: overlapping, it ends at 3.00 s.",
        )
    return passed(
        f"Bravo : les trois commencent à 0 s et le tout finit à {seconds(end, 'fr')}, le plus long téléchargement.",
        f"Well done: all three start at 0 s and the whole ends at {seconds(end, 'en')}, the longest download.",
    )


@exercise("never-blocked")
def never_blocked(facts: RunFacts) -> Verdict:
    verdict = crashed(facts) or _missing(facts, ["report 0", "report 1", "report 2"])
    if verdict:
        return verdict
    beats = sum(1 for line in facts.lines if line.text.strip() == "beat")
    if beats != 4:
        return failed(
            f"{beats} battement(s) au lieu de 4 : gardez le battement de cœur.",
            f"{beats} beat(s) instead of 4: keep the heartbeat.",
        )
    if facts.blocked > 0.05:
        return failed(
            f"La boucle a été bloquée {seconds(facts.blocked, 'fr')} en tout (time.sleep) : pendant ce temps, le "
            "battement ne pouvait pas battre. Attendez avec await asyncio.sleep(...).",
            f"The loop was blocked for {seconds(facts.blocked, 'en')} in all (time.sleep): meanwhile the heartbeat "
            "could not beat. Wait with await asyncio.sleep(...).",
        )
    return passed(
        f"Bravo : la boucle n'a jamais été bloquée ({seconds(facts.blocked, 'fr')}), le battement a gardé son rythme.",
        f"Well done: the loop was never blocked ({seconds(facts.blocked, 'en')}), the heartbeat kept its pace.",
    )


@exercise("consumer-keeps-up")
def consumer_keeps_up(facts: RunFacts) -> Verdict:
    names = [f"put {i}" for i in range(4)] + [f"handled {i}" for i in range(4)] + ["producer done"]
    lines, missing = _events(facts, names)
    verdict = crashed(facts) or missing
    if verdict:
        return verdict
    puts, handled, done = lines[:4], lines[4:8], lines[8]
    for item, (put, handle) in enumerate(zip(puts, handled)):
        if handle.t - put.t > EXACT or facts.lines.index(handle) > facts.lines.index(done):
            return failed(
                f"L'élément {item}, déposé à {seconds(put.t, 'fr')}, n'est traité qu'à {seconds(handle.t, 'fr')} : "
                "lancez le consommateur avant le producteur, en tâche, pour qu'ils tournent ensemble.",
                f"Item {item}, put at {seconds(put.t, 'en')}, is only handled at {seconds(handle.t, 'en')}: start "
                "the consumer as a task before the producer, so that they run together.",
            )
    return passed(
        "Bravo : chaque élément est traité à l'instant où il est déposé, tous avant la fin du producteur.",
        "Well done: each item is handled the moment it is put, all of them before the producer ends.",
    )


@exercise("give-up-in-time")
def give_up_in_time(facts: RunFacts) -> Verdict:
    if facts.find("answer") is not None:
        return failed(
            "Le programme a attendu la réponse (10 s) : limitez l'attente à 2 s avec asyncio.timeout(2).",
            "The program waited for the answer (10 s): limit the wait to 2 s with asyncio.timeout(2).",
        )
    verdict = crashed(facts) or _missing(facts, ["gave up"])
    if verdict:
        return verdict
    gave_up = facts.find("gave up").t
    if gave_up < 2 - EXACT:
        return failed(
            f"« gave up » arrive à {seconds(gave_up, 'fr')} : accordez vraiment 2 s au service.",
            f"“gave up” comes at {seconds(gave_up, 'en')}: really give the service its 2 s.",
        )
    if facts.elapsed > 2 + EXACT:
        return failed(
            f"Le programme dure {seconds(facts.elapsed, 'fr')} : il doit s'arrêter à 2,00 s.",
            f"The program takes {seconds(facts.elapsed, 'en')}: it must end at 2.00 s.",
        )
    return passed(
        f"Bravo : 2 s d'attente, puis « gave up », et fin à {seconds(facts.elapsed, 'fr')}.",
        f"Well done: a 2 s wait, then “gave up”, and the end at {seconds(facts.elapsed, 'en')}.",
    )

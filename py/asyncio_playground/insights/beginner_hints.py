"""Hints for a beginner's first errors: syntax, indentation, names, division, the network.

`beginner_hint(err)` recognises the error (the exception itself, never the code's text) and
returns (hint id, line, facts), or None; `TEXTS` holds their words in English and French,
in the shape of hint_texts.py.
"""

from __future__ import annotations

import builtins
import difflib
import sys

from .. import FILENAME

NETWORK_MARKS = ("no network access", "TLS not supported", "is not available in the page's virtual network")


def _line_of(err: BaseException, fallback: int) -> int:
    if isinstance(err, SyntaxError):
        return (err.lineno or 0) if err.filename == FILENAME else 0
    return fallback


def _raised_in(err: BaseException, prefixes: tuple[str, ...]) -> bool:
    tb = err.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", "")
        if module.startswith(prefixes):
            return True
        tb = tb.tb_next
    return False


def _is_network(err: BaseException) -> bool:
    if any(mark in str(err) for mark in NETWORK_MARKS):
        return True
    if isinstance(err, ModuleNotFoundError) and err.name in ("ssl", "_ssl"):
        return True
    # urllib and http.client use the browser's sockets, which reach nothing from a page
    return isinstance(err, OSError) and _raised_in(err, ("urllib.", "http.client"))


def _similar_name(name: str) -> str:
    main = sys.modules.get("__main__")
    names = set(vars(main)) if main is not None else set()
    names |= set(dir(builtins))
    close = difflib.get_close_matches(name, sorted(n for n in names if not n.startswith("__")), n=1, cutoff=0.75)
    return close[0] if close else ""


def beginner_hint(err: BaseException, line: int):
    """(hint id, line, facts) for a beginner's error, or None."""
    if isinstance(err, IndentationError) and err.filename == FILENAME:
        return "indentation", _line_of(err, line), {"message": err.msg}
    if isinstance(err, SyntaxError) and err.filename == FILENAME:
        return "syntax", _line_of(err, line), {"message": err.msg}
    if isinstance(err, NameError) and not isinstance(err, UnboundLocalError) and line:
        name = getattr(err, "name", None) or ""
        return "name", line, {"name": name, "similar": _similar_name(name) if name else ""}
    if isinstance(err, ZeroDivisionError) and line:
        return "zero-division", line, {}
    if _is_network(err):
        return "network", line, {}
    return None


def _syntax(f: dict) -> dict:
    return {
        "en": {
            "title": "Python could not read the code (SyntaxError)",
            "what": f"Line {f['line']}: {f['message']}. Nothing ran: Python reads the whole file before running any of it.",
            "why": "A bracket or quote left open, a missing `:` after `def`, `if`, `for` or `while`, or a "
            "stray character. The mistake is often at the end of the line before the one shown.",
            "fix": "Look at the marked line and the one above it: close every `(`, `[`, `{` and quote, "
            "and end `def`/`if`/`for`/`while` lines with `:`.",
        },
        "fr": {
            "title": "Python n’a pas pu lire le code (SyntaxError)",
            "what": f"Ligne {f['line']} : {f['message']}. Rien ne s’est exécuté : Python lit tout le fichier avant d’en exécuter la moindre ligne.",
            "why": "Une parenthèse ou un guillemet resté ouvert, un `:` oublié après `def`, `if`, `for` ou "
            "`while`, ou un caractère en trop. L’erreur est souvent à la fin de la ligne qui précède celle indiquée.",
            "fix": "Regardez la ligne marquée et celle du dessus : fermez chaque `(`, `[`, `{` et chaque "
            "guillemet, et terminez les lignes `def`/`if`/`for`/`while` par `:`.",
        },
    }


def _indentation(f: dict) -> dict:
    return {
        "en": {
            "title": "The indentation does not match (IndentationError)",
            "what": f"Line {f['line']}: {f['message']}. Nothing ran.",
            "why": "In Python the spaces at the start of a line say which block it belongs to: the body of a "
            "`def`, `if`, `for` or `async with` must be indented more than its first line, and every line "
            "of one block by the same amount.",
            "fix": "Indent the block's lines by four spaces (Tab does it in the editor), the same for each "
            "line; Shift+Tab removes one level.",
        },
        "fr": {
            "title": "L’indentation ne correspond pas (IndentationError)",
            "what": f"Ligne {f['line']} : {f['message']}. Rien ne s’est exécuté.",
            "why": "En Python, les espaces en début de ligne disent à quel bloc elle appartient : le corps "
            "d’un `def`, `if`, `for` ou `async with` doit être plus indenté que sa première ligne, et toutes "
            "les lignes d’un même bloc de la même quantité.",
            "fix": "Indentez les lignes du bloc de quatre espaces (Tab le fait dans l’éditeur), autant pour "
            "chaque ligne ; Maj+Tab retire un niveau.",
        },
    }


def _name(f: dict) -> dict:
    name = f["name"] or "?"
    similar_en = f" Did you mean `{f['similar']}`?" if f["similar"] else ""
    similar_fr = f" Vouliez-vous dire `{f['similar']}` ?" if f["similar"] else ""
    return {
        "en": {
            "title": f"`{name}` is not defined (NameError)",
            "what": f"Line {f['line']}: the program used the name `{name}`, but nothing by that name exists at "
            f"that point.{similar_en}",
            "why": "A typo (names are case-sensitive: `Print` is not `print`), a variable used before the line "
            "that assigns it, a name defined inside another function, or a missing `import` (`asyncio`, `time`).",
            "fix": f"Check the spelling of `{name}`, assign it before this line, or add the `import` it needs "
            "at the top of the file.",
        },
        "fr": {
            "title": f"`{name}` n’est pas défini (NameError)",
            "what": f"Ligne {f['line']} : le programme a utilisé le nom `{name}`, mais rien ne porte ce nom à cet "
            f"endroit.{similar_fr}",
            "why": "Une faute de frappe (les majuscules comptent : `Print` n’est pas `print`), une variable "
            "utilisée avant la ligne qui l’affecte, un nom défini dans une autre fonction, ou un `import` "
            "oublié (`asyncio`, `time`).",
            "fix": f"Vérifiez l’orthographe de `{name}`, affectez-le avant cette ligne, ou ajoutez l’`import` "
            "nécessaire en haut du fichier.",
        },
    }


def _zero_division(f: dict) -> dict:
    return {
        "en": {
            "title": "Division by zero (ZeroDivisionError)",
            "what": f"Line {f['line']}: a `/`, `//` or `%` had 0 on its right-hand side.",
            "why": "Dividing by zero has no result, so Python raises an error instead of returning a number. "
            "Often a count or a length that was 0 at that moment (an empty list, no results yet).",
            "fix": "Check the divisor first (`if n != 0:`), or catch the error with `try:` … "
            "`except ZeroDivisionError:`.",
        },
        "fr": {
            "title": "Division par zéro (ZeroDivisionError)",
            "what": f"Ligne {f['line']} : un `/`, `//` ou `%` avait 0 à sa droite.",
            "why": "Diviser par zéro n’a pas de résultat : Python lève une erreur au lieu de rendre un nombre. "
            "Souvent un compte ou une longueur qui valait 0 à ce moment-là (une liste vide, pas encore de résultat).",
            "fix": "Vérifiez le diviseur avant (`if n != 0:`), ou attrapez l’erreur avec `try:` … "
            "`except ZeroDivisionError:`.",
        },
    }


def _network(f: dict) -> dict:
    where_en = f"Line {f['line']}: " if f["line"] else ""
    where_fr = f"Ligne {f['line']} : " if f["line"] else ""
    return {
        "en": {
            "title": "This page cannot reach the Internet",
            "what": f"{where_en}the program tried to connect to another computer (or over HTTPS), and the "
            "connection failed.",
            "why": "Python runs inside your browser's page: it has no real network and no TLS (`https`). "
            "Only servers that your own program starts on `localhost` can be reached, in the page itself.",
            "fix": "Start a server in the same program (`aiohttp.web` or `asyncio.start_server` on "
            "`localhost`) and connect to it with `aiohttp.ClientSession` over `http://localhost:PORT`; or send "
            "requests from the Server panel. On the WebLoop engine, `pyodide.http.pyfetch(\"data/sample.json\")` "
            "reads files of this site.",
        },
        "fr": {
            "title": "Cette page ne peut pas accéder à Internet",
            "what": f"{where_fr}le programme a voulu se connecter à un autre ordinateur (ou en HTTPS), et la "
            "connexion a échoué.",
            "why": "Python s’exécute dans la page de votre navigateur : il n’a ni vrai réseau ni TLS (`https`). "
            "Seuls les serveurs que votre programme démarre lui-même sur `localhost` sont joignables, dans la page.",
            "fix": "Démarrez un serveur dans le même programme (`aiohttp.web` ou `asyncio.start_server` sur "
            "`localhost`) et connectez-vous-y avec `aiohttp.ClientSession` sur `http://localhost:PORT` ; ou "
            "envoyez des requêtes depuis le panneau Serveur. Sur le moteur WebLoop, "
            "`pyodide.http.pyfetch(\"data/sample.json\")` lit les fichiers de ce site.",
        },
    }


TEXTS = {
    "syntax": _syntax,
    "indentation": _indentation,
    "name": _name,
    "zero-division": _zero_division,
    "network": _network,
}

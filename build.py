#!/usr/bin/env python3
"""asyncio-playground: build, serve and test the static site in dist/.

    python3 build.py build                  # dist/ from scratch
    python3 build.py serve [--host H] [--port P] [--no-isolation]
    python3 build.py test [pytest args...]  # build, then pytest on tests/
    python3 build.py bench [-n N] [--compare OLD.json] ...  # build, then tests/bench/

Any python3 can start this script: it first makes sure the project's .venv exists
(created with the Python named in .python-version), holds the dev dependencies pinned
in pyproject.toml, and that node_modules/ matches package-lock.json; then it re-runs
itself with the venv's Python (tools/bootstrap.py, standard library only). This file
is the command line; every step lives in tools/: site.py assembles dist/,
devserver.py serves it, testrun.py runs pytest, tests/bench/pagebench.py benchmarks.
"""

from __future__ import annotations

import argparse
import sys

from tools import common
from tools.bootstrap import bootstrap
from tools.common import ROOT, BuildError


# One function per command, called with the parsed arguments and the ones passed on
# (to pytest or to the bench). Each imports tools/ only once bootstrap() has run.


def build_command(args: argparse.Namespace, passthrough: list[str]) -> int:
    from tools.site import build

    build()
    return 0


def serve_command(args: argparse.Namespace, passthrough: list[str]) -> int:
    from tools.devserver import serve
    from tools.site import build

    return serve(args.host, args.port, not args.no_isolation, build)


def test_command(args: argparse.Namespace, passthrough: list[str]) -> int:
    from tools.site import build
    from tools.testrun import run_tests

    build()
    return run_tests(passthrough)


def bench_command(args: argparse.Namespace, passthrough: list[str]) -> int:
    """tests/bench/pagebench.py (it builds dist/ first unless told not to; --help lists its options)."""
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    import pagebench

    return pagebench.main(passthrough)


COMMANDS = {"build": build_command, "serve": serve_command, "test": test_command, "bench": bench_command}


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Parse build.py's arguments; everything after `test` goes to pytest verbatim."""
    passthrough: list[str] = []
    for i, arg in enumerate(argv):
        if not arg.startswith("-"):
            if arg in ("test", "bench"):
                argv, passthrough = argv[: i + 1], argv[i + 1:]
            break
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build, serve and test asyncio-playground (a static site in dist/).",
        allow_abbrev=False,
    )
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show the commands run and their output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sub.add_parser("build", help="build dist/ from scratch")
    p_serve = sub.add_parser("serve", help="build, then serve dist/ over HTTP")
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p_serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    p_serve.add_argument("--no-isolation", action="store_true",
                         help="omit the COOP/COEP headers (to try the degraded, non-isolated mode)")
    sub.add_parser("test", usage="build.py test [pytest args...]",
                   help="build, then run pytest on tests/ (all further arguments go to pytest)")
    sub.add_parser("bench", usage="build.py bench [bench args...] (see build.py bench --help)",
                   help="build, then benchmark loading and running in Chromium (further arguments go to the bench)")
    return parser.parse_args(argv), passthrough


def main(argv: list[str] | None = None) -> int:
    args, passthrough = parse_args(sys.argv[1:] if argv is None else argv)
    common.VERBOSE = args.verbose
    try:
        bootstrap()  # may re-run build.py inside .venv (does not return then)
        return COMMANDS[args.command](args, passthrough)
    except BuildError as exc:
        print(f"build.py {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""build.py's parts: bootstrap, site assembly, dev server, test run (see README, "Layout").

common.py and bootstrap.py import only the standard library: build.py loads them
before it has re-run itself inside .venv. The other modules are imported after that.
"""

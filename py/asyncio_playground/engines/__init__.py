"""The engines a program runs on: CPython's own event loop (the default) or Pyodide's WebLoop."""

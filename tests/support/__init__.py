"""Test-only code for the runtime (not shipped in the browser's wheel, which is built from py/):
a thread that plays the worker's host, and a run that gathers what the page would show."""

from .capture import Captured, run_captured, system_line
from .host import ThreadHost

__all__ = ["Captured", "ThreadHost", "run_captured", "system_line"]

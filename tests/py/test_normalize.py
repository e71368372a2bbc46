"""Unit tests of tests/conformance/normalize.py (the output comparer)."""

import json

import pytest

from conformance import normalize as nz

normalize = nz.normalize

# A traceback through asyncio.run: the program's two frames around the frames of asyncio.
PROGRAM_TOP = """\
Traceback (most recent call last):
  File "main.py", line 16, in <module>
    asyncio.run(main())
    ~~~~~~~~~~~^^^^^^^^
"""
PROGRAM_BOTTOM = """\
  File "main.py", line 7, in divide
    return a / b
           ~~^~~
ZeroDivisionError: division by zero
"""

LINUX_313 = PROGRAM_TOP + """\
  File "/root/.pyenv/versions/3.13.0/lib/python3.13/asyncio/runners.py", line 194, in run
    return runner.run(main)
           ~~~~~~~~~~^^^^^^
  File "/root/.pyenv/versions/3.13.0/lib/python3.13/asyncio/base_events.py", line 721, in run_until_complete
    return future.result()
           ~~~~~~~~~~~~~^^
""" + PROGRAM_BOTTOM

PYODIDE_314 = PROGRAM_TOP + """\
  File "/lib/python314.zip/asyncio/runners.py", line 204, in run
    return runner.run(main)
           ~~~~~~~~~~^^^^^^
  File "/lib/python314.zip/asyncio/runners.py", line 127, in run
    return self._loop.run_until_complete(task)
           ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~^^^^^^
  File "/lib/python314.zip/asyncio/base_events.py", line 719, in run_until_complete
    return future.result()
           ~~~~~~~~~~~~~^^
""" + PROGRAM_BOTTOM

USER_FRAMES_ONLY = (PROGRAM_TOP + PROGRAM_BOTTOM).rstrip("\n")


def test_foreign_frames_are_dropped_with_their_source_and_carets():
    assert normalize(LINUX_313) == USER_FRAMES_ONLY
    assert normalize(PYODIDE_314) == USER_FRAMES_ONLY


def test_multiline_source_of_a_dropped_frame_is_dropped_too():
    text = (
        "Traceback (most recent call last):\n"
        '  File "main.py", line 11, in <module>\n'
        "    loop = asyncio.get_event_loop()\n"
        '  File "/usr/lib/python3.14/asyncio/events.py", line 715, in get_event_loop\n'
        "    raise RuntimeError('There is no current event loop in thread %r.'\n"
        "                       % threading.current_thread().name)\n"
        "RuntimeError: There is no current event loop in thread 'MainThread'.\n"
    )
    assert normalize(text) == (
        "Traceback (most recent call last):\n"
        '  File "main.py", line 11, in <module>\n'
        "    loop = asyncio.get_event_loop()\n"
        "RuntimeError: There is no current event loop in thread 'MainThread'."
    )


def _group(stdlib_dir=None):
    """A TaskGroup's traceback; without stdlib_dir, as normalize() leaves it (no asyncio frames)."""

    def frames(*lines):
        return "".join(line + "\n" for line in lines) if stdlib_dir else ""

    return (
        "  + Exception Group Traceback (most recent call last):\n"
        '  |   File "main.py", line 17, in <module>\n'
        "  |     asyncio.run(main())\n"
        "  |     ~~~~~~~~~~~^^^^^^^^\n"
        + frames(f'  |   File "{stdlib_dir}/asyncio/runners.py", line 194, in run',
                 "  |     return runner.run(main)",
                 "  |            ~~~~~~~~~~^^^^^^")
        + '  |   File "main.py", line 11, in main\n'
        "  |     async with asyncio.TaskGroup() as tg:\n"
        "  |                ~~~~~~~~~~~~~~~~~^^\n"
        + frames(f'  |   File "{stdlib_dir}/asyncio/taskgroups.py", line 154, in __aexit__',
                 "  |     raise me from None")
        + "  | ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)\n"
        "  +-+---------------- 1 ----------------\n"
        "    | Traceback (most recent call last):\n"
        + frames(f'    |   File "{stdlib_dir}/asyncio/tasks.py", line 300, in __step',
                 "    |     result = coro.send(None)")
        + '    |   File "main.py", line 7, in fail\n'
        "    |     raise ValueError(message)\n"
        "    | ValueError: first\n"
        "    +---------------- 2 ----------------\n"
        "    | Traceback (most recent call last):\n"
        '    |   File "main.py", line 7, in fail\n'
        "    |     raise ValueError(message)\n"
        "    | ValueError: second\n"
        "    +------------------------------------\n"
    )


def test_exception_group_frames_are_filtered_inside_the_margins():
    expected = _group().rstrip("\n")
    assert normalize(_group("/usr/lib/python3.13")) == expected
    assert normalize(_group("/lib/python314.zip")) == expected


def test_chained_exceptions_keep_separators_and_both_parts():
    cause = """\
Traceback (most recent call last):
  File "main.py", line 5, in load
    return int(raw)
ValueError: invalid literal for int() with base 10: 'x'

The above exception was the direct cause of the following exception:

""" + PROGRAM_TOP
    effect = """\
  File "main.py", line 7, in load
    raise RuntimeError("bad config") from exc
RuntimeError: bad config

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
"""
    text = cause + """\
  File "/usr/lib/python3.13/asyncio/base_events.py", line 721, in run_until_complete
    return future.result()
           ~~~~~~~~~~~~~^^
""" + effect + """\
  File "/usr/lib/python3.13/asyncio/runners.py", line 71, in close
    loop.run_until_complete(loop.shutdown_asyncgens())
KeyError: 'x'
"""
    assert normalize(text) == cause + effect + "KeyError: 'x'"


def test_syntax_error_location_in_main_py_is_kept():
    text = '  File "main.py", line 7\n    async def main()\n                    ^\nSyntaxError: expected \':\'\n'
    assert normalize(text) == text.rstrip()


def test_frames_of_other_files_are_dropped_even_when_named_main_py_elsewhere():
    text = (
        "Traceback (most recent call last):\n"
        '  File "/tmp/conformance-abc/main.py", line 3, in <module>\n'
        "    boom()\n"
        '  File "<exec>", line 1\n'
        "KeyError: 1\n"
    )
    assert normalize(text) == "Traceback (most recent call last):\nKeyError: 1"


def test_repeated_line_notes_and_warnings_are_kept():
    text = (
        '  File "main.py", line 2, in f\n'
        "    return f()\n"
        "  [Previous line repeated 996 more times]\n"
        "RecursionError: maximum recursion depth exceeded\n"
        "main.py:10: RuntimeWarning: coroutine 'greet' was never awaited\n"
        "  greet()\n"
    )
    assert normalize(text) == text.rstrip()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Time: 1.00", "Time: 1"),
        ("Time: 1.01", "Time: 1"),
        ("Time: 0.95", "Time: 1"),
        ("Time: 0.04", "Time: 0"),
        ("Time: 5.23 sec", "Time: 5 sec"),
        ("[Tâche 2] Tâche terminée après 2.00 secondes.", "[Tâche 2] Tâche terminée après 2 secondes."),
        ("after 2.00 seconds", "after 2.00 seconds"),
        ("value 1.25", "value 1.25"),
    ],
)
def test_seed_elapsed_times_are_rounded_to_whole_seconds(raw, expected):
    assert normalize(raw) == expected


def test_times_that_differ_by_a_hundredth_compare_equal():
    a = "Task A: Computing 0+1\nTime: 0.00\nTime: 1.00\nTime: 2.00 sec\n"
    b = "Task A: Computing 0+1\nTime: 0.00\nTime: 1.01\nTime: 2.02 sec\n"
    assert normalize(a) == normalize(b)


def test_only_trailing_whitespace_at_the_end_is_stripped():
    assert normalize("a  \n\n b\n\n\n  ") == "a  \n\n b"
    assert normalize("x\r\ny\r\n") == "x\ny"
    assert normalize("") == ""


def test_required_python_reads_the_first_line_only():
    assert nz.required_python("# requires: 3.14\n# what it checks\n") == (3, 14)
    assert nz.required_python("# what it checks\n# requires: 3.14\n") is None


def test_load_cases_picks_overrides_for_314_and_skips_314_only_for_313():
    cases_313 = {c.name: c for c in nz.load_cases("3.13")}
    cases_314 = {c.name: c for c in nz.load_cases("3.14")}
    assert not any(c.requires_314 for c in cases_313.values())
    only_314 = {name for name, c in cases_314.items() if c.requires_314}
    assert only_314 and only_314.isdisjoint(cases_313)
    for override in nz.OVERRIDES_DIR.glob("*.json"):
        data = json.loads(override.read_text(encoding="utf-8"))
        case = cases_314[override.stem]
        assert (case.stdout, case.stderr, case.exit_code) == (
            data["stdout"], data["stderr"], data["exit_code"]
        )
    with pytest.raises(ValueError):
        nz.load_cases("3.12")

"""Test cases shared by several test folders (tests/py, tests/browser, tests/conformance).

examples.py          the page's seed examples, read from web/examples/ (never copied)
hints.py             pitfall snippets and their correct twins
lesson_solutions.py  a reference solution per lesson exercise
timeline.py          run a program with the timeline on; its events as a story
timeline_stories.py  the golden stories of the seed examples
"""

"""Renders the lesson (web/lesson/<lang>.md) to HTML at build time, with markdown-it-py.

tools/site.py calls render_lesson_page(): dist/lesson.html gets one <template data-lang="…">
per language in place of the `<!-- lesson:content -->` marker of web/lesson.html, and
web/lesson.js shows the reader's language. The Markdown may use, besides CommonMark:

    {#tasks}                       a stable id for the next heading (teachers link to #tasks);
    ## Les tâches                  headings without one get a slug; all get a ¶ permalink
    ```example tasks modern=tasks-modern
    ```                            a runnable block: code from web/examples/ or
                                   web/lesson/examples.js (by id), never copied here;
                                   flags after the ids: timeline, debug, server
    ::: exercise concurrent-downloads
    Goal text…                     an exercise: its goal, its starter code (the first
    ```python                      python fence), checked by py/asyncio_playground/
    starter code                   exercise_checks.py under that id
    ```
    :::
    ::: note                       an aside (also: ::: pitfall)
    :::

Raw HTML in the Markdown is not allowed (escaped): the text is data, not markup.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin

LANGS = ("fr", "en")
MARKER = "<!-- lesson:content -->"
BLOCK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EXAMPLE_FLAGS = {"timeline", "debug", "server"}


class LessonError(ValueError):
    """The Markdown asks for something the page cannot show (bad marker or id)."""


def _example_fence(info: str, where: str) -> str:
    words = info.split()[1:]
    ids = [w for w in words if "=" not in w and w not in EXAMPLE_FLAGS]
    options = dict(w.split("=", 1) for w in words if "=" in w)
    flags = [w for w in words if w in EXAMPLE_FLAGS]
    if len(ids) != 1 or not BLOCK_ID.match(ids[0]) or set(options) - {"modern"}:
        raise LessonError(f"{where}: bad example marker ```{info}```")
    attrs = [f'data-example="{ids[0]}"']
    if "modern" in options:
        if not BLOCK_ID.match(options["modern"]):
            raise LessonError(f"{where}: bad modern id in ```{info}```")
        attrs.append(f'data-modern="{options["modern"]}"')
    attrs += [f'data-{flag}=""' for flag in flags]
    return f'<div class="lesson-example" {" ".join(attrs)}></div>\n'


def make_renderer(where: str = "lesson") -> MarkdownIt:
    """A CommonMark renderer with the lesson's markers (see the module docstring)."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    attrs_block_plugin(md)
    anchors_plugin(md, min_level=2, max_level=3, permalink=True, permalinkSymbol="¶")

    def render_exercise(self, tokens, idx, options, env):
        token = tokens[idx]
        if token.nesting == -1:
            return "</section>\n"
        words = token.info.split()
        if len(words) != 2 or not BLOCK_ID.match(words[1]):
            raise LessonError(f"{where}: bad exercise marker ::: {token.info.strip()}")
        return f'<section class="lesson-exercise" data-exercise="{words[1]}">\n'

    def aside(kind):
        # role=note, not <aside>: a dozen unnamed complementary landmarks inside <main>
        # are what axe-core's landmark-unique rule reports.
        def render(self, tokens, idx, options, env):
            if tokens[idx].nesting == -1:
                return "</div>\n"
            return f'<div class="lesson-{kind}" role="note">\n'
        return render

    container_plugin(md, "exercise", render=render_exercise)
    container_plugin(md, "note", render=aside("note"))
    container_plugin(md, "pitfall", render=aside("pitfall"))
    default_fence = md.renderer.rules["fence"]

    def fence(self, tokens, idx, options, env):
        info = tokens[idx].info.strip()
        if info.split()[:1] == ["example"]:
            return _example_fence(info, where)
        return default_fence(tokens, idx, options, env)

    md.add_render_rule("fence", fence)
    return md


def render_markdown(text: str, where: str = "lesson") -> str:
    """The lesson's Markdown as an HTML fragment."""
    return make_renderer(where).render(text)


def render_lesson_page(page: Path, sources: Path) -> None:
    """Puts every language's rendered lesson into `page` (dist/lesson.html) at its marker."""
    text = page.read_text(encoding="utf-8")
    if text.count(MARKER) != 1:
        raise LessonError(f"{page} must contain {MARKER} once")
    templates = []
    for lang in LANGS:
        source = sources / f"{lang}.md"
        body = render_markdown(source.read_text(encoding="utf-8"), where=str(source))
        templates.append(f'<template data-lang="{lang}" lang="{lang}">\n{body}</template>')
    page.write_text(text.replace(MARKER, "\n".join(templates)), encoding="utf-8")


def exercise_starters(text: str) -> dict[str, str]:
    """{exercise id: starter code} of one language's Markdown (for tests and checks)."""
    tokens = make_renderer().parse(text)
    starters: dict[str, str] = {}
    current = None
    for token in tokens:
        if token.type == "container_exercise_open":
            current = token.info.split()[1]
        elif token.type == "container_exercise_close":
            current = None
        elif token.type == "fence" and current and current not in starters and token.info.strip() == "python":
            starters[current] = token.content
    return starters


def example_ids(text: str) -> list[str]:
    """Every example id (and modern id) the Markdown refers to, in order."""
    ids = []
    for token in make_renderer().parse(text):
        if token.type == "fence" and token.info.split()[:1] == ["example"]:
            ids += [w.split("=", 1)[-1] for w in token.info.split()[1:] if w not in EXAMPLE_FLAGS]
    return ids

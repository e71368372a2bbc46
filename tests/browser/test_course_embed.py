"""A course page on another origin: runnable snippets (embed.js) and an iframe embed.

web/course-demo.html is served by second_origin_server and loads embed.js and the
iframe from `server`: ten snippets share one lazily started Python worker, and the
iframe answers postMessage requests from allowed origins only.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 90_000
RUN_TIMEOUT_MS = 120_000


def time_line(stdout: str) -> float:
    """The seconds of the last "Time: X sec" line Example 1 prints."""
    return float(re.findall(r"^Time: (\d+\.\d+) sec$", stdout, re.M)[-1])


# ---- script embed and iframe embed on a course page from another origin -----------


@pytest.fixture(scope="module")
def course_page(browser, server, second_origin_server):
    """course-demo.html served by another origin than the playground's files."""
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.blob_workers = []
    page.console_messages = []
    context.on("request", lambda request: page.requests.append(request.url))
    page.on("worker", lambda worker: worker.url.startswith("blob:") and page.blob_workers.append(worker.url))
    page.on("console", lambda message: page.console_messages.append(message.text))
    page.goto(f"{second_origin_server.url}course-demo.html?playground={server.url}")
    page.wait_for_function("() => window.asyncioPlaygroundEmbed?.snippets === 10 && window.courseDemo")
    yield page
    context.close()


EXPECTED = {
    1: ["Hello, World!", "Hello again!"],
    2: ["snippet 2: before the sleep", "snippet 2: after the sleep"],
    3: ["snippet 3: fast done after 0.1 s", "snippet 3: slow done after 0.3 s"],
    4: ["snippet 4: A 0", "snippet 4: B 0", "snippet 4: A 1", "snippet 4: B 1"],
    5: ["snippet 5: timed out, as planned"],
    6: ["snippet 6: got a", "snippet 6: got b", "snippet 6: got c"],
    7: ["snippet 7: about to fail", "ZeroDivisionError: division by zero"],
    8: ["snippet 8: the blocking sleep is over", "snippet 8: the ticker had to wait"],
    9: ["snippet 9: started 'napper'", "snippet 9: 'napper' is done: True"],
    10: ["snippet 10: top-level await works here"],
}


def outputs(page) -> list[str]:
    return page.get_by_test_id("snippet-output").all_inner_texts()


def test_ten_snippets_on_another_origin_share_one_lazy_worker(course_page, server):
    from playwright.sync_api import expect

    page = course_page
    assert page.evaluate("() => window.asyncioPlaygroundEmbed.workersStarted") == 0
    assert not [url for url in page.requests if "/pyodide/" in url or url.endswith("/worker.js")]

    runs = page.get_by_test_id("snippet-run")
    assert runs.count() == 10
    for i in range(10):
        runs.nth(i).click()
    expect(page.get_by_test_id("snippet-status").nth(9)).to_contain_text("Queued")
    page.wait_for_function("() => !window.asyncioPlaygroundEmbed.busy", timeout=RUN_TIMEOUT_MS)

    texts = outputs(page)
    for n, lines in EXPECTED.items():
        shown = texts[n - 1]
        assert [line for line in lines if line not in shown] == [], (n, shown)
        others = [line for m, other in EXPECTED.items() if m != n for line in other if line in shown]
        assert others == [], (n, shown)
    statuses = page.get_by_test_id("snippet-status").all_inner_texts()
    assert all(status.startswith("Ran in") for status in statuses), statuses
    assert "exit code 1" in statuses[6]
    assert page.evaluate("() => window.asyncioPlaygroundEmbed.workersStarted") == 1
    # One sandboxed runner frame of the course page's own (the iframe embed has its own).
    assert page.locator("iframe[data-testid=python-runner]").count() == 1


def test_editable_snippet_runs_what_was_typed(course_page):
    page = course_page
    editor = page.get_by_test_id("snippet-editor")
    assert editor.count() == 1
    editor.fill("")
    editor.press_sequentially('for i in range(2):\nprint(f"edited {i}")')  # Enter keeps the indent
    page.get_by_test_id("snippet").nth(3).get_by_test_id("snippet-reset").wait_for()
    page.get_by_test_id("snippet").nth(3).get_by_test_id("snippet-run").click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=snippet-output]')[3].textContent === 'edited 0\\nedited 1\\n'",
        timeout=RUN_TIMEOUT_MS,
    )
    assert outputs(page)[1].startswith("snippet 2:")  # the others keep their output


def test_added_snippet_with_timeout_is_stopped(course_page):
    from playwright.sync_api import expect

    page = course_page
    workers_before = page.evaluate("() => window.asyncioPlaygroundEmbed.workersStarted")
    page.evaluate(
        """() => {
            const pre = Object.assign(document.createElement('pre'), {
                className: 'asyncio-playground', textContent: 'print("spin", flush=True)\\nwhile True:\\n    pass\\n' });
            pre.dataset.timeout = '1';
            document.querySelector('h1').after(pre);
        }"""
    )
    page.wait_for_function("() => window.asyncioPlaygroundEmbed.snippets === 11")
    snippet = page.get_by_test_id("snippet").first
    snippet.get_by_test_id("snippet-run").click()
    expect(snippet.get_by_test_id("snippet-output")).to_contain_text("may run for 1 s at most", timeout=RUN_TIMEOUT_MS)
    expect(snippet.get_by_test_id("snippet-status")).to_contain_text("Stopped after")
    # Without SharedArrayBuffer, stopping a busy loop means a fresh worker (and, from
    # then on, a spare one kept ready by runner-client.js).
    assert page.evaluate("() => window.asyncioPlaygroundEmbed.workersStarted") in (workers_before + 1,
                                                                                workers_before + 2)
    second = page.get_by_test_id("snippet").nth(2)  # snippet 2, moved down by one
    second.get_by_test_id("snippet-run").click()
    page.wait_for_function("() => !window.asyncioPlaygroundEmbed.busy", timeout=RUN_TIMEOUT_MS)
    assert second.get_by_test_id("snippet-output").inner_text().startswith("snippet 2: before the sleep")


def frame_of(page):
    page.get_by_test_id("embed-frame").scroll_into_view_if_needed()  # loading="lazy"
    page.wait_for_function("() => window.courseDemo.frame.contentWindow && window.courseDemo.frame.src")
    frame = page.frame_locator("[data-testid=embed-frame]")
    frame.locator("[data-testid=editor]").wait_for(timeout=LOAD_TIMEOUT_MS)
    return next(f for f in page.frames if "embed=1" in f.url)


def test_iframe_embed_driven_by_postmessage_without_isolation(course_page):
    page = course_page
    frame = frame_of(page)
    page.wait_for_function("() => window.courseDemo.events.some(e => e.type === 'asyncio-playground:ready')",
                           timeout=LOAD_TIMEOUT_MS)
    ready = next(e for e in page.evaluate("() => window.courseDemo.events") if e["type"].endswith(":ready"))
    assert ready["info"]["sab"] is False and ready["info"]["isolated"] is False
    # The embed's warning names the real cause, in one short line: the course page.
    support = frame.evaluate("() => document.querySelector('[data-testid=support]').textContent")
    assert support == "The page that embeds this playground is not cross-origin isolated: Stop restarts Python, and sleep() keeps the processor busy."

    reply = page.evaluate("() => window.courseDemo.request('set-code', {code: 'print(\"from the host\")'})")
    assert reply["ok"] is True
    assert frame.evaluate("() => window.playground.getCode()") == 'print("from the host")'

    reply = page.evaluate("() => window.courseDemo.request('run')")
    assert reply["ok"] is True and reply["result"]["stdout"] == "from the host\n"
    events = page.evaluate("() => window.courseDemo.events")
    run_events = [e for e in events if e["type"] in ("asyncio-playground:output", "asyncio-playground:done")]
    assert run_events[-1]["type"] == "asyncio-playground:done" and run_events[-1]["ok"] is True
    outputs_of_run = [e["text"] for e in run_events
                      if e["type"].endswith(":output") and e["runId"] == run_events[-1]["runId"]]
    assert "".join(outputs_of_run) == "from the host\n"

    # The seed's Example 1 in the iframe: blocking sleeps still block (≈5 s vs ≈3 s).
    seconds = {}
    for example in ["ex1-sync", "ex1-async-correct-modern"]:
        assert page.evaluate("id => window.courseDemo.request('load-example', {example: id})", example)["ok"]
        reply = page.evaluate("() => window.courseDemo.request('run')")
        seconds[example] = time_line(reply["result"]["stdout"])
    assert seconds["ex1-sync"] >= 4.5, seconds
    assert 1.25 <= seconds["ex1-sync"] / seconds["ex1-async-correct-modern"] <= 2.0, seconds

    bad = page.evaluate("() => window.courseDemo.request('set-code', {code: 42})")
    assert bad["ok"] is False and "string" in bad["error"]

    # Prepared input (issue 18): `run` takes stdin; a page without isolation reads only that.
    reply = page.evaluate("""() => window.courseDemo.request('run', {code: 'print(input().upper())', stdin: 'ada'})""")
    assert reply["ok"] is True and reply["result"]["stdout"] == "ADA\n", reply
    sent = page.evaluate("() => window.courseDemo.request('send-input', {text: 'late'})")
    assert sent == {"type": "asyncio-playground:reply", "id": sent["id"], "ok": True, "result": False}


def test_postmessage_from_a_wrong_origin_is_ignored(browser, server, second_origin_server):
    context = browser.new_context()
    page = context.new_page()
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    # The iframe only trusts http://127.0.0.1:9 — not the course page that embeds it.
    page.goto(f"{second_origin_server.url}course-demo.html?playground={server.url}"
              "&embedOrigin=http://127.0.0.1:9")
    page.wait_for_function("() => window.courseDemo")
    frame = frame_of(page)
    frame.wait_for_function("() => window.playground && window.playground.getCode().includes('gather')",
                            timeout=LOAD_TIMEOUT_MS)
    frame.evaluate(
        """() => { window.__seen = 0;
                   addEventListener('message', (e) => { if (e.data?.type?.startsWith('asyncio-playground:')) window.__seen++; }); }"""
    )
    page.evaluate(
        """() => { const target = window.courseDemo.frame.contentWindow, origin = window.courseDemo.playgroundOrigin;
                   target.postMessage({type: 'asyncio-playground:set-code', id: 'x1', code: 'print("intruder")'}, origin);
                   target.postMessage({type: 'asyncio-playground:run', id: 'x2', code: 'print("intruder")'}, origin); }"""
    )
    frame.wait_for_function("() => window.__seen === 2")
    assert "intruder" not in frame.evaluate("() => window.playground.getCode()")
    assert frame.evaluate("() => window.playground.isRunning()") is False
    assert page.evaluate("() => window.courseDemo.events") == []  # no reply, no event at all
    assert any("ignored a message from " + second_origin_server.origin in text for text in warnings), warnings
    context.close()



@pytest.fixture(scope="module")
def server_without_cors_for_pyodide():
    """dist/ served like build.py does, except /pyodide/ without Access-Control-Allow-Origin."""
    import functools
    import threading
    from pathlib import Path

    from tools.devserver import PlaygroundRequestHandler, make_server

    root = Path(__file__).resolve().parents[2]

    class Handler(PlaygroundRequestHandler):
        def send_header(self, keyword, value):
            if keyword == "Access-Control-Allow-Origin" and self.path.startswith("/pyodide/"):
                return
            super().send_header(keyword, value)

    server = make_server("127.0.0.1", 0, isolation=False, directory=root / "dist")
    server.RequestHandlerClass = functools.partial(Handler, directory=str(root / "dist"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


def test_script_embed_says_when_python_cannot_load(browser, server_without_cors_for_pyodide,
                                                     second_origin_server):
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{second_origin_server.url}course-demo.html?playground={server_without_cors_for_pyodide}")
    page.wait_for_function("() => window.asyncioPlaygroundEmbed?.snippets === 10")
    runs = page.get_by_test_id("snippet-run")
    # Two Runs in one go: the second waits behind the first, whose Python fails to load.
    page.evaluate("() => [...document.querySelectorAll('[data-testid=snippet-run]')].slice(0, 2).forEach((b) => b.click())")
    for n in (0, 1):  # the run that tried and the one waiting behind it
        status = page.get_by_test_id("snippet-status").nth(n)
        expect(status).to_contain_text("Python could not start", timeout=LOAD_TIMEOUT_MS)
        expect(status).to_contain_text("Access-Control-Allow-Origin")
    page.wait_for_function("() => !window.asyncioPlaygroundEmbed.busy")
    assert page.evaluate("() => window.asyncioPlaygroundEmbed.workersStarted") == 1
    runs.nth(0).click()  # the next Run tries again, with a fresh worker
    page.wait_for_function("() => !window.asyncioPlaygroundEmbed.busy", timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_test_id("snippet-status").nth(0)).to_contain_text("Python could not start")
    assert page.evaluate("() => window.asyncioPlaygroundEmbed.workersStarted") == 2
    context.close()

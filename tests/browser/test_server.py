"""The in-page server: the seed's Example 3 served by aiohttp inside the page.

A student runs the article's code, sends `/` and `/Alice` from the server panel, sees
aiohttp's answers, and stops the server as Ctrl+C would. Programs that talk to their
own server print what CPython prints with real sockets.
"""

import re
import socket
import subprocess
import sys

import pytest

pytestmark = pytest.mark.browser

SEED_EXAMPLE_3_OUTPUT = "======== Running on http://0.0.0.0:8080 ========\n(Press CTRL+C to quit)\n"

ERRORS_APP = '''\
from aiohttp import web

async def boom(request):
    raise ValueError("boom")

async def page(request):
    return web.Response(text="<h1 id=t>Hi</h1><script>parent.document.title = 'pwned'</script>",
                        content_type="text/html")

app = web.Application()
app.add_routes([web.get("/boom", boom), web.get("/page", page)])
web.run_app(app, port=8081)
'''

ECHO_SERVERS = '''\
import asyncio

async def handle(reader, writer):
    data = await reader.read(100)
    message = data.decode()
    print(f"Received {message!r} on port {writer.get_extra_info('sockname')[1]}")
    writer.write(data)
    await writer.drain()
    writer.close()
    await writer.wait_closed()

async def main():
    first = await asyncio.start_server(handle, '127.0.0.1', 8888)
    second = await asyncio.start_server(handle, '127.0.0.1', 8889)
    print('Serving on', first.sockets[0].getsockname(), second.sockets[0].getsockname())
    async with first, second:
        await asyncio.gather(first.serve_forever(), second.serve_forever())

asyncio.run(main())
'''

CLIENT_AND_SERVER = '''\
import asyncio
from aiohttp import ClientSession, web

async def handle(request):
    return web.Response(text="Hello, " + request.match_info.get("name", "Anonymous"))

async def main():
    app = web.Application()
    app.add_routes([web.get("/", handle), web.get("/{name}", handle)])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "localhost", PORT)
    await site.start()
    print("serving on", site.name)
    async with ClientSession() as session:
        for url in ["http://localhost:PORT/", "http://127.0.0.1:PORT/Alice", "http://0.0.0.0:PORT/Bob"]:
            async with session.get(url) as resp:
                print(resp.status, resp.content_type, repr(await resp.text()))
        async with session.delete("http://localhost:PORT/") as resp:
            print(resp.status, await resp.text())
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(b"GET /Zoe HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
    print((await reader.read()).split(b"\\r\\n")[0])
    writer.close()
    await runner.cleanup()
    try:
        await asyncio.open_connection("127.0.0.1", PORT)
    except ConnectionRefusedError as exc:
        print("after cleanup:", exc)

asyncio.run(main())
'''


def start(page, code=None, example=None):
    """Starts a run without waiting for its end (servers run until Stop)."""
    if example:
        page.evaluate("id => window.playground.loadExample(id)", example)
    page.evaluate("code => { window.__run = window.playground.run(code ?? undefined); }", code)


def finish(page):
    return page.evaluate("() => window.__run")


def wait_for_panel(page):
    page.get_by_test_id("server-panel").wait_for(state="visible", timeout=90_000)


def response_body(page, text):
    page.wait_for_function(
        "t => document.querySelector('[data-testid=server-response-body]').textContent === t", arg=text)


def log_lines(page):
    return page.get_by_test_id("server-log-entry").all_inner_texts()


def test_seed_example_3_serves_the_panel_then_stops_like_ctrl_c(ready_page):
    page = ready_page
    start(page, example="ex3-aiohttp")
    wait_for_panel(page)
    console = page.get_by_test_id("console")
    assert re.search(r"\[Loading .*\baiohttp\b.*…\]", console.inner_text())
    page.wait_for_function("t => window.playground.output().stdout === t", arg=SEED_EXAMPLE_3_OUTPUT)
    assert "localhost:8080" in page.get_by_test_id("server-address").inner_text()

    page.get_by_test_id("server-example-root").click()
    response_body(page, "Hello, Anonymous")
    assert page.get_by_test_id("server-status").inner_text() == "200 OK"
    page.get_by_test_id("server-example-alice").click()
    response_body(page, "Hello, Alice")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=server-log-entry][data-state=done]').length === 2")
    newest, oldest = log_lines(page)
    assert '"GET /Alice HTTP/1.1" → 200 OK' in newest and '"GET / HTTP/1.1" → 200 OK' in oldest
    page.get_by_test_id("server-response-headers").evaluate("pre => pre.parentElement.open = true")
    assert "Content-Type: text/plain; charset=utf-8" in page.get_by_test_id("server-response-headers").inner_text()

    # Typed in the address bar, with a header and a body: the handler still answers.
    page.get_by_test_id("server-method").select_option("POST")
    page.get_by_test_id("server-path").fill("/Zoé")
    page.get_by_test_id("server-send").click()
    page.wait_for_function("() => document.querySelector('[data-testid=server-status]').textContent.startsWith('405')")
    assert page.get_by_test_id("server-response-body").inner_text() == "405: Method Not Allowed"

    page.get_by_test_id("stop").click()
    result = finish(page)
    assert result["stopped"] and result["stdout"] == SEED_EXAMPLE_3_OUTPUT and result["stderr"] == ""
    assert result["exitCode"] == 0  # run_app caught the KeyboardInterrupt and shut down cleanly
    # Stop keeps the panel and its request log, and says the server is gone (issue 19).
    assert page.get_by_test_id("server-panel").is_visible() and len(log_lines(page)) > 0
    assert page.get_by_test_id("server-notice").inner_text().startswith("The program has ended")
    assert page.get_by_test_id("server-send").is_disabled()

    start(page, example="ex3-aiohttp")  # a rerun serves on the same port
    wait_for_panel(page)
    answer = page.evaluate("() => window.playground.request({path: '/Bob'})")
    assert (answer["status"], answer["body"]) == (200, "Hello, Bob")
    assert answer["headers"]["Content-Type"] == "text/plain; charset=utf-8"
    assert log_lines(page) == [page.get_by_test_id("server-log-entry").first.inner_text()]
    assert '"GET /Bob HTTP/1.1" → 200 OK' in log_lines(page)[0]  # a fresh log for the new run
    page.evaluate("() => window.playground.stop()")
    assert finish(page)["stdout"] == SEED_EXAMPLE_3_OUTPUT


def test_access_log_when_logging_is_on(ready_page):
    page = ready_page
    code = "import logging\nlogging.basicConfig(level=logging.INFO)\n" + page.evaluate(
        "() => (window.playground.loadExample('ex3-aiohttp'), window.playground.getCode())")
    start(page, code)
    wait_for_panel(page)
    answer = page.evaluate("() => window.playground.request({path: '/Alice'})")
    assert answer["body"] == "Hello, Alice"
    page.wait_for_function("() => window.playground.output().stderr.includes('aiohttp.access')")
    line = page.evaluate("() => window.playground.output().stderr").strip().splitlines()[-1]
    assert re.fullmatch(
        r'INFO:aiohttp\.access:127\.0\.0\.1 \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] '
        r'"GET /Alice HTTP/1\.1" 200 \d+ "-" "asyncio-playground"', line), line
    page.evaluate("() => window.playground.stop()")
    finish(page)


def test_404_and_a_failing_handler_give_aiohttp_status_pages(ready_page):
    page = ready_page
    start(page, ERRORS_APP)
    wait_for_panel(page)
    missing = page.evaluate("() => window.playground.request({path: '/nothing/here'})")
    assert (missing["status"], missing["body"]) == (404, "404: Not Found")
    failed = page.evaluate("() => window.playground.request({path: '/boom'})")
    assert failed["status"] == 500
    assert failed["body"].startswith("500 Internal Server Error")
    page.wait_for_function("() => window.playground.output().stderr.includes('ValueError: boom')")
    stderr = page.evaluate("() => window.playground.output().stderr")
    assert stderr.startswith("Error handling request from 127.0.0.1\nTraceback (most recent call last):\n")
    assert 'raise ValueError("boom")' in stderr

    # HTML is text unless the student asks for the sandboxed preview.
    page.get_by_test_id("server-method").select_option("GET")
    page.get_by_test_id("server-path").fill("/page")
    page.get_by_test_id("server-send").click()
    response_body(page, "<h1 id=t>Hi</h1><script>parent.document.title = 'pwned'</script>")
    preview = page.get_by_test_id("server-preview")
    assert preview.is_hidden()
    page.get_by_test_id("server-preview-toggle").check()
    assert preview.is_visible() and preview.get_attribute("sandbox") == ""
    frame = preview.element_handle().content_frame()
    frame.wait_for_selector("#t")
    assert frame.inner_text("#t") == "Hi"
    assert page.title() != "pwned"  # no script ran, and the frame cannot reach the page
    page.get_by_test_id("server-preview-toggle").uncheck()
    page.evaluate("() => window.playground.stop()")
    assert finish(page)["stopped"]


def test_echo_servers_on_two_ports_answer_in_raw_mode(ready_page):
    page = ready_page
    start(page, ECHO_SERVERS)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=server-port] option').length === 2")
    assert page.get_by_test_id("server-port-picker").is_visible()
    assert page.get_by_test_id("server-mode").input_value() == "raw"  # not aiohttp: raw text
    page.get_by_test_id("server-port").select_option("8889")
    page.get_by_test_id("server-text").fill("Hello World!")
    page.get_by_test_id("server-send").click()
    response_body(page, "Hello World!")
    page.wait_for_function("() => document.querySelector('[data-testid=server-response]').dataset.state === 'done'")
    answer = page.evaluate("() => window.playground.request({mode: 'raw', port: 8888, text: 'héllo'})")
    assert answer["body"] == "héllo"
    page.evaluate("() => window.playground.stop()")
    result = finish(page)
    assert result["stdout"] == (
        "Serving on ('127.0.0.1', 8888) ('127.0.0.1', 8889)\n"
        "Received 'Hello World!' on port 8889\nReceived 'héllo' on port 8888\n"
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_program_that_is_its_own_client_prints_what_cpython_prints(ready_page):
    code = CLIENT_AND_SERVER.replace("PORT", str(free_port()))
    cpython = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert cpython.returncode == 0, cpython.stderr
    result = ready_page.evaluate("code => window.playground.run(code)", code)
    assert result["stderr"] == ""
    assert result["stdout"] == cpython.stdout
    assert "200 text/plain 'Hello, Alice'" in result["stdout"]


def test_other_hosts_fail_at_once_with_a_clear_message(ready_page):
    result = ready_page.evaluate("""() => window.playground.run(
        'import asyncio, aiohttp\\n'
        + 'async def main():\\n'
        + '    async with aiohttp.ClientSession() as session:\\n'
        + '        await session.get("http://example.com/")\\n'
        + 'asyncio.run(main())\\n')""")
    assert result["exitCode"] == 1 and result["durationMs"] < 30_000
    assert result["stderr"].strip().endswith(
        "aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host example.com:80 ssl:default "
        "[this page has no network access: only servers started by your program on localhost can be reached]")


def test_without_isolation_the_panel_says_why_it_cannot_send(page, server_no_isolation, open_playground):
    info = open_playground(page, server_no_isolation.url)
    assert info["sab"] is False
    assert not [url for url in page.requests if "aiohttp" in url]  # loaded on import only
    start(page, example="ex3-aiohttp")
    wait_for_panel(page)
    assert [url for url in page.requests if url.endswith("/pyodide/aiohttp-3.14.5-py3-none-any.whl")]
    notice = page.get_by_test_id("server-notice")
    assert notice.is_visible() and "cross-origin isolated" in notice.inner_text()
    assert page.get_by_test_id("server-send").is_disabled()
    error = page.evaluate("() => window.playground.request({path: '/'}).then(() => null, (e) => e.message)")
    assert "cross-origin isolated" in error
    page.evaluate("() => window.playground.stop()")
    assert finish(page)["stopped"]
    assert page.get_by_test_id("server-panel").is_hidden()

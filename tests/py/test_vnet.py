"""The page's virtual network under CPython, against real aiohttp and real sockets.

The in-memory path (a request from the page's server panel → the mailbox → the
program's loop → aiohttp's own server protocol over a MemoryTransport) must give the
same response bytes as the same app served by aiohttp on a loopback socket, and
client + server programs must print what CPython prints with real sockets.
(Over 300 lines: both sides of each comparison share the apps and helpers defined here.)
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from asyncio_playground import vnet
from support import ThreadHost, run_captured
from asyncio_playground.vnet import sockets
from asyncio_playground.vnet.page import ResponseReader, request_bytes
from cases.examples import seed_examples

aiohttp = pytest.importorskip("aiohttp")

SEED_EXAMPLE_3 = seed_examples()["ex3-aiohttp"]

# One app, served both ways: every kind of response aiohttp's server stack makes.
APP = '''\
import asyncio
from aiohttp import web

async def hello(request):
    return web.Response(text="Hello, " + request.match_info.get("name", "Anonymous"))

async def boom(request):
    raise ValueError("boom")

async def data(request):
    return web.json_response({"numbers": [1, 2, 3], "name": request.query.get("name")})

async def echo(request):
    body = await request.text()
    return web.Response(text=f"{request.method} {body!r} {request.headers.get('X-Test')}")

async def stream(request):
    response = web.StreamResponse()
    response.content_type = "text/plain"
    await response.prepare(request)
    for i in range(3):
        await response.write(f"chunk {i}\\n".encode())
        await asyncio.sleep(0.01)
    await response.write_eof()
    return response

async def page(request):
    return web.Response(text="<h1>Hi</h1><script>parent.x = 1</script>", content_type="text/html")

def make_app():
    app = web.Application()
    app.add_routes([web.get("/", hello), web.get("/boom", boom), web.get("/data", data),
                    web.post("/echo", echo), web.put("/echo", echo), web.get("/stream", stream),
                    web.get("/page", page), web.get("/{name}", hello)])
    return app
'''

RAW_REQUESTS = {
    "root": "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    "alice": "GET /Alice HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    "not-found": "GET /a/b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    "not-allowed": "POST /data HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    "error-500": "GET /boom HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    "error-500-html": "GET /boom HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
    "json": "GET /data?name=%C3%A9 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    "post": "POST /echo HTTP/1.1\r\nHost: localhost\r\nX-Test: yes\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    "stream": "GET /stream HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    "head": "HEAD /Alice HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    "bad-request": "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n",
    "pipelined": "GET /one HTTP/1.1\r\nHost: localhost\r\n\r\nGET /two HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
}

DATE = re.compile(r"^Date: .*$", re.MULTILINE)


def mask(response: str) -> str:
    return DATE.sub("Date: <masked>", response)


# ---- helpers ------------------------------------------------------------------------


class PanelHost(ThreadHost):
    """A ThreadHost that lets a test wait for the messages the page would receive."""

    def __init__(self) -> None:
        super().__init__()
        self.posted = threading.Condition()

    def post(self, message: str) -> None:
        with self.posted:
            super().post(message)
            self.posted.notify_all()

    def events(self) -> list[dict]:
        return [json.loads(m) for m in list(self.messages)]

    def wait_for(self, predicate, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        with self.posted:
            while True:
                for event in self.events():
                    if predicate(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no such message; got {self.events()}")
                self.posted.wait(left)

    def exchange(self, request_id, **message) -> dict:
        """Send a request as the panel does; return the whole response the page got."""
        self.send_request({"type": "request", "id": request_id, **message})
        self.wait_for(lambda e: e["type"] == "http-response" and e["requestId"] == request_id and e["done"])
        parts = [e for e in self.events() if e["type"] == "http-response" and e["requestId"] == request_id]
        head = next((p["head"] for p in parts if "head" in p), None)
        return {
            "head": head, "raw": "".join(p.get("raw", "") for p in parts),
            "body": "".join(p.get("body", "") for p in parts), "error": parts[-1].get("error"),
        }


def serve_in_page(code: str, talk, host: PanelHost | None = None):
    """Run `code` as the page does; `talk(host)` plays the panel, then Stop is pressed."""
    host = host or PanelHost()
    outcome = {}

    def panel():
        try:
            host.wait_for(lambda e: e["type"] == "server-started")
            outcome["value"] = talk(host)
        except BaseException as exc:  # reported in the test's thread
            outcome["error"] = exc
        finally:
            host.interrupt()

    thread = threading.Thread(target=panel, daemon=True)
    thread.start()
    captured = run_plain(code, host)
    thread.join(10)
    if "error" in outcome:
        raise outcome["error"]
    return captured, outcome.get("value")


def run_plain(code: str, host=None):
    """run_captured without pytest's log handlers: logging reaches stderr as in `python3 main.py`."""
    root = logging.getLogger()
    handlers, root.handlers[:] = root.handlers[:], []
    try:
        return run_captured(code, host)
    finally:
        root.handlers[:] = handlers


def serve_on_loopback(app_code: str, requests: dict[str, str]) -> dict[str, str]:
    """The same app under aiohttp on a real 127.0.0.1 socket: raw bytes in, bytes until close out."""
    namespace: dict = {}
    exec(compile(app_code, "app.py", "exec"), namespace)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state = {}

    async def start():
        runner = aiohttp.web.AppRunner(namespace["make_app"]())
        await runner.setup()
        site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        state["runner"], state["port"] = runner, site.port
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    assert ready.wait(10)
    responses = {}
    try:
        for name, raw in requests.items():
            with socket.create_connection(("127.0.0.1", state["port"]), timeout=10) as conn:
                conn.sendall(raw.encode())
                chunks = []
                while data := conn.recv(65536):
                    chunks.append(data)
            responses[name] = b"".join(chunks).decode("utf-8", "replace")
    finally:
        asyncio.run_coroutine_threadsafe(state["runner"].cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
    return responses


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_under_cpython(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


# ---- same bytes in, same bytes out ----------------------------------------------------


def test_in_memory_responses_equal_a_real_aiohttp_server_byte_for_byte():
    program = APP + "\nweb.run_app(make_app(), port=8080, print=None)\n"

    def talk(host):
        return {name: host.exchange(name, port=8080, mode="raw", text=raw)["raw"] for name, raw in RAW_REQUESTS.items()}

    captured, in_page = serve_in_page(program, talk)
    real = serve_on_loopback(APP, RAW_REQUESTS)
    for name in RAW_REQUESTS:
        assert mask(in_page[name]) == mask(real[name]), name
    assert in_page["alice"].endswith("\r\n\r\nHello, Alice")
    assert in_page["not-found"].startswith("HTTP/1.1 404 Not Found\r\n")
    assert in_page["error-500"].startswith("HTTP/1.1 500 Internal Server Error\r\n")
    assert in_page["stream"].count("chunk ") == 3 and "Transfer-Encoding: chunked" in in_page["stream"]
    assert in_page["pipelined"].count("HTTP/1.1 200 OK") == 2
    # aiohttp logs the handler's exception with its traceback, as under CPython.
    assert captured.stderr.count("Error handling request from 127.0.0.1") == 3, captured.stderr  # 2×500, 400
    assert 'raise ValueError("boom")' in captured.stderr and "ValueError: boom" in captured.stderr


def test_panel_requests_are_what_a_command_line_client_sends():
    assert request_bytes("get", "/Alice", 8080) == (
        b"GET /Alice HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: asyncio-playground\r\nAccept: */*\r\n\r\n"
    )
    assert request_bytes("POST", "héllo wörld?x=1#frag", 8081, [["X-A", " b "]], body="é") == (
        "POST /h%C3%A9llo%20w%C3%B6rld?x=1 HTTP/1.1\r\nHost: localhost:8081\r\n"
        "User-Agent: asyncio-playground\r\nAccept: */*\r\nX-A: b\r\nContent-Length: 2\r\n\r\né"
    ).encode()


def test_http_mode_reads_aiohttp_responses_like_a_client():
    program = APP + "\nweb.run_app(make_app(), port=8080, print=None)\n"

    def talk(host):
        return {
            "alice": host.exchange(1, port=8080, mode="http", method="GET", path="/Alice"),
            "stream": host.exchange(2, port=8080, mode="http", method="GET", path="/stream"),
            "json": host.exchange(3, port=8080, mode="http", method="GET", path="/data?name=Zoé"),
            "post": host.exchange(4, port=8080, mode="http", method="PUT", path="/echo",
                                  headers=[["X-Test", "42"]], body="hé"),
            "head": host.exchange(5, port=8080, mode="http", method="HEAD", path="/"),
            "missing": host.exchange(6, port=8080, mode="http", method="GET", path="/a/b"),
            "refused": host.exchange(7, port=9999, mode="http", method="GET", path="/"),
        }

    _, got = serve_in_page(program, talk)
    assert (got["alice"]["head"]["status"], got["alice"]["body"]) == (200, "Hello, Alice")
    assert got["stream"]["body"] == "chunk 0\nchunk 1\nchunk 2\n"
    assert json.loads(got["json"]["body"]) == {"numbers": [1, 2, 3], "name": "Zoé"}
    assert got["post"]["body"] == "PUT 'hé' 42"
    assert (got["head"]["head"]["status"], got["head"]["body"]) == (200, "")
    assert (got["missing"]["head"]["status"], got["missing"]["body"]) == (404, "404: Not Found")
    assert "no server of this program listens on port 9999" in got["refused"]["error"]


def test_response_reader_finds_the_end_of_each_framing():
    reader = ResponseReader("GET")
    body = b"".join(reader.feed(bytes([b])) for b in b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n")
    assert (body, reader.complete, reader.head["status"]) == (b"hello", True, 200)
    reader = ResponseReader("GET")
    assert reader.feed(b"HTTP/1.1 200 OK\r\n\r\nuntil close") == b"until close"
    assert not reader.complete
    reader.end_of_stream()
    assert reader.complete


# ---- the seed's Example 3 and Stop ------------------------------------------------------


def test_seed_example_3_serves_the_panel_and_stops_like_ctrl_c():
    def talk(host):
        return [host.exchange(1, port=8080, mode="http", method="GET", path="/"),
                host.exchange(2, port=8080, mode="http", method="GET", path="/Alice")]

    captured, (root, alice) = serve_in_page(SEED_EXAMPLE_3, talk)
    assert captured.stdout == "======== Running on http://0.0.0.0:8080 ========\n(Press CTRL+C to quit)\n"
    assert captured.stderr == ""
    assert (root["body"], alice["body"]) == ("Hello, Anonymous", "Hello, Alice")
    assert captured.result.stopped and captured.result.exit_code == 0  # run_app caught Ctrl+C
    # a second run can serve on the same port
    captured, (again,) = serve_in_page(SEED_EXAMPLE_3, lambda host: [host.exchange(3, port=8080, mode="http", path="/Bob")])
    assert again["body"] == "Hello, Bob"


def test_run_app_prints_what_aiohttp_prints_under_cpython():
    port = free_port()
    code = SEED_EXAMPLE_3.replace("web.run_app(app)", f"web.run_app(app, port={port})")
    with subprocess.Popen([sys.executable, "-u", "-c", code], stdout=subprocess.PIPE, text=True) as real:
        first = real.stdout.readline()  # once run_app has printed, press Ctrl+C
        real.send_signal(signal.SIGINT)
        rest = real.stdout.read()  # until the process exits (communicate() would skip what readline buffered)
        real.wait(timeout=60)
    assert real.returncode == 0  # run_app catches KeyboardInterrupt
    in_page, _ = serve_in_page(code, lambda host: None)
    assert in_page.stdout == first + rest == f"======== Running on http://0.0.0.0:{port} ========\n(Press CTRL+C to quit)\n"


def test_server_started_and_stopped_messages_for_the_panel():
    host = PanelHost()
    serve_in_page(SEED_EXAMPLE_3, lambda h: None, host)
    kinds = [(e["type"], e.get("port"), e.get("kind")) for e in host.events() if e["type"] != "output"]
    # aiohttp's shutdown closed the port, then the page hears the program is over (no second Ctrl+C)
    assert kinds == [("server-started", 8080, "http"), ("server-stopped", 8080, None), ("finishing", None, None)]


# ---- programs that are their own clients ---------------------------------------------------


CLIENT_AND_SERVER = '''\
import asyncio
from aiohttp import ClientSession, web

async def handle(request):
    return web.Response(text="Hello, " + request.match_info.get("name", "Anonymous"))

async def echo(reader, writer):
    data = await reader.read(100)
    print(f"Received {data.decode()!r} from {writer.get_extra_info('peername')[0]}")
    writer.write(data.upper())
    await writer.drain()
    writer.close()
    await writer.wait_closed()

async def main():
    app = web.Application()
    app.add_routes([web.get("/", handle), web.get("/{name}", handle)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "localhost", PORT).start()
    server = await asyncio.start_server(echo, "127.0.0.1", PORT + 1)
    print("echo on", server.sockets[0].getsockname())
    async with ClientSession() as session:
        for host in ["localhost", "127.0.0.1", "0.0.0.0"]:
            async with session.get(f"http://{host}:{PORT}/Alice") as resp:
                print(host, resp.status, resp.headers["Content-Type"], await resp.text())
        async with session.post(f"http://localhost:{PORT}/") as resp:
            print(resp.status, await resp.text())
        try:
            await session.get(f"http://127.0.0.1:{PORT + 2}/")
        except Exception as exc:
            print(type(exc).__name__, exc)
    reader, writer = await asyncio.open_connection("localhost", PORT + 1)
    writer.write(b"hello")
    print("echoed", await reader.read())
    writer.close()
    await writer.wait_closed()
    try:
        await asyncio.start_server(echo, "0.0.0.0", PORT + 1)
    except OSError as exc:
        print("OSError:", exc)
    server.close()
    await server.wait_closed()
    await runner.cleanup()
    try:
        await asyncio.open_connection("127.0.0.1", PORT)
    except OSError as exc:
        print(type(exc).__name__, exc)

asyncio.run(main())
'''


def test_client_and_server_in_one_program_print_what_cpython_prints():
    port = free_port()
    while True:  # three free ports in a row for the real run
        try:
            for p in (port + 1, port + 2):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            break
        except OSError:
            port = free_port()
    code = CLIENT_AND_SERVER.replace("PORT", str(port))
    real = run_under_cpython(code)
    assert real.returncode == 0, real.stderr
    in_page = run_plain(code)
    assert in_page.stderr == ""
    assert in_page.stdout == real.stdout
    assert f"localhost 200 text/plain; charset=utf-8 Hello, Alice" in in_page.stdout
    assert "address already in use" in in_page.stdout


def test_other_hosts_fail_at_once_with_a_clear_message():
    out = run_plain(textwrap.dedent('''\
        import asyncio, aiohttp
        async def main():
            async with aiohttp.ClientSession() as session:
                try:
                    await session.get("http://example.com/")
                except aiohttp.ClientConnectorError as exc:
                    print(type(exc).__name__, exc)
            for host in ("example.com", "93.184.216.34"):
                try:
                    await asyncio.open_connection(host, 80)
                except OSError as exc:
                    print(type(exc).__name__, exc)
        asyncio.run(main())
    '''))
    assert out.stdout.splitlines() == [
        f"ClientConnectorDNSError Cannot connect to host example.com:80 ssl:default [{vnet.NO_NETWORK}]",
        f"gaierror [Errno -3] {vnet.NO_NETWORK}",
        f"OSError [Errno 101] {vnet.NO_NETWORK}",
    ]


def test_echo_server_answers_the_panel_in_raw_mode_on_several_ports():
    program = textwrap.dedent('''\
        import asyncio
        async def handle(reader, writer):
            data = await reader.read(100)
            print(f"Received {data.decode()!r} on {writer.get_extra_info('sockname')[1]}")
            writer.write(data)
            await writer.drain()
            writer.close()
            await writer.wait_closed()
        async def main():
            servers = [await asyncio.start_server(handle, "127.0.0.1", port) for port in (8888, 8889)]
            async with servers[0], servers[1]:
                await asyncio.gather(*(s.serve_forever() for s in servers))
        asyncio.run(main())
    ''')

    def talk(host):
        host.wait_for(lambda e: e["type"] == "server-started" and e["port"] == 8889)
        return [host.exchange(1, port=8888, mode="raw", text="Hello World!"),
                host.exchange(2, port=8889, mode="raw", text="héllo", eof=True)]

    captured, (first, second) = serve_in_page(program, talk)
    assert (first["raw"], second["raw"]) == ("Hello World!", "héllo")
    assert captured.stdout == "Received 'Hello World!' on 8888\nReceived 'héllo' on 8889\n"
    assert captured.result.stopped


def test_getaddrinfo_knows_only_the_loopback():
    stream = (socket.SOCK_STREAM, socket.IPPROTO_TCP, "")
    assert sockets.getaddrinfo(None, 8080, 0, socket.SOCK_STREAM, 0, socket.AI_PASSIVE) == [
        (socket.AF_INET, *stream, ("0.0.0.0", 8080)), (socket.AF_INET6, *stream, ("::", 8080, 0, 0))]
    assert sockets.getaddrinfo("localhost", "80", 0, socket.SOCK_STREAM) == [(socket.AF_INET, *stream, ("127.0.0.1", 80))]
    assert sockets.getaddrinfo("::1", 1, socket.AF_INET6, socket.SOCK_STREAM) == [(socket.AF_INET6, *stream, ("::1", 1, 0, 0))]
    with pytest.raises(socket.gaierror, match="no network access"):
        sockets.getaddrinfo("pypi.org", 443)


def test_flow_control_pauses_a_writer_whose_reader_is_paused():
    events = []

    class Reader(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport
            transport.pause_reading()

        def data_received(self, data):
            events.append(("read", len(data)))

    class Writer(asyncio.Protocol):
        def connection_made(self, transport):
            transport.set_write_buffer_limits(high=10)
            transport.write(b"x" * 20)

        def pause_writing(self):
            events.append("pause")

        def resume_writing(self):
            events.append("resume")

    async def main():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(Reader, "127.0.0.1", 7000)
        transport, _ = await loop.create_connection(Writer, "127.0.0.1", 7000)
        await asyncio.sleep(0.01)
        events.append("resuming reader")
        for client in list(server._clients):
            client.resume_reading()
        await asyncio.sleep(0.01)
        transport.close()
        server.close()
        await server.wait_closed()

    from asyncio_playground.engines.loop import PlaygroundEventLoop

    with asyncio.Runner(loop_factory=PlaygroundEventLoop) as runner:
        runner.run(main())
    assert events == ["pause", "resuming reader", ("read", 20), "resume"]


def test_a_server_that_does_not_speak_http_gets_a_clear_error_in_http_mode():
    program = textwrap.dedent('''\
        import asyncio
        async def handle(reader, writer):
            await reader.readline()
            writer.write(b"hello, not http\\r\\n\\r\\n")
            await writer.drain()
        async def main():
            server = await asyncio.start_server(handle, "localhost", 8080)
            await server.serve_forever()
        asyncio.run(main())
    ''')
    captured, answer = serve_in_page(program, lambda host: host.exchange(1, port=8080, mode="http", path="/"))
    assert answer["error"].startswith("the server's answer is not a valid HTTP/1.1 response")
    assert answer["raw"] == "hello, not http\r\n\r\n"
    assert captured.stderr == ""

"""Share links and embed mode (index.html?embed=1).

A link carries code and never runs it; a broken or hostile link loads nothing and says
why; the embed works without cross-origin isolation. The course page (script embed,
iframe, postMessage) is in test_course_embed.py.
"""

from __future__ import annotations

import base64
import re
import zlib

import pytest

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 90_000
RUN_TIMEOUT_MS = 120_000

TRICKY_CODE = (
    'print("héllo « monde » — ünïcödé ✓ 🐍 日本語")\n'
    "print('it\\'s \"quoted\"', \"\"\"triple \"\"\", r'C:\\path\\n')\n"
    "s = '<b>&amp;</b>'\n"
    "print(s, len(s))\n"
    "tab = '\t'  # a tab, then trailing spaces   \n"
)


def token(data: bytes) -> str:
    """What share.js puts after #code=: deflate-raw, base64url without padding."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = compressor.compress(data) + compressor.flush()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def wait_for_api(page) -> None:
    page.wait_for_function("() => window.playground && window.playground.getCode")


def wait_ready(page_or_frame) -> None:
    page_or_frame.wait_for_function(
        """() => {
            if (!window.playground) return false;
            if (!window.__readyWatched) {
                window.__readyWatched = true;
                window.playground.ready.then(() => { window.__isReady = true; });
            }
            return window.__isReady === true;
        }""",
        timeout=LOAD_TIMEOUT_MS,
    )


# ---- share links ---------------------------------------------------------------------


@pytest.fixture
def clipboard_page(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


def test_share_round_trip_keeps_unicode_and_quotes_and_never_runs(clipboard_page, server):
    from playwright.sync_api import expect

    page = clipboard_page
    page.goto(server.url)
    wait_for_api(page)
    page.evaluate("code => window.playground.setCode(code)", TRICKY_CODE)
    page.get_by_test_id("share").click()
    message = page.get_by_test_id("share-message")
    expect(message).to_contain_text("Link copied")
    link = page.evaluate("() => navigator.clipboard.readText()")
    assert link == page.url and "#code=" in link
    assert page.console_errors == []
    context = page.context
    page.close()  # one Python loading at a time

    opened = context.new_page()
    opened.goto(link)
    wait_for_api(opened)
    opened.wait_for_function("code => window.playground.getCode() === code", arg=TRICKY_CODE)
    expect(opened.get_by_test_id("share-banner")).to_be_visible()
    expect(opened.get_by_test_id("share-banner")).to_contain_text("has not been run")
    expect(opened.get_by_test_id("example-title")).to_have_text("Code from a link")

    wait_ready(opened)  # Python is up: nothing ran on its own
    assert opened.evaluate("() => window.playground.isRunning()") is False
    assert opened.get_by_test_id("console").inner_text() == ""
    assert opened.get_by_test_id("elapsed").inner_text() == ""

    opened.get_by_test_id("run").click()  # only the student's click runs it
    expect(opened.get_by_test_id("elapsed")).to_contain_text("Ran in", timeout=RUN_TIMEOUT_MS)
    stdout = opened.evaluate("() => window.playground.output().stdout")
    assert stdout.splitlines() == [
        "héllo « monde » — ünïcödé ✓ 🐍 日本語",
        'it\'s "quoted" triple  C:\\path\\n',
        "<b>&amp;</b> 12",
    ]


def test_share_without_clipboard_selects_the_link(page, server):
    from playwright.sync_api import expect

    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));"
    )
    page.goto(server.url)
    wait_for_api(page)
    page.evaluate("() => window.playground.setCode('print(1)')")
    page.get_by_test_id("share").click()
    expect(page.get_by_test_id("share-message")).to_contain_text("press Ctrl+C")
    link_input = page.get_by_test_id("share-link")
    expect(link_input).to_be_visible()
    assert link_input.input_value() == page.url
    selected = page.evaluate(
        "() => { const el = document.activeElement;"
        " return el.dataset.testid === 'share-link' && el.selectionStart === 0 && el.selectionEnd === el.value.length; }"
    )
    assert selected


def test_share_refuses_code_over_64_kb(page, server):
    from playwright.sync_api import expect

    page.goto(server.url)
    wait_for_api(page)
    page.evaluate("() => window.playground.setCode('# ' + 'x'.repeat(70 * 1024))")
    page.get_by_test_id("share").click()
    message = page.get_by_test_id("share-message")
    expect(message).to_contain_text("too large for a link")
    assert message.get_attribute("role") == "alert"
    assert "#" not in page.url


def test_64_kb_of_code_still_fits_in_a_link(page, server):
    code = "".join(f"print({i:5d}, 'é')\n" for i in range(64 * 1024 // 20))
    assert len(code.encode()) <= 64 * 1024
    page.goto(f"{server.url}#code={token(code.encode())}")
    wait_for_api(page)
    page.wait_for_function("code => window.playground.getCode() === code", arg=code)


BOMB = b"a" * 60_000_000  # deflates to ~58 KB: fits the fragment, inflates past any cap

MALFORMED = {
    "bad-alphabet": ("code=abc$def", "not valid base64url"),
    "impossible-length": ("code=A", "not valid base64url"),
    "padding": ("code=YWJj==", "not valid base64url"),
    "not-deflate": ("code=" + base64.urlsafe_b64encode(b"\xff\xfe not deflate").decode().rstrip("="),
                    "could not be decompressed"),
    "cut-short": ("code=" + token(b"print('hello')\n" * 50)[:30], "could not be decompressed"),
    "zip-bomb": ("code=" + token(BOMB), "larger than 64 KB"),
    "huge-fragment": ("code=" + "A" * 300_000, "larger than 64 KB"),
    "code-over-64-kb": ("code=" + token(bytes(range(32, 127)) * 800), "larger than 64 KB"),
    "not-utf8": ("code=" + token(b"print('\xc3\x28')"), "not valid UTF-8"),
    "empty": ("code=", "holds no code"),
    "unknown-example": ("example=nope", "no example named “nope”"),
}


@pytest.fixture(scope="module")
def link_page(browser, server):
    """One page for the malformed links: each is opened with a hashchange."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url)
    wait_for_api(page)
    yield page
    context.close()


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_link_loads_nothing_and_says_why(link_page, case):
    from playwright.sync_api import expect

    page = link_page
    fragment, expected = MALFORMED[case]
    page.evaluate(
        """() => { window.playground.loadExample('gather'); location.hash = '';
                   document.querySelector('[data-testid=share-message]').hidden = true; }"""
    )
    before = page.evaluate("() => window.playground.getCode()")
    page.evaluate("f => { location.hash = f; }", fragment)
    message = page.get_by_test_id("share-message")
    expect(message).to_contain_text(expected, timeout=15_000)
    assert message.get_attribute("role") == "alert"
    assert page.evaluate("() => window.playground.getCode()") == before
    expect(page.get_by_test_id("share-banner")).to_be_hidden()


def test_malformed_link_opened_directly(page, server):
    from playwright.sync_api import expect

    page.goto(f"{server.url}#code=%%%")
    wait_for_api(page)
    expect(page.get_by_test_id("share-message")).to_contain_text("not valid base64url")
    assert "asyncio.gather" in page.evaluate("() => window.playground.getCode()")  # the default example


def test_html_in_shared_code_is_shown_as_text(page, server):
    from playwright.sync_api import expect

    code = ('<img src=x onerror="window.__pwned = 1">\n'
            '</script><script>window.__pwned = 2</script>\n'
            '<b>bold?</b>\n')
    page.goto(f"{server.url}#code={token(code.encode())}")
    wait_for_api(page)
    page.wait_for_function("code => window.playground.getCode() === code", arg=code)
    expect(page.get_by_test_id("editor")).to_contain_text('<img src=x onerror="window.__pwned = 1">')
    assert page.evaluate("() => document.querySelectorAll('img, [data-testid=editor] b').length") == 0
    assert page.evaluate("() => window.__pwned") is None


def test_example_links_by_id_and_alias(link_page):
    page = link_page
    for fragment, example_id in [("example=gather", "gather"), ("example=ex1", "ex1-sync"),
                                 ("example=ex1-async-correct-modern", "ex1-async-correct-modern")]:
        page.evaluate("() => { window.playground.loadExample('coroutine'); location.hash = ''; }")
        page.evaluate("f => { location.hash = f; }", fragment)
        page.wait_for_function("id => document.querySelector('[data-testid=examples]').value === id", arg=example_id)
        assert page.get_by_test_id("share-banner").is_hidden()


# ---- embed mode (index.html?embed=1) without cross-origin isolation ---------------


@pytest.fixture(scope="module")
def embed_page(browser, server_no_isolation):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server_no_isolation.url}index.html?embed=1#example=ex1-sync")
    wait_ready(page)
    yield page
    context.close()


def test_embed_mode_is_compact_and_links_to_the_playground(embed_page, server_no_isolation):
    page = embed_page
    for hidden in ["examples", "example-title", "share", "hint"]:
        assert page.get_by_test_id(hidden).is_hidden(), hidden
    for visible in ["run", "stop", "editor", "console", "open-in-playground"]:
        assert page.get_by_test_id(visible).is_visible(), visible
    link = page.get_by_test_id("open-in-playground")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=open-in-playground]').href.endsWith('#example=ex1-sync')"
    )
    assert link.get_attribute("href") == f"{server_no_isolation.url}index.html#example=ex1-sync"
    assert link.get_attribute("target") == "_blank"

    page.evaluate("() => window.playground.setCode('print(\"edited in the embed\")')")
    with page.context.expect_page() as new_tab:
        link.click()
    opened = new_tab.value
    wait_for_api(opened)
    opened.wait_for_function("() => window.playground.getCode() === 'print(\"edited in the embed\")'")
    assert "embed" not in opened.url
    assert opened.get_by_test_id("examples").is_visible()
    opened.close()


def time_line(stdout: str) -> float:
    return float(re.findall(r"^Time: (\d+\.\d+) sec$", stdout, re.M)[-1])


def test_embed_without_isolation_blocking_sleep_really_blocks(embed_page):
    page = embed_page
    info = page.evaluate("() => window.playground.ready")
    assert info["isolated"] is False and info["sab"] is False
    page.evaluate("() => window.playground.loadExample('ex1-sync')")
    page.get_by_test_id("run").click()
    page.wait_for_function("() => !window.playground.isRunning() && /sec/.test(window.playground.output().stdout)",
                           timeout=RUN_TIMEOUT_MS)
    sync_seconds = time_line(page.evaluate("() => window.playground.output().stdout"))
    result = page.evaluate("() => (window.playground.loadExample('ex1-async-correct-modern'), window.playground.run())")
    async_seconds = time_line(result["stdout"])
    assert sync_seconds >= 4.5, sync_seconds  # five blocking one-second sleeps, one after the other
    assert 1.25 <= sync_seconds / async_seconds <= 2.0, (sync_seconds, async_seconds)  # ≈ 5 s / 3 s


def test_embed_without_isolation_stop_restarts_python(embed_page):
    from playwright.sync_api import expect

    page = embed_page
    page.evaluate("() => window.playground.setCode('print(\"spinning\", flush=True)\\nwhile True:\\n    pass\\n')")
    page.get_by_test_id("run").click()
    page.wait_for_function("() => window.playground.output().stdout.includes('spinning')", timeout=RUN_TIMEOUT_MS)
    page.get_by_test_id("stop").click()
    expect(page.get_by_test_id("console")).to_contain_text("restarting Python")
    page.wait_for_function("() => !window.playground.isRunning()")
    result = page.evaluate("() => window.playground.run('print(\"alive again\")')")
    assert result["stdout"] == "alive again\n"

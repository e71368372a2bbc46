"""The asyncio conformance suite in Chromium, with JSPI and with JSPI removed.

Each snippet's stdout, stderr and exit code must equal what CPython 3.14 prints
(expected files made by tests/conformance/regen.py; 3.14 overrides by hand).
"""

import pytest

from conformance.normalize import load_cases, normalize

CASES = load_cases("3.14")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["jspi", "no-jspi"])
def suite_page(request, browser, server, open_playground):
    context = browser.new_context()
    page = context.new_page()
    open_playground(page, server.url, jspi=request.param == "jspi")
    yield page
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_snippet_prints_what_cpython_prints(suite_page, case):
    result = suite_page.evaluate("code => window.playground.run(code)", case.code)
    assert normalize(result["stdout"]) == normalize(case.stdout)
    assert normalize(result["stderr"]) == normalize(case.stderr)
    assert result["exitCode"] == case.exit_code


def test_jspi_mode_is_what_the_page_says(browser, server, open_playground):
    context = browser.new_context()
    page = context.new_page()
    open_playground(page, server.url, jspi=False)
    assert "JSPI: no" in page.get_by_test_id("mode").get_attribute("title")  # details on hover (issue 19)
    context.close()

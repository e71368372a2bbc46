"""When output reaches the console: the first line at once, all of it by the end of the run."""

CONSOLE_TEXT = "() => document.querySelector('[data-testid=\"console\"]').textContent"


def test_first_line_shows_while_the_program_still_runs(ready_page):
    page = ready_page
    # A busy loop never waits, so nothing but the first line's own flush can show it.
    page.evaluate("""() => { window.__run = window.playground.run(
        'import time\\nprint("first line")\\nend = time.monotonic() + 2\\nwhile time.monotonic() < end: pass'); }""")
    page.wait_for_function(f"() => ({CONSOLE_TEXT})() === 'first line\\n'")
    assert page.evaluate("() => window.playground.isRunning()")
    page.evaluate("() => window.__run")


def test_console_shows_all_the_output_when_a_run_resolves(ready_page):
    page = ready_page
    shown = page.evaluate(f"""async () => {{
        await window.playground.run('for i in range(3): print(i)\\nimport sys; print("end", file=sys.stderr)');
        return ({CONSOLE_TEXT})();
    }}""")
    assert shown == "0\n1\n2\nend\n"


def test_ready_worker_runs_with_start_up_frozen_and_zip_imports_compiled_once(ready_page):
    out = ready_page.evaluate("""() => window.playground.run(
        'import gc, zipimport\\nprint(gc.get_freeze_count() > 0, zipimport.zipimporter.get_filename.__module__)')""")
    assert out["stdout"] == "True asyncio_playground.startup.fast_zipimport\n", out["stderr"]

"""Real-browser fixtures: the real server, Debian Chromium, the offline guard, screenshots.

The server, the browser settings, the in-page probe and the waits live in
tools/ (tools.live_server, tools.browser_probe, tools.app_pages), shared with
the benchmark; this file holds what only the tests need. Every request the
page makes is recorded and any host other than the loopback server fails
the test. Screenshots go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools.browser_probe import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, guard_offline
from tools.live_server import ROOT, free_port, start_server, stop_server

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Debian Chromium only: Playwright cannot download its own browser here."""
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}: install the Debian 'chromium' package"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: a missing browser is a failure, not a skip)")
        pytest.skip(reason)
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": VIEWPORT}


@pytest.fixture(scope="session")
def app_server():
    """The real dashboard on a free loopback port; yields its base URL."""
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.fixture
def app_page(page, app_server):
    """A page with an offline guard: requests to any non-loopback host are blocked and fail the test.

    Also records uncaught JS errors (`page.js_errors`) and JS dialogs such as
    alert() (`page.alerts`, dismissed), and installs the paint/run probe.
    """
    external = guard_offline(page, app_server)
    yield page
    assert not external, f"requests left the machine: {external}"


PAINTED_JS = """() => !window.__hcaiView || (() => { const v = window.__hcaiView();
  return v.skeletons === 0 && v.vegaPainted === v.vega && v.deckPainted === v.deck; })()"""


def screenshot(page, name: str, full: bool = True) -> Path:
    """Save test-artifacts/screenshots/<name>.png, the whole page length by default.

    Streamlit scrolls inside its main container, so Playwright's full_page
    sees only the viewport; the viewport is stretched to the content height
    for the shot (charts repaint at the new size first) and then put back.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("""() => { const main = document.querySelector('[data-testid="stMain"]');
                                      return main ? main.scrollHeight : document.body.scrollHeight; }""")
    if not full or not size or height <= size["height"]:
        page.screenshot(path=str(path), full_page=True)
        return path
    page.set_viewport_size({"width": size["width"], "height": min(int(height), 8000)})
    try:
        # Two animation frames: resize observers have fired and charts re-laid out before the paint check.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.wait_for_function(PAINTED_JS, timeout=15_000, polling="raf")
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
        page.wait_for_function(PAINTED_JS, timeout=15_000, polling="raf")
    return path

"""The Chinese web font loads from the app's own server, at the root and under a deployment's sub-path.

This machine has CJK system fonts, so Chinese text would render without the
web font; the test therefore checks the font itself: the WOFF2 request to
Streamlit's static serving succeeded, and the "Noto Sans SC" face (and the
theme family's CJK-only face) reached the `loaded` state in the page.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tools.browser_probe import guard_offline, open_page, problems, wait_until_settled
from tools.live_server import free_port, start_server, stop_server

FONT_FILE = "NotoSansSC-Subset.woff2"
SUB_PATH = "/china-ai"

LOAD_JS = """async () => {
  const faces = await document.fonts.load('16px "Noto Sans SC"', '中');
  await document.fonts.ready;
  const theme = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Source Sans'
                                                && f.unicodeRange.includes('4E00'));
  return {web: faces.map(f => [f.family.replace(/["']/g, ''), f.status]),
          theme: theme.map(f => f.status),
          check: document.fonts.check('16px "Noto Sans SC"', '中')};
}"""


@pytest.fixture(scope="module")
def sub_path_server():
    port = free_port()
    proc = start_server(port, base_path=SUB_PATH)
    yield f"http://127.0.0.1:{port}{SUB_PATH}"
    stop_server(proc)


def _font_responses(page) -> list:
    found: list = []
    page.on("response", lambda r: found.append(r) if r.url.endswith(FONT_FILE) else None)
    return found


def _assert_web_font_loaded(page, base_url: str, responses: list) -> None:
    state = page.evaluate(LOAD_JS)
    assert state["web"] and all(s == "loaded" for _, s in state["web"]), state
    assert {family for family, _ in state["web"]} == {"Noto Sans SC"}
    assert state["theme"] == ["loaded"], state       # the page's own Chinese text used the CJK-only face
    assert state["check"] is True
    assert responses, "the browser never asked for the web font"
    assert all(r.status == 200 for r in responses), [(r.url, r.status) for r in responses]
    assert {r.url for r in responses} == {f"{base_url}/app/static/fonts/{FONT_FILE}"}


def test_the_web_font_loads_at_the_root(app_page):
    responses = _font_responses(app_page)
    open_page(app_page, "", "lang=zh")
    wait_until_settled(app_page)
    _assert_web_font_loaded(app_page, app_page.base_url, responses)
    assert problems(app_page) == []


def test_the_web_font_loads_under_a_sub_path(page, sub_path_server):
    external = guard_offline(page, sub_path_server)
    responses = _font_responses(page)
    open_page(page, "", "lang=zh")
    wait_until_settled(page)
    _assert_web_font_loaded(page, sub_path_server, responses)
    assert problems(page) == [] and not external
    screenshot(page, "web-font-zh-sub-path", full=False)

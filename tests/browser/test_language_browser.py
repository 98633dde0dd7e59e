"""The language switch in a real browser: 中文 shows Chinese, keeps the filters, and the link reopens it."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tools.browser_probe import guard_offline, open_page, runs_done, wait_for_app, wait_until_settled

SIDEBAR = '[data-testid="stSidebar"]'


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _switch(page, label: str, path: str) -> None:
    before = runs_done(page)
    page.locator(SIDEBAR).get_by_text(label, exact=True).click()
    wait_until_settled(page, after_runs=before, path=path)


def test_switching_to_chinese_keeps_the_filters_and_the_link_reopens_it(app_page, app_server, browser):
    page = app_page
    open_page(page, "market-size", "region=East&region=West")
    wait_for_app(page)
    wait_until_settled(page, path="market-size")
    _switch(page, "中文", "market-size")
    sidebar = page.locator(SIDEBAR)
    assert sidebar.get_by_text("区域", exact=True).count() == 1
    assert sidebar.get_by_text("东部", exact=True).count() == 1 and sidebar.get_by_text("西部", exact=True).count() == 1
    assert page.locator("h1").first.inner_text().strip() == "市场规模"
    query = _query(page)
    assert query.get("lang") == ["zh"] and query.get("region") == ["East", "West"], page.url

    # The copied address opens the same view in Chinese in a fresh browser.
    fresh = browser.new_context(viewport=page.viewport_size)
    try:
        other = fresh.new_page()
        guard_offline(other, app_server)
        other.goto(page.url)
        wait_for_app(other)
        wait_until_settled(other, path="market-size")
        assert other.locator("h1").first.inner_text().strip() == "市场规模"
        assert other.locator(SIDEBAR).get_by_text("东部", exact=True).count() == 1
    finally:
        fresh.close()

    # And back: English, same filters, no lang in the URL.
    _switch(page, "English", "market-size")
    assert page.locator("h1").first.inner_text().strip() == "Market size"
    assert sidebar.get_by_text("East", exact=True).count() == 1
    query = _query(page)
    assert "lang" not in query and query.get("region") == ["East", "West"], page.url


def test_a_chinese_browser_opens_in_chinese_without_lang(app_server, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        guard_offline(page, app_server)
        page.goto(app_server + "/market-size")
        wait_for_app(page)
        wait_until_settled(page, path="market-size")
        assert page.locator("h1").first.inner_text().strip() == "市场规模"
        assert _query(page).get("lang") == ["zh"]
    finally:
        context.close()

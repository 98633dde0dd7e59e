"""Every page loads in Chromium with no error, its charts or map drawn, and nothing fetched from outside."""
from __future__ import annotations

import pytest

from tests.browser.conftest import open_page, problems, screenshot, wait_for_charts, wait_for_map

PAGES = [
    ("overview", "chart_or_metric"),
    ("market-size", "chart"),
    ("province-map", "map"),
    ("physician-density", "chart"),
    ("barriers-strategy", "text"),
    ("sources-method", "table"),
]


@pytest.mark.parametrize("path,expects", PAGES)
def test_page_renders_offline(app_page, path, expects):
    open_page(app_page, path)
    if expects == "chart":
        wait_for_charts(app_page)
    elif expects == "map":
        wait_for_map(app_page)
    elif expects == "table":
        app_page.wait_for_selector('[data-testid="stDataFrame"]')
    elif expects == "chart_or_metric":
        app_page.wait_for_selector('[data-testid="stMetric"]')
    assert problems(app_page) == []
    assert app_page.query_selector('[role="dialog"]') is None, "a dialog opened (e.g. Page not found)"
    assert app_page.locator('[data-testid="stSidebarNavLink"]').count() == 6
    screenshot(app_page, f"page-{path}")

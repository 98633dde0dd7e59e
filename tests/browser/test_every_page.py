"""Every page in Chromium: no error, its charts and map painted, filters and page switches work, nothing fetched from outside.

The page list comes from app.py (tools/app_pages.py) and is checked against
the sidebar's nav links, so new or renamed pages are covered without editing
this file. What a page must draw is read from its script: a page that calls
the chart or map builders must show painted Vega / deck.gl canvases.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import screenshot
from tools.app_pages import app_pages
from tools.browser_probe import (NAV_LINK, dialogs, multiselect_options, nav_links, open_page, problems, runs_done,
                                 set_multiselect, view, wait_until_settled)
from tools.live_server import ROOT

PAGES = app_pages()
IDS = [p.slug for p in PAGES]


def _expects(page) -> dict[str, bool]:
    """What the page's own script says it draws."""
    source = (ROOT / page.script).read_text(encoding="utf-8")
    return {"vega": any(s in source for s in ("chart_block(", "altair_chart(", "vega_lite_chart(")),
            "deck": "pydeck_chart(" in source}


def _assert_clean(page, where: str) -> None:
    assert problems(page) == [], f"{where}: error shown"
    assert dialogs(page) == [], f"{where}: a dialog opened"
    assert page.js_errors == [], f"{where}: uncaught JS errors {page.js_errors}"


def test_nav_links_are_the_pages_app_py_declares(app_page):
    open_page(app_page)
    assert nav_links(app_page) == [(p.title, p.url_path) for p in PAGES]


@pytest.mark.parametrize("app_def", PAGES, ids=IDS)
def test_page_renders_offline_with_charts_painted(app_page, app_def):
    open_page(app_page, app_def.url_path)
    wait_until_settled(app_page)
    _assert_clean(app_page, app_def.title)
    drawn = view(app_page)
    assert urlparse(app_page.url).path.strip("/") == app_def.url_path, "redirected away from the page"
    assert app_page.locator("h1").count() >= 1, "no page title"
    assert app_page.locator(NAV_LINK).count() == len(PAGES)
    wants = _expects(app_def)
    if wants["vega"]:
        assert drawn["vega"] >= 1 and drawn["vegaPainted"] == drawn["vega"], drawn
    if wants["deck"]:
        assert drawn["deck"] >= 1 and drawn["deckPainted"] == drawn["deck"], drawn
        # The probe counts a map as drawn from its first WebGL draw call; here its pixels are read back.
        assert app_page.evaluate("window.__hcaiPixels()") == drawn["deck"], "the map canvas has no pixels"
    screenshot(app_page, f"page-{app_def.slug}")


@pytest.mark.parametrize("app_def", PAGES, ids=IDS)
def test_global_filters_rerun_the_page_cleanly(app_page, app_def):
    """Pick a region and a segment in the sidebar: a clean rerun, charts repainted, the URL carries both."""
    open_page(app_page, app_def.url_path)
    wait_until_settled(app_page)
    for label, key in (("Region", "region"), ("Segment", "segment")):
        options = [o for o in multiselect_options(app_page, label) if o != "Select all"]
        assert options, f"the {label} filter offers no options"
        before = runs_done(app_page)
        set_multiselect(app_page, label, options[0])
        wait_until_settled(app_page, before)
        _assert_clean(app_page, f"{app_def.title} with {label}={options[0]}")
        assert parse_qs(urlparse(app_page.url).query).get(key) == [options[0]], app_page.url
    screenshot(app_page, f"filtered-{app_def.slug}")


def test_page_switches_keep_the_filters_and_stay_clean(app_page):
    """Click through every nav link from a filtered deep link: each page settles, the filter stays in the URL."""
    open_page(app_page, PAGES[-1].url_path, query="region=East")
    wait_until_settled(app_page)
    for app_def in PAGES:
        before = runs_done(app_page)
        app_page.locator(NAV_LINK).filter(has_text=app_def.title).first.click()
        wait_until_settled(app_page, before)
        url = urlparse(app_page.url)
        assert url.path.strip("/") == app_def.url_path
        assert parse_qs(url.query).get("region") == ["East"], f"{app_def.title}: filter lost ({app_page.url})"
        _assert_clean(app_page, f"switch to {app_def.title}")

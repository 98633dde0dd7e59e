"""Province map in Chromium: the canvas paints, hovering shows a tooltip, clicks select, nothing leaves the machine.

Click targets are computed, not guessed: the page's own builders give each
symbol's pixel offset, and the Web-Mercator projection of the initial view
(map_geometry.project, deck.gl's 512-px world) gives its place on the canvas.
The `app_page` fixture fails the test if any request goes to another host.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.data import data_layer
from components.domain import map_data
from components.geo import map_geometry, maps
from tests.browser.conftest import screenshot
from tools.browser_probe import open_page, problems, wait_for_app, wait_for_map

DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'


@pytest.fixture(scope="module")
def default_markers():
    provinces, places, companies = (data_layer.table(n) for n in ("provinces", "places", "companies"))
    hqs = map_data.company_hqs(companies, places, provinces)
    markers = map_data.map_markers(map_data.map_items(places, hqs, provinces, map_data.KIND_ORDER), {})
    markers["offset"] = map_geometry.spread_markers(markers, maps.CHINA_VIEW.zoom)
    return markers.set_index("id")


def canvas_point(page, lat: float, lon: float, offset=(0.0, 0.0)) -> tuple[float, float]:
    """Where (lat, lon) plus a screen offset is drawn in the initial view, in page coordinates."""
    box = page.locator(DECK_CANVAS).first.bounding_box()
    view = maps.CHINA_VIEW
    x0, y0 = map_geometry.project(view.latitude, view.longitude, view.zoom)
    x, y = map_geometry.project(lat, lon, view.zoom)
    return box["x"] + box["width"] / 2 + (x - x0) + offset[0], box["y"] + box["height"] / 2 + (y - y0) + offset[1]


def panel_heading(page, text: str):
    return page.locator('[data-testid="stHeading"]').filter(has_text=text).first


def hover_until_tooltip(page, x: float, y: float, text: str):
    """Hover like a user before clicking: the tooltip proves the object is picked there (and the first
    pick, which compiles deck.gl's picking shaders, is out of the way before the click is timed)."""
    page.mouse.move(x, y)
    tooltip = page.locator(".deck-tooltip").filter(has_text=text)
    tooltip.wait_for()
    return tooltip


def click_map(page, x: float, y: float, attempts: int = 3) -> None:
    """Click the canvas; click again only if no script run started.

    deck.gl reports a click as a "tap", which fails when the pointer-down
    picking pass takes longer than the tap's time limit. That happens only when
    the CPU is starved (software WebGL on a loaded CI machine); a user would
    simply click again, and so does the test. A click that did register always
    starts a run, so a second click never undoes a first one.
    """
    for _ in range(attempts):
        transitions = page.evaluate("() => window.__hcai.states.length")
        page.mouse.click(x, y)
        try:
            page.wait_for_function("(n) => window.__hcai.states.length > n", arg=transitions, timeout=8_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"{attempts} clicks at ({x:.0f}, {y:.0f}) started no run")


def wait_for_selection_in_url(page, value: str) -> None:
    page.wait_for_function("(v) => new URLSearchParams(location.search).get('map.selected') === v", arg=value)


def test_map_renders_offline_and_a_click_on_a_point_opens_its_details(app_page, default_markers):
    open_page(app_page, "province-map")
    wait_for_map(app_page)
    assert problems(app_page) == []
    place = data_layer.table("places").set_index("place_id").loc["hub_chengdu"]
    marker = default_markers.loc["place:hub_chengdu"]
    x, y = canvas_point(app_page, marker["lat"], marker["lon"], marker["offset"])

    tooltip = hover_until_tooltip(app_page, x, y, place["name"])
    assert "Source:" in tooltip.inner_text()

    click_map(app_page, x, y)
    wait_for_selection_in_url(app_page, "place:hub_chengdu")
    panel_heading(app_page, place["name"]).wait_for()
    wait_for_app(app_page)
    assert problems(app_page) == []
    screenshot(app_page, "province-map-point-selected")


def test_a_shared_link_opens_on_its_selection_and_a_province_click_replaces_it(app_page, default_markers):
    provinces = data_layer.table("provinces").set_index("province_code")
    guangdong, xinjiang = provinces.loc["CN-GD"], provinces.loc["CN-XJ"]
    open_page(app_page, "province-map", "map.selected=province:CN-GD")
    wait_for_map(app_page)
    panel_heading(app_page, guangdong["name"]).wait_for()

    # Xinjiang's label point is far from every symbol, so the click lands on the province itself.
    x, y = canvas_point(app_page, xinjiang["label_lat"], xinjiang["label_lon"])
    hover_until_tooltip(app_page, x, y, xinjiang["name"])
    click_map(app_page, x, y)
    wait_for_selection_in_url(app_page, "province:CN-XJ")
    panel_heading(app_page, xinjiang["name"]).wait_for()
    wait_for_app(app_page)
    assert panel_heading(app_page, guangdong["name"]).count() == 0

    app_page.get_by_role("button", name="Clear selection", exact=True).click()
    app_page.wait_for_function("() => !new URLSearchParams(location.search).has('map.selected')")
    app_page.get_by_text("Where the activity is").wait_for()
    wait_for_app(app_page)
    assert problems(app_page) == []

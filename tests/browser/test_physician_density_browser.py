"""Physician density in Chromium: four charts drawn, controls update them and the URL, nothing leaves the machine.

The offline guard lives in the `app_page` fixture: any request to a host other
than the loopback server fails the test.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from components.data import data_layer
from components import format as fmt
from tests.browser.conftest import screenshot
from tools.browser_probe import open_page, problems, wait_for_app, wait_for_charts

PATH = "physician-density"
CHARTS = 4  # headline, gap, official, provinces
CHART = '[data-testid="stVegaLiteChart"]'
METRIC_VALUE = '[data-testid="stMetricValue"]'


def _headline(iso3: str) -> float:
    density = data_layer.table("physician_density")
    return float(density[(density["series"] == "headline") & (density["iso3"] == iso3)].iloc[0]["value_per_1000"])


def _population() -> float:
    facts = data_layer.table("facts")
    return float(facts[facts["fact_id"] == "china_population"].iloc[0]["value"])


def _metrics(page) -> list[str]:
    return [e.inner_text().strip() for e in page.query_selector_all(METRIC_VALUE)]


def test_page_draws_every_chart_without_errors(app_page):
    open_page(app_page, PATH)
    wait_for_charts(app_page, CHARTS)
    assert app_page.locator(CHART).count() == CHARTS
    assert problems(app_page) == []
    expected = (_headline("USA") - _headline("CHN")) * _population() / 1000
    assert fmt.people(expected) in _metrics(app_page)
    screenshot(app_page, "physician-density-default")


def test_productivity_slider_updates_the_chart_the_metric_and_the_url(app_page):
    open_page(app_page, PATH)
    wait_for_charts(app_page, CHARTS)
    gap_chart = app_page.locator(CHART).nth(1)
    before = gap_chart.screenshot()
    label = app_page.get_by_text("AI gain of 20% adds")
    assert label.count() == 1

    thumb = app_page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    thumb.press("ArrowRight")  # step 5: 20% -> 25%
    app_page.get_by_text("AI gain of 25% adds").wait_for()
    wait_for_app(app_page)
    wait_for_charts(app_page, CHARTS)

    equivalents = _headline("CHN") * _population() / 1000 * 0.25
    assert fmt.people(equivalents) in _metrics(app_page)
    assert parse_qs(urlparse(app_page.url).query).get("density.ai_gain_pct") == ["25"]
    assert app_page.locator(CHART).nth(1).screenshot() != before, "the gap chart did not redraw"
    assert problems(app_page) == []
    screenshot(app_page, "physician-density-gain-25")


def test_population_input_updates_the_gap(app_page):
    open_page(app_page, PATH)
    wait_for_charts(app_page, CHARTS)
    field = app_page.get_by_role("spinbutton", name="China's population (billion)")
    field.fill("1.2")
    field.press("Enter")
    expected = fmt.people((_headline("USA") - _headline("CHN")) * 1.2e9 / 1000)
    app_page.locator(METRIC_VALUE, has_text=expected).first.wait_for()
    wait_for_app(app_page)
    assert parse_qs(urlparse(app_page.url).query).get("density.population_bn") == ["1.2"]
    assert problems(app_page) == []


def test_invalid_link_values_show_a_notice(app_page):
    open_page(app_page, PATH, "density.ai_gain_pct=999")
    wait_for_charts(app_page, CHARTS)
    notice = app_page.locator('[data-testid="stAlertContentWarning"]').first
    assert "density.ai_gain_pct" in notice.inner_text()
    assert app_page.get_by_text("AI gain of 20% adds").count() == 1
    assert problems(app_page) == []

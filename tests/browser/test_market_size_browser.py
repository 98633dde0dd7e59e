"""Market size in Chromium: every series drawn, the projector responds, links reproduce, nothing leaves the machine.

Expected values are computed from the data layer here; the `app_page` fixture
fails the test on any request to a host other than the loopback server.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlparse

from components.data import data_layer, source_names
from components.domain import market
from components.views import market_size
from tests.browser.conftest import screenshot
from tools.browser_probe import open_page, problems, wait_for_app, wait_for_charts

PATH = "market-size"
N_CHARTS = 2          # the key chart and the chart of the open tab (the others run when opened)
SCENARIO_TAB = {market_size.TAB_KEY: "Scenario projector"}


def _figures():
    sources = data_layer.sources()
    return market.figures(data_layer.table("market_size"), source_names.namer(sources), source_names.colours(sources))


def _legend(page, title: str) -> list[str]:
    """Labels of the legend with this title in the first chart (Vega renders SVG here)."""
    return page.evaluate(
        """(title) => {
            const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
            const legend = [...chart.querySelectorAll('.role-legend')]
                .find(l => l.querySelector('.role-legend-title text')?.textContent === title);
            return legend ? [...legend.querySelectorAll('.role-legend-label text')].map(t => t.textContent) : [];
        }""", title)


def _metric_value(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _combobox(page, key: str):
    """A selectbox's input by its widget key (Streamlit turns '.' into '-' in the class name)."""
    return page.locator(f".st-key-{key.replace('.', '-')} [role='combobox']")


def _selected(page, key: str) -> str:
    return _combobox(page, key).input_value()


def _choose(page, key: str, option: str) -> None:
    """Open the selectbox's list (click, then ArrowDown if the click only focused it) and pick the option."""
    box = _combobox(page, key)
    box.scroll_into_view_if_needed()
    box.click()
    if box.get_attribute("aria-expanded") != "true":
        box.press("ArrowDown")
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    listbox.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(option)}$")).click()
    wait_for_app(page)


def test_chart_draws_one_series_per_source_and_scope(app_page):
    open_page(app_page, PATH)
    wait_for_charts(app_page, N_CHARTS)
    data = _figures()
    expected = list(dict.fromkeys(data["series_name"]))
    assert len(expected) == data.groupby(["source_id", "scope"]).ngroups
    assert _legend(app_page, "Source") == expected
    assert problems(app_page) == []
    screenshot(app_page, "market-size-default")


def test_projector_responds_and_the_link_reproduces_it(app_page):
    open_page(app_page, PATH, urlencode(SCENARIO_TAB))
    wait_for_charts(app_page, N_CHARTS)
    data = _figures()
    last = int(market.totals(data)["year"].max())
    base = next(b for b in market.base_options(data) if b.label == _selected(app_page, "market.base"))
    before = _metric_value(app_page, f"Scenario, {last}")
    assert before == f"US${base.value * (1 + _rate(app_page, data) / 100) ** (last - base.year):,.2f} bn"

    other = next(r for r in market.rate_options(data) if r.label != _selected(app_page, "market.rate")
                 and r.rate_pct != _rate(app_page, data))
    _choose(app_page, "market.rate", other.label)
    want = f"US${base.value * (1 + other.rate_pct / 100) ** (last - base.year):,.2f} bn"
    app_page.wait_for_function(
        """([label, want]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
              .some(m => m.innerText.includes(label) && m.innerText.includes(want))""",
        arg=[f"Scenario, {last}", want])
    assert want != before
    query = parse_qs(urlparse(app_page.url).query)
    assert query.get("market.rate") == [other.label]
    assert problems(app_page) == []

    # The address bar now carries the scenario: opening it afresh shows the same figure.
    open_page(app_page, PATH, urlencode({"market.rate": other.label, **SCENARIO_TAB}))
    wait_for_charts(app_page, N_CHARTS)
    assert _metric_value(app_page, f"Scenario, {last}") == want


def test_custom_scenario_from_a_link_and_a_bad_value_gives_a_notice(app_page):
    data = _figures()
    last = int(market.totals(data)["year"].max())
    horizon = max(market.horizons(data))
    query = urlencode({"market.base": market.CUSTOM, "market.custom_base": "4", "market.custom_year": "2024",
                       "market.rate": market.CUSTOM_RATE, "market.custom_rate": "35",
                       "market.horizon": str(horizon), "market.scale": "Log", **SCENARIO_TAB})
    open_page(app_page, PATH, query)
    wait_for_charts(app_page, N_CHARTS)
    assert _metric_value(app_page, f"Scenario, {last}") == f"US${4 * 1.35 ** (last - 2024):,.2f} bn"
    assert _metric_value(app_page, f"Scenario, {horizon}") == f"US${4 * 1.35 ** (horizon - 2024):,.2f} bn"
    assert problems(app_page) == []
    screenshot(app_page, "market-size-scenario")

    open_page(app_page, PATH, urlencode({"market.horizon": "2099", **SCENARIO_TAB}))
    wait_for_charts(app_page, N_CHARTS)
    notice = app_page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="Ignored")
    assert notice.count() == 1
    assert problems(app_page) == []


def _rate(page, data) -> float:
    label = _selected(page, "market.rate")
    return next(r.rate_pct for r in market.rate_options(data) if r.label == label)

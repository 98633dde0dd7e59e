"""Every page renders through app.py with real numbers from the data layer."""
from __future__ import annotations

import pytest

from components.data import data_layer
from tests.conftest import PAGES, page_text, run_page

TITLES = {
    "overview": "Healthcare AI in China",
    "market_size": "Market size",
    "province_map": "Province map",
    "physician_density": "Physician density",
    "barriers_strategy": "Barriers & strategy",
    "sources_method": "Sources & method",
}


def _a_real_number(page: str) -> str:
    """One figure each page must show, read from the data layer (not typed here)."""
    density = data_layer.table("physician_density")
    market = data_layer.table("market_size")
    if page in ("overview", "physician_density"):
        china = density[(density["series"] == "headline") & (density["iso3"] == "CHN")].iloc[0]
        return f"{china['value_per_1000']:g}"
    if page == "market_size":
        return f"{market[market['row_id'] == 'cb2-2030'].iloc[0]['value_usd_bn']:g}"
    if page == "barriers_strategy":
        return data_layer.table("barriers").iloc[0]["name"]
    if page == "province_map":
        return "Natural Earth"
    return data_layer.table("sources").iloc[0]["title"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_renders_with_real_data(page):
    at = run_page(PAGES[page])
    assert not at.exception, at.exception
    assert at.title[0].value == TITLES[page]
    text = page_text(at)
    if page == "sources_method":
        assert _a_real_number(page) in at.dataframe[0].value.to_string() or _a_real_number(page) in text
    elif page == "market_size":
        frames = " ".join(d.value.to_string() for d in at.dataframe)
        assert _a_real_number(page) in text + frames
    else:
        assert _a_real_number(page) in text
    assert "Sources checked on" in text


def test_footer_counts_sources():
    at = run_page()
    n = len(data_layer.sources())
    assert f"{n} sources" in page_text(at)


def test_valid_global_filters_apply_from_url():
    segment = data_layer.table("segments").iloc[0]["name"]
    at = run_page(query={"segment": segment, "region": "West"})
    assert at.session_state["segment"] == [segment]
    assert at.session_state["region"] == ["West"]
    assert not at.warning


@pytest.mark.parametrize("query", [
    {"segment": "<script>alert(1)</script>"},
    {"region": "x" * 10_000},
    {"segment": "Nonexistent segment"},
    {"unknown_key": "1"},
    {"region": ["West", "$\\\\LaTeX$ [link](http://evil.example)"]},
])
def test_hostile_url_values_give_a_notice_not_an_exception(query):
    at = run_page(query=query)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "Ignored" in warnings
    assert "<script>" not in warnings and "evil.example" not in warnings and "xxxxxxxx" not in warnings


def test_broken_file_shows_clear_message_and_other_pages_still_work(data_copy):
    path = data_copy / "barriers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("talent,", "regulatory,"), encoding="utf-8")
    at = run_page(PAGES["barriers_strategy"])
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "barriers.csv" in message and "row 5" in message and "barrier\\_id" in message
    other = run_page(PAGES["physician_density"])
    assert not other.exception and not other.error

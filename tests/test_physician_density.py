"""Physician density page: the gap arithmetic, its wording, the charts, and the page through app.py.

Numbers are read from the data layer here and recomputed by hand where the
point is the arithmetic, so a wrong formula or a typed-in copy of the data fails.
"""
from __future__ import annotations

import math

import pytest

from streamlit.testing.v1 import AppTest

from components import theme
from components.charts import density_charts
from components.data import data_layer
from components.domain import physicians
from components import format as fmt
from tests.conftest import PAGES, open_link, page_text, run_page

PAGE = PAGES["physician_density"]
EXPORTS = "_export_items"


@pytest.fixture(scope="module")
def density():
    return data_layer.table("physician_density")


@pytest.fixture(scope="module")
def headline(density):
    return physicians.headline_rows(density)


def _value(headline, iso3: str) -> float:
    return float(headline[headline["iso3"] == iso3].iloc[0]["value_per_1000"])


def _population() -> float:
    facts = data_layer.table("facts")
    return float(facts[facts["fact_id"] == "china_population"].iloc[0]["value"])


def run_with_link(query: dict) -> AppTest:
    return open_link(PAGE, query)


def _chart_data(at, key: str):
    return next(item["data"] for item in at.session_state[EXPORTS] if item["key"] == key)


# ---- the arithmetic --------------------------------------------------------------------------

def test_gap_is_density_difference_times_population_per_thousand():
    assert physicians.extra_physicians(4.2, 2.4, 1.4e9) == pytest.approx(2_520_000)
    assert physicians.extra_physicians(4.3, 2.4, 1.4e9) == pytest.approx(2_660_000)
    assert fmt.people(physicians.extra_physicians(4.2, 2.4, 1.4e9)) == "2.52 million"
    assert fmt.people(physicians.extra_physicians(4.3, 2.4, 1.4e9)) == "2.66 million"


def test_no_negative_gap_when_china_is_already_there():
    assert physicians.extra_physicians(2.0, 2.4, 1.4e9) == 0
    table = physicians.gap_table(2.4, {"Somewhere": 2.0}, 1.4e9, 20)
    assert math.isnan(table.iloc[0]["share_of_gap_closed"])
    assert "no gap" in physicians.gap_sentence(table.iloc[0])


def test_ai_gain_counts_todays_physicians_times_the_gain():
    # 2.4 per 1,000 of 1.4 billion = 3.36 million physicians; 20 % of that = 0.672 million.
    table = physicians.gap_table(2.4, {"United States": 4.2, "Germany": 4.3}, 1.4e9, 20)
    assert table["china_physicians"].iloc[0] == pytest.approx(3_360_000)
    assert table["ai_physician_equivalents"].iloc[0] == pytest.approx(672_000)
    assert list(table["share_of_gap_closed"]) == pytest.approx([672_000 / 2_520_000, 672_000 / 2_660_000])


def test_share_closed_is_capped_and_zero_gain_closes_nothing():
    assert physicians.share_closed(3e6, 1e6) == 1.0
    table = physicians.gap_table(2.4, {"United States": 4.2}, 1.4e9, 0)
    assert table.iloc[0]["share_of_gap_closed"] == 0
    assert "closes none of the gap" in physicians.coverage_sentence(table)


def test_sentences_show_the_arithmetic_in_words():
    table = physicians.gap_table(2.4, {"United States": 4.2}, 1.4e9, 20)
    assert physicians.gap_sentence(table.iloc[0]) == (
        "To match the United States: (4.2 − 2.4) × 1.4 billion ÷ 1,000 = 2.52 million more physicians.")
    words = physicians.coverage_sentence(table)
    assert "3.36 million physicians." in words and "0.67 million" in words
    assert "27% of the gap to the United States" in words


def test_share_span_reads_as_a_range():
    assert fmt.share_span([0.2526, 0.2667]) == "25–27%"
    assert fmt.share_span([0.5, 0.5]) == "50%"


# ---- picking rows ----------------------------------------------------------------------------

def test_official_rows_never_include_the_national_definition(density):
    official = physicians.official_rows(density)
    assert set(official["series"]) == {"official"}
    assert not official["definition"].str.contains("assistant").any()


def test_latest_official_prefers_the_most_recent_year_then_file_order(density):
    official = physicians.official_rows(density)
    china = physicians.latest_official_for(official, "CHN")
    first_in_file = density[(density["series"] == "official") & (density["iso3"] == "CHN")]
    newest = first_in_file[first_in_file["year"] == first_in_file["year"].max()].iloc[0]
    assert china["row_id"] == newest["row_id"]
    assert physicians.latest_official_for(official, "XXX") is None


def test_provinces_exclude_rows_without_a_figure_and_follow_the_region_filter():
    provinces = data_layer.table("provinces")
    every = physicians.provinces_with_density(provinces)
    assert every["licensed_physicians_per_1000_2018"].notna().all()
    assert len(every) == provinces["licensed_physicians_per_1000_2018"].notna().sum()
    west = physicians.provinces_with_density(provinces, lambda region: region == "West")
    assert set(west["region"]) == {"West"} and 0 < len(west) < len(every)


def test_titles_state_the_finding(headline):
    china, usa = _value(headline, "CHN"), _value(headline, "USA")
    assert f"{round(100 * china / usa)}%" in physicians.headline_chart_title(headline)
    provinces = physicians.provinces_with_density(data_layer.table("provinces"))
    top = provinces.iloc[0]
    assert physicians.province_chart_title(provinces).startswith(f"{top['name']} has ")


# ---- chart builders --------------------------------------------------------------------------

def test_density_bars_are_sorted_with_china_highlighted_and_source_in_tooltip(headline):
    frame = headline.assign(source_name="Market overview article")
    spec = density_charts.density_bars_chart(frame, title="t").to_dict()
    bars, labels = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == list(frame.sort_values("value_per_1000", ascending=False)["country"])
    assert bars["encoding"]["color"]["condition"]["value"] == theme.HIGHLIGHT
    assert "source_name" in [t["field"] for t in bars["encoding"]["tooltip"]]
    assert labels["mark"]["type"] == "text"


def test_gap_chart_caps_the_covered_part_at_the_gap():
    table = physicians.gap_table(2.4, {"United States": 4.2}, 1.4e9, 50).assign(source_name="x")
    spec = density_charts.gap_coverage_chart(table, title="t").to_dict()
    rows = next(iter(spec["datasets"].values()))
    covered = next(r for r in rows if r["measure"] == density_charts.GAP_MEASURES[1])
    missing = next(r for r in rows if r["measure"] == density_charts.GAP_MEASURES[0])
    assert covered["millions"] == pytest.approx(1.68)    # 50 % of 3.36 million, below the 2.52 million gap
    assert covered["millions"] + missing["millions"] == pytest.approx(2.52)
    over = physicians.gap_table(2.4, {"United States": 2.5}, 1.4e9, 50).assign(source_name="x")
    rows = next(iter(density_charts.gap_coverage_chart(over).to_dict()["datasets"].values()))
    assert sum(r["millions"] for r in rows if r["measure"] == density_charts.GAP_MEASURES[1]) == pytest.approx(0.14)


# ---- the page through app.py -----------------------------------------------------------------

def test_headline_values_from_the_data_layer_appear(headline):
    at = run_page(PAGE)
    assert not at.exception, at.exception
    text = page_text(at)
    for row in headline.to_dict("records"):
        assert f"{row['value_per_1000']:g}" in text, row["country"]
    shown = _chart_data(at, "density.headline")
    assert sorted(shown["value_per_1000"]) == sorted(headline["value_per_1000"])


def test_default_gap_uses_the_sourced_population_and_densities(headline):
    at = run_page(PAGE)
    population, china = _population(), _value(headline, "CHN")
    for iso3 in ("USA", "DEU"):
        expected = (_value(headline, iso3) - china) * population / 1000
        assert fmt.people(expected) in [m.value for m in at.metric]
    assert f"× {fmt.population(population)} ÷ 1,000" in page_text(at)


def test_gap_arithmetic_for_given_inputs_from_the_url():
    # Inputs differ from every default, so the defaults cannot make this pass.
    at = run_with_link({"density.population_bn": "1.25", "density.chn_per_1000": "2.6",
                        "density.usa_per_1000": "4.0", "density.deu_per_1000": "4.5",
                        "density.ai_gain_pct": "35"})
    assert not at.warning
    text = page_text(at)
    assert "(4 − 2.6) × 1.25 billion ÷ 1,000 = 1.75 million" in text          # 1.4 × 1.25e9 / 1e3
    assert "(4.5 − 2.6) × 1.25 billion ÷ 1,000 = 2.38 million" in text        # 1.9 × 1.25e9 / 1e3 = 2.375
    assert [m.value for m in at.metric][:3] == ["1.75 million", "2.38 million", "1.14 million"]  # 3.25e6 × 0.35


def test_changing_the_population_control_changes_the_gap(headline):
    at = run_page(PAGE)
    at.number_input(key="density.population_bn").set_value(1.2).run()
    expected = (_value(headline, "USA") - _value(headline, "CHN")) * 1.2e9 / 1000
    assert at.metric[0].value == fmt.people(expected)


def test_changing_the_productivity_control_changes_the_covered_share(headline):
    at = run_page(PAGE)
    before = _chart_data(at, "density.gap")["share_of_gap_closed"].tolist()
    at.slider(key="density.ai_gain_pct").set_value(40).run()
    population, china, usa = _population(), _value(headline, "CHN"), _value(headline, "USA")
    expected = min(1.0, china * population / 1000 * 0.40 / ((usa - china) * population / 1000))
    after = _chart_data(at, "density.gap")
    us_share = after[after["country"] == "United States"].iloc[0]["share_of_gap_closed"]
    assert us_share == pytest.approx(expected)
    assert after["share_of_gap_closed"].tolist() != before
    assert f"{fmt.share(expected)} of the gap to the United States" in page_text(at)
    assert "an illustration of the arithmetic, not a forecast" in page_text(at)


def test_every_chart_has_its_data_for_the_csv_download():
    at = run_page(PAGE)
    keys = [item["key"] for item in at.session_state[EXPORTS]]
    assert keys == ["density.headline", "density.gap", "density.official", "density.provinces"]
    assert len(at.get("download_button")) >= len(keys)


def test_official_statistics_shown_apart_with_year_definition_and_source(density):
    at = run_page(PAGE)
    official = _chart_data(at, "density.official")
    assert set(official["source_id"]) == set(density[density["series"] == "official"]["source_id"])
    assert {"year", "definition", "source_name"} <= set(official.columns)
    assert not set(official["source_id"]) & set(density[density["series"] == "national_definition"]["source_id"])
    nhc = density[density["series"] == "national_definition"].sort_values("year").iloc[-1]
    assert f"{nhc['value_per_1000']:g} licensed and assistant physicians" in page_text(at)


def test_context_statements_are_shown_with_their_source():
    at = run_page(PAGE)
    text = page_text(at)
    context = data_layer.table("context_statements")
    for row in context[context["page"] == "physician_density"].to_dict("records"):
        assert row["statement"] in text


def test_region_filter_limits_the_province_chart():
    at = run_page(PAGE, query={"region": "West"})  # a global filter: known on the start page too
    provinces = _chart_data(at, "density.provinces")
    assert set(provinces["region"]) == {"West"}


@pytest.mark.parametrize("query", [
    {"density.ai_gain_pct": "999"},
    {"density.ai_gain_pct": "<script>alert(1)</script>"},
    {"density.usa_per_1000": "abc"},
    {"density.population_bn": "-1"},
])
def test_invalid_url_values_give_a_notice_and_the_defaults(query, headline):
    at = run_with_link(query)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # notices are markdown-escaped
    assert "Ignored" in warnings and next(iter(query)) in warnings
    assert "<script>" not in warnings
    assert at.slider(key="density.ai_gain_pct").value == 20
    assert at.number_input(key="density.usa_per_1000").value == pytest.approx(_value(headline, "USA"))


def test_a_long_chart_title_wraps_instead_of_being_cut_off(headline):
    title = physicians.headline_chart_title(headline)
    assert len(title) > density_charts.TITLE_CHARS          # the page's own headline finding is that long
    spec = density_charts.density_bars_chart(headline, title=title).to_dict()
    lines = spec["title"]["text"]
    assert isinstance(lines, list) and len(lines) > 1
    assert all(len(line) <= density_charts.TITLE_CHARS for line in lines)
    assert " ".join(lines) == title

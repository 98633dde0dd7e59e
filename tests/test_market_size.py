"""Market size: the arithmetic (components.domain.market), the view model (components.views.market_size) and the page
through app.py.

Expected numbers are computed here from the data layer's rows with plain
formulas, never copied from the CSV, so an edit to the data or a slip in the
module shows up as a failure.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from streamlit.testing.v1 import AppTest

from components import pages
from components.data import data_layer, source_names
from components.domain import market
from components.ui import markdown, view_runner
from components import format as fmt
from components.views import market_size as view_model
from components.views.base import GlobalFilters
from tests.conftest import PAGES, open_link, page_text, run_page

PAGE = PAGES["market_size"]


RECONCILE, SCENARIO, SEGMENTS, FACTS = view_model.TABS


def deep_link(query: dict) -> AppTest:
    return open_link(PAGE, query)


def with_tab(label: str, query: dict | None = None) -> AppTest:
    """The page with one of its lazy tabs open (a closed tab's content does not run)."""
    return open_link(PAGE, {view_model.TAB_KEY: label, **(query or {})})


def _rows() -> pd.DataFrame:
    return data_layer.table("market_size")


def _row(row_id: str) -> dict:
    rows = _rows()
    return rows[rows["row_id"] == row_id].iloc[0].to_dict()


def _figures() -> pd.DataFrame:
    return market.figures(_rows(), source_names.namer(data_layer.sources()))


def _growth(start: float, end: float, years: int) -> float:
    return ((end / start) ** (1 / years) - 1) * 100


def _stated_usd(value: float) -> str:
    return f"US${value:g} bn"


def _everything(at) -> str:
    """Visible text plus the text of every table on the page."""
    frames = " ".join(d.value.to_string() for d in at.dataframe)
    return page_text(at) + "\n" + frames


def _first_total_row(source_id: str) -> dict:
    rows = _rows()
    rows = rows[(rows["source_id"] == source_id) & (rows["scope"] == market.TOTAL_SCOPE)]
    return rows.sort_values("year").iloc[0].to_dict()


# --- the arithmetic -----------------------------------------------------------

def test_implied_cagr_1_59_to_18_88_is_about_42_4_percent():
    start, end = _row("cb2-2023"), _row("cb2-2030")
    years = end["year"] - start["year"]
    rate = market.cagr(start["value_usd_bn"], end["value_usd_bn"], years)
    assert rate == pytest.approx(_growth(start["value_usd_bn"], end["value_usd_bn"], years))
    assert round(rate, 1) == 42.4


def test_every_point_pair_of_every_source_gets_its_implied_rate():
    implied = _figures().pipe(market.implied_cagrs)
    rows = _rows()
    expected_pairs = 0
    for (_, _), group in rows.groupby(["source_id", "scope"]):
        group = group.sort_values("year").to_dict("records")
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                expected_pairs += 1
                got = implied[(implied["source_id"] == a["source_id"]) & (implied["from_year"] == a["year"])
                              & (implied["to_year"] == b["year"])].iloc[0]
                years = b["year"] - a["year"]
                if pd.notna(a["value_usd_bn"]):
                    want = _growth(a["value_usd_bn"], b["value_usd_bn"], years)
                    assert got["implied_low_pct"] == pytest.approx(want)
                    assert got["implied_high_pct"] == pytest.approx(want)
                else:
                    # A range: low end to low end and high end to high end, never a midpoint.
                    ends = sorted([_growth(a["low_usd_bn"], b["low_usd_bn"], years),
                                   _growth(a["high_usd_bn"], b["high_usd_bn"], years)])
                    assert got["implied_low_pct"] == pytest.approx(ends[0])
                    assert got["implied_high_pct"] == pytest.approx(ends[1])
                    assert got["widest_low_pct"] == pytest.approx(_growth(a["high_usd_bn"], b["low_usd_bn"], years))
                    assert got["widest_high_pct"] == pytest.approx(_growth(a["low_usd_bn"], b["high_usd_bn"], years))
    assert len(implied) == expected_pairs


def test_part_ii_2028_figure_is_flagged_against_its_own_path():
    start, mid, end = _row("cb2-2023"), _row("cb2-2028"), _row("cb2-2030")
    flags = market.path_flags(_figures())
    flag = next(f for f in flags if f.source_id == "china-briefing-2" and f.year == mid["year"])
    on_stated_path = start["value_usd_bn"] * (1 + start["stated_cagr_low_pct"] / 100) ** (mid["year"] - start["year"])
    needed = _growth(start["value_usd_bn"], mid["value_usd_bn"], mid["year"] - start["year"])
    after = _growth(mid["value_usd_bn"], end["value_usd_bn"], end["year"] - mid["year"])
    assert _stated_usd(mid["value_usd_bn"]) in flag.text
    assert f"US${on_stated_path:,.2f} bn" in flag.text
    assert f"{needed:.1f}%" in flag.text and f"{after:.1f}%" in flag.text
    assert set(flag.row_ids) == {"cb2-2023", "cb2-2028", "cb2-2030"}


def test_a_series_on_its_own_path_raises_no_flag():
    """The check can fail both ways: a consistent synthetic series is not flagged."""
    base = _row("cb2-2023")
    rate = base["stated_cagr_low_pct"]
    rows = pd.DataFrame([{**base, "row_id": f"s-{y}", "year": y,
                          "value_usd_bn": base["value_usd_bn"] * (1 + rate / 100) ** (y - base["year"])}
                         for y in (base["year"], base["year"] + 5, base["year"] + 7)])
    data = market.figures(rows, str)
    assert market.path_flags(data) == []
    assert set(market.implied_cagrs(data)["check"]) == {"fits the stated rate"}


def test_spread_per_year_uses_both_ends_of_ranges():
    spreads = market.spreads(_figures()).set_index("year")
    rows = _rows()
    rows = rows[rows["scope"] == market.TOTAL_SCOPE]
    for year, group in rows.groupby("year"):
        if group["source_id"].nunique() < 2:
            assert year not in spreads.index
            continue
        lows = group["value_usd_bn"].fillna(group["low_usd_bn"])
        highs = group["value_usd_bn"].fillna(group["high_usd_bn"])
        assert spreads.loc[year, "lowest_usd_bn"] == pytest.approx(lows.min())
        assert spreads.loc[year, "highest_usd_bn"] == pytest.approx(highs.max())
        assert spreads.loc[year, "high_over_low"] == pytest.approx(highs.max() / lows.min(), abs=1e-4)


def test_sub_market_is_never_in_the_totals():
    data = _figures()
    sub_ids = set(_rows().loc[_rows()["scope"] != market.TOTAL_SCOPE, "source_id"])
    assert sub_ids, "the imaging sub-market rows are expected in the data"
    assert not sub_ids & set(market.totals(data)["source_id"])
    assert all(o.source_id not in sub_ids for o in market.base_options(data))
    assert sub_ids.isdisjoint(";".join(market.spreads(data)["source_ids"]).split(";"))


def test_projector_compounds_year_by_year():
    path = market.project(2.5, 2024, 35.0, 2035)
    assert list(path["year"]) == list(range(2024, 2036))
    for year, value in zip(path["year"], path["scenario_usd_bn"]):
        assert value == pytest.approx(2.5 * 1.35 ** (year - 2024))


def test_ranges_are_labelled_with_both_ends():
    data = _figures()
    for row in data[data["is_range"]].to_dict("records"):
        assert f"{row['low_usd_bn']:g}" in row["label"] and f"{row['high_usd_bn']:g}" in row["label"]


def test_count_text_keeps_qualifiers():
    assert fmt.in_words(400_000_000, "over") == "over 400 million"
    assert fmt.in_words(1_100_000, "over") == "over 1.1 million"
    assert fmt.in_words(92, "") == "92"
    assert fmt.in_words(3000, "range", 5000) == "3,000–5,000"


# --- the view model ---------------------------------------------------------------

def _tables() -> dict:
    return {name: data_layer.table(name) for name in view_model.TABLES}


def _settings(**changes) -> view_model.Settings:
    from dataclasses import replace

    return replace(view_model.default_settings(_tables()), **changes)


def _y_scale_types(spec: dict) -> set[str]:
    """The type of every y scale in a (layered) Vega-Lite spec."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            y = node.get("encoding", {}).get("y", {})
            if isinstance(y, dict) and isinstance(y.get("scale"), dict) and "type" in y["scale"]:
                found.add(y["scale"]["type"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def test_view_default_settings_give_the_headline_and_the_default_scenario():
    tables = _tables()
    view = view_model.build(tables, GlobalFilters(), view_model.default_settings(tables))
    assert view.headline == market.headline(_figures())
    base = _first_total_row("china-briefing-2")
    last = int(_rows()[_rows()["scope"] == market.TOTAL_SCOPE]["year"].max())
    want = base["value_usd_bn"] * (1 + base["stated_cagr_low_pct"] / 100) ** (last - base["year"])
    assert view.scenario_at_last.label == f"Scenario, {last}"
    assert view.scenario_at_last.value == f"US${want:,.2f} bn"
    assert view.scenario_at_horizon is None            # the default horizon is the last year a source covers
    assert view.filter_note == ""


def test_view_slides_lead_with_the_registered_key_chart():
    view = view_model.build(_tables(), GlobalFilters(), _settings())
    assert view.slides[0].key == pages.page("market_size").key_chart == "market.sources_chart"
    assert [s.key for s in view.slides] == ["market.sources_chart", "market.implied_chart", "market.projection_chart"]
    assert pages.page("market_size").exports


def test_view_log_scale_changes_the_y_scale_of_both_value_charts():
    linear = view_model.build(_tables(), GlobalFilters(), _settings(scale="Linear"))
    log = view_model.build(_tables(), GlobalFilters(), _settings(scale="Log"))
    for chart in ("sources_chart", "projection_chart"):
        assert "log" not in _y_scale_types(getattr(linear, chart).spec)
        assert "log" in _y_scale_types(getattr(log, chart).spec)
    assert log.implied_chart.spec == linear.implied_chart.spec


def test_view_custom_base_and_rate_change_the_scenario():
    last = int(_rows()["year"].max())
    view = view_model.build(_tables(), GlobalFilters(), _settings(
        base=view_model.CUSTOM_BASE, custom_base=4.0, custom_year=2024,
        rate=view_model.CUSTOM_RATE, custom_rate=35.0, horizon=last + 5))
    assert view.scenario_at_last.value == f"US${4 * 1.35 ** (last - 2024):,.2f} bn"
    assert view.scenario_at_horizon.label == f"Scenario, {last + 5}"
    assert view.scenario_at_horizon.value == f"US${4 * 1.35 ** (last + 5 - 2024):,.2f} bn"
    assert view.scenario_sentence == "US$4.00 bn in 2024 (custom), growing 35% a year (custom)."
    table = view.projection_table.set_index("year")
    assert table.loc[2024, "scenario_usd_bn"] == pytest.approx(4.0)
    assert dict(view.projection_chart.numbers)[f"Scenario {last}"] == f"US${4 * 1.35 ** (last - 2024):,.2f} bn"


def test_view_segment_filter_narrows_the_segments_not_the_market_charts():
    tables = _tables()
    segments = data_layer.table("segments")
    chosen = segments.iloc[0]
    only = GlobalFilters((chosen["segment_id"],), (chosen["name"],))
    everything, filtered = (view_model.build(tables, f, _settings()) for f in (GlobalFilters(), only))
    for a, b in zip(everything.slides, filtered.slides):
        assert a.spec == b.spec and a.data.equals(b.data)
    assert everything.filter_note == "" and chosen["name"] in filtered.filter_note
    all_cards = view_model.segments(tables, GlobalFilters())
    some_cards = view_model.segments(tables, only)
    assert [c.name for c in all_cards.segments] == sorted(
        segments["name"], key=lambda n: not segments.set_index("name").loc[n, "fastest_growing"])
    assert [c.name for c in some_cards.segments] == [chosen["name"]]
    verticals = data_layer.table("verticals")
    assert [c.name for c in some_cards.verticals] == list(
        verticals.loc[verticals["segment_id"] == chosen["segment_id"], "name"])


def test_view_sections_read_only_their_own_files():
    """A broken facts.csv or segments.csv must stop only its section: each call declares its tables."""
    assert set(view_runner.table_names(view_model, "build")) == {"market_size", "sources"}
    assert "facts" not in view_runner.table_names(view_model, "segments")
    assert set(view_runner.table_names(view_model, "headline_facts")) == {"facts", "sources"}
    for call, names in view_model.CALL_TABLES.items():
        assert set(names) <= set(view_model.TABLES), call


def test_the_page_file_only_lays_out():
    """The page imports neither the arithmetic nor the data layer: the view model computes what it shows."""
    import re
    from pathlib import Path

    source = (Path(__file__).resolve().parent.parent / "pages" / "market_size.py").read_text(encoding="utf-8")
    imported = set(re.findall(r"^from components(?:\.\w+)? import (.+)$", source, flags=re.M))
    names = {n.strip() for line in imported for n in line.split(",")}
    assert not names & {"market", "market_charts", "chart_specs", "data_layer", "source_names"}, names
    assert "SHORT_NAMES" not in source and "source_namer" not in source


# --- the page -------------------------------------------------------------------

def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _base_label(at, source_id: str, end: str | None = None) -> str:
    name = source_names.namer(data_layer.sources())(source_id)
    options = at.selectbox(key="market.base").options
    return next(o for o in options if o.startswith(name) and (end is None or end in o))


def _rate_label(at, source_id: str, end: str | None = None) -> str:
    name = source_names.namer(data_layer.sources())(source_id)
    options = at.selectbox(key="market.rate").options
    return next(o for o in options if o.startswith(name) and (end is None or end in o))


@pytest.fixture(scope="module")
def default_run():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    return at


def test_every_source_and_figure_appears(default_run):
    text = _everything(default_run)
    rows = _rows()
    for row in rows.to_dict("records"):
        if pd.notna(row["value_usd_bn"]):
            assert _stated_usd(row["value_usd_bn"]) in text, row["row_id"]
        else:
            assert f"US${row['low_usd_bn']:g}–{row['high_usd_bn']:g} bn" in text, row["row_id"]
    for source_id in rows["source_id"].unique():
        assert source_names.namer(data_layer.sources())(source_id).split(" (")[0] in text


def test_page_shows_the_implied_rate_and_the_inconsistency(default_run):
    start, mid, end = _row("cb2-2023"), _row("cb2-2028"), _row("cb2-2030")
    text = _everything(default_run)
    assert f"{_growth(start['value_usd_bn'], end['value_usd_bn'], end['year'] - start['year']):.1f}%" in text
    warnings = " ".join(w.value for w in default_run.warning)
    assert "does not fit its own path" in warnings
    assert _stated_usd(mid["value_usd_bn"]).replace("$", "\\$") in warnings
    assert "measure different things" in " ".join(i.value for i in default_run.info)


def test_one_chart_per_section_with_every_series(default_run):
    # The key chart and the open tab's chart are drawn; every section's chart is registered for the export.
    charts = default_run.get("vega_lite_chart")
    assert len(charts) == 2
    assert [i["key"] for i in default_run.session_state["_export_items"]] == [
        "market.sources_chart", "market.implied_chart", "market.projection_chart", "market.approvals_chart"]
    for label, alt in ((SCENARIO, "Projected market path"), (FACTS, "NMPA Class III AI device approval")):
        drawn = with_tab(label).get("vega_lite_chart")
        assert len(drawn) == 2 and drawn[1].proto.alt.startswith(alt), label
    spec = json.loads(charts[0].proto.spec)
    domains = {tuple(layer["encoding"]["color"]["scale"]["domain"]) for layer in spec["layer"]
               if "scale" in layer["encoding"].get("color", {})}
    assert len(domains) == 1
    names = next(iter(domains))
    rows = _rows()
    assert len(names) == len(rows.groupby(["source_id", "scope"]))
    for source_id in rows["source_id"].unique():
        assert any(n.startswith(source_names.namer(data_layer.sources())(source_id).split(" (")[0]) for n in names)


def test_default_scenario_compounds_part_ii_base_at_its_rate():
    base = _first_total_row("china-briefing-2")
    horizon = int(_rows()["year"].max())
    want = base["value_usd_bn"] * (1 + base["stated_cagr_low_pct"] / 100) ** (horizon - base["year"])
    assert _metric(with_tab(SCENARIO), f"Scenario, {horizon}") == f"US${want:,.2f} bn"


def test_projector_follows_its_url_parameters():
    last = int(_rows()["year"].max())
    query = {"market.base": "Custom value", "market.custom_base": "4", "market.custom_year": "2024",
             "market.rate": "Custom rate", "market.custom_rate": "35", "market.horizon": str(last + 5)}
    at = with_tab(SCENARIO, query)
    assert not at.exception
    assert all("Ignored" not in w.value for w in at.warning)
    assert at.number_input(key="market.custom_base").value == 4
    assert at.number_input(key="market.custom_rate").value == 35
    assert _metric(at, f"Scenario, {last}") == f"US${4 * 1.35 ** (last - 2024):,.2f} bn"
    assert _metric(at, f"Scenario, {last + 5}") == f"US${4 * 1.35 ** (last + 5 - 2024):,.2f} bn"


def test_projector_responds_to_a_changed_rate():
    at = with_tab(SCENARIO)
    overview = _first_total_row("mkt-overview")
    at.selectbox(key="market.base").set_value(_base_label(at, "mkt-overview", "high end"))
    at.selectbox(key="market.rate").set_value(_rate_label(at, "mkt-overview", "low end")).run()
    assert not at.exception
    horizon = int(_rows()["year"].max())
    want = overview["high_usd_bn"] * (1 + overview["stated_cagr_low_pct"] / 100) ** (horizon - overview["year"])
    assert _metric(at, f"Scenario, {horizon}") == f"US${want:,.2f} bn"


def test_log_toggle_changes_the_scale():
    at = deep_link({"market.scale": "Log"})
    spec = json.dumps(json.loads(at.get("vega_lite_chart")[0].proto.spec))
    assert '"type": "log"' in spec
    at.radio(key="market.scale").set_value("Linear").run()
    assert '"type": "log"' not in json.dumps(json.loads(at.get("vega_lite_chart")[0].proto.spec))


@pytest.mark.parametrize("query", [
    {"market.base": "Not a source"},
    {"market.rate": "<script>alert(1)</script>"},
    {"market.custom_base": "abc", "market.base": "Custom value"},
    {"market.custom_rate": "1e9", "market.rate": "Custom rate"},
    {"market.horizon": "2099"},
    {"market.scale": "Cubic"},
    {"market.custom_year": "1900"},
])
def test_invalid_url_values_give_a_notice_not_an_exception(query):
    at = with_tab(SCENARIO, query)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "Ignored" in warnings
    assert "<script>" not in warnings
    # The projector still shows a scenario (the defaults).
    assert any(m.label.startswith("Scenario, ") for m in at.metric)


def test_segment_filter_changes_the_list():
    segments = data_layer.table("segments")
    verticals = data_layer.table("verticals")
    chosen = segments.iloc[0]
    others = segments[segments["segment_id"] != chosen["segment_id"]]
    at = with_tab(SEGMENTS)
    at.multiselect(key="segment").set_value([chosen["name"]]).run()
    assert not at.exception
    text = page_text(at)
    assert f"**{markdown.md(chosen['name'])}**" in text
    for name in others["name"]:
        assert f"**{markdown.md(name)}**" not in text
    for vertical in verticals.to_dict("records"):
        shown = f"**{markdown.md(vertical['name'])}**" in text
        assert shown == (vertical["segment_id"] == chosen["segment_id"]), vertical["name"]
    everything = with_tab(SEGMENTS)
    all_text = page_text(everything)
    assert all(f"**{markdown.md(n)}**" in all_text for n in segments["name"])


def test_headline_figures_come_with_their_sources():
    default_run = with_tab(FACTS)
    facts = data_layer.table("facts")
    text = page_text(default_run)
    latest = facts[facts["metric"] == "nmpa_class3_ai_devices"].sort_values("year").iloc[-1]
    assert f"{latest['value']:g}" in market.approvals_finding(
        market.nmpa_series(facts, source_names.namer(data_layer.sources())))
    chart_titles = " ".join(json.loads(c.proto.spec).get("title", {}).get("text", "")
                            for c in default_run.get("vega_lite_chart"))
    assert f"{latest['value']:g}" in chart_titles
    platforms = facts[facts["topic"] == "platforms"]
    for fact in platforms.to_dict("records"):
        value = _metric(default_run, fact["label"])
        assert value.lower() == fmt.in_words(fact["value"], fact["qualifier"])
    publishers = data_layer.sources().set_index("source_id")
    for source_id in platforms["source_id"].unique():
        assert publishers.loc[source_id, "title"] in text


def test_a_broken_facts_file_stops_only_its_section(data_copy):
    path = data_copy / "facts.csv"
    text = path.read_text(encoding="utf-8")
    latest = data_layer.table("facts").sort_values("year").iloc[-1]
    broken = text.replace(f",{latest['value']:g},,", ",not a number,,", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    at = run_page(PAGE)
    assert not at.exception
    assert "facts.csv" in " ".join(e.value for e in at.error)     # in its tab, closed or not
    # The market sections still show (and export) every chart but the approvals chart.
    assert [i["key"] for i in at.session_state["_export_items"]] == [
        "market.sources_chart", "market.implied_chart", "market.projection_chart"]
    at = with_tab(SCENARIO)
    assert "facts.csv" in " ".join(e.value for e in at.error)
    assert any(m.label.startswith("Scenario, ") for m in at.metric)

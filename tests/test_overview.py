"""Overview: every headline figure comes from the data layer, with its source; takeaways link to evidence."""
from __future__ import annotations

import pandas as pd
import pytest

from components.data import data_layer
from components.domain import catalog, headlines
from components import format as fmt
from tests.conftest import PAGES, page_text, run_page


@pytest.fixture(scope="module")
def overview():
    at = run_page()
    assert not at.exception, at.exception
    return at


def _money(row) -> str:
    """As the source gives it, qualifier first ("about US$3–5 bn")."""
    text = f"US${row['value_usd_bn']:g} bn" if pd.notna(row["value_usd_bn"]) else \
        f"US${row['low_usd_bn']:g}–{row['high_usd_bn']:g} bn"
    return f"{row['qualifier']} {text}" if row["qualifier"] else text


def test_market_size_by_source_as_the_sources_give_it(overview):
    market = data_layer.table("market_size")
    totals = market[market["scope"] == "AI in healthcare (total)"]
    values = [m.value for m in overview.metric]
    for source_id, rows in totals.groupby("source_id"):
        first = rows.sort_values("year").iloc[0]
        assert _money(first) in values, f"{source_id}'s base figure {_money(first)} is not a card"
        last = rows.sort_values("year").iloc[-1]
        assert _money(last).replace("$", "\\$") in page_text(overview) or _money(last) in page_text(overview)


def test_a_range_is_never_averaged(overview):
    market = data_layer.table("market_size")
    ranges = market[market["value_usd_bn"].isna()]
    text = page_text(overview)
    for row in ranges.to_dict("records"):
        midpoint = (row["low_usd_bn"] + row["high_usd_bn"]) / 2
        assert f"US${midpoint:g} bn" not in text and f"US\\${midpoint:g} bn" not in text


def test_stated_growth_by_source_is_shown(overview):
    market = data_layer.table("market_size")
    text = page_text(overview)
    for row in market[market["scope"] == "AI in healthcare (total)"].to_dict("records"):
        low, high = row["stated_cagr_low_pct"], row["stated_cagr_high_pct"]
        if pd.notna(low):
            assert (f"{low:g}%" if low == high else f"{low:g}–{high:g}%") in text


def test_approvals_platform_density_and_sites_come_from_the_data(overview):
    facts = data_layer.table("facts")
    values = {m.value for m in overview.metric}
    text = page_text(overview)
    approvals = facts[facts["metric"] == "nmpa_class3_ai_devices"].dropna(subset=["year"]).sort_values("year")
    latest, before = approvals.iloc[-1], approvals.iloc[-2]
    assert f"{latest['value']:g}" in values
    assert f"{before['value']:g}+" in text  # "over 50" reads "50+"
    users = facts[facts["metric"] == "pingan_registered_users"].iloc[0]
    daily = facts[facts["metric"] == "pingan_daily_consultations"].iloc[0]
    assert f"{users['value'] / 1e6:g}M+" in values
    assert f"{daily['value'] / 1e6:g}M+" in text
    density = data_layer.table("physician_density")
    china = density[(density["series"] == "headline") & (density["iso3"] == "CHN")].iloc[0]
    assert f"≈{china['value_per_1000']:g}" in values     # "approximately 2.4" in the article
    pilots = facts[facts["metric"] == "ai_diagnosis_pilot_sites"].iloc[0]
    assert f"{pilots['value']:g}" in values
    hubs = data_layer.table("places").query("kind == 'innovation_hub'")
    assert f"names {len(hubs)} regional hubs" in text
    assert "Guangdong (commercial tech)" in text and "Guangzhou" not in text
    assert "Locations not named in any source" in text


def test_every_card_names_its_source_and_quotes_it_on_hover(overview):
    sources = " ".join(c.value for c in overview.caption if c.value.startswith("Source:"))
    assert len([c for c in overview.caption if c.value.startswith("Source:")]) == len(overview.metric)
    assert "Market overview article" in sources and "China Briefing" in sources
    for metric in overview.metric:
        assert metric.help and "In the source's words" in metric.help


def test_takeaways_are_five_or_six_and_each_links_to_its_evidence(overview):
    tables = {n: data_layer.table(n) for n in ("market_size", "facts", "physician_density", "places",
                                               "fast_track_channels")}
    items = headlines.takeaways(*tables.values(), name_of=lambda s: s)
    assert 5 <= len(items) <= 6
    links = [el for el in overview.get("page_link")]
    evidence = [el for el in links if el.proto.label.startswith("Evidence:")]
    assert len(evidence) == len(items)
    targets = {el.proto.page for el in evidence}
    assert {"market-size", "physician-density", "province-map", "sources-method"} <= targets
    text = page_text(overview)
    assert "50" in text and "92" in text


def test_disagreement_callout_shows_both_figures(overview):
    market = data_layer.table("market_size")
    y2028 = market[market["year"] == 2028]
    text = page_text(overview)
    assert "Where sources disagree" in text
    for value in y2028["value_usd_bn"]:
        assert f"US\\${value:g} bn" in text  # markdown-escaped, so it is not read as LaTeX
    link = [el for el in overview.get("page_link") if el.proto.page == "sources-method"
            and "disagreement" in el.proto.label]
    assert link and "sources.tab=Disagreements" in link[0].proto.query_string


def test_quantities_read_as_the_source_qualifies_them():
    assert fmt.quantity(50, "over") == "50+"
    assert fmt.quantity(400_000_000, "over") == "400M+"
    assert fmt.quantity(1_300_000_000, "approximately") == "≈1.3B"
    assert fmt.quantity(3000, "range", 5000) == "3,000–5,000"
    assert fmt.in_words(1_100_000, "over") == "over 1.1 million"
    assert headlines.join_names(["China Briefing, Part II", "China Briefing, Part I"]) == \
        "China Briefing, Part II and Part I"


def test_sources_with_the_same_path_share_one_card():
    market = data_layer.table("market_size")
    cards = headlines.market_cards(market, name_of=lambda s: s)
    ids = [s for c in cards for s in c.source_ids]
    assert len(ids) == len(set(ids))
    # China Briefing I says "approximately US$1.59 billion", Part II "US$1.59 billion": not the same words, two cards.
    assert {c.value for c in cards if set(c.source_ids) & {"china-briefing-1", "china-briefing-2"}} == \
        {"about US$1.59 bn", "US$1.59 bn"}
    # Two sources with the very same path and wording do share one card.
    twin = market[market["source_id"] == "china-briefing-2"].assign(source_id="twin", row_id=lambda f: f["row_id"] + "-t")
    merged = headlines.market_cards(pd.concat([market, twin], ignore_index=True), name_of=lambda s: s)
    assert any(set(c.source_ids) == {"china-briefing-2", "twin"} for c in merged)


def test_disagreements_found_from_rows_not_typed():
    items = catalog.disagreements(data_layer.table("market_size"), data_layer.table("physician_density"),
                                  data_layer.table("facts"), name_of=lambda s: s)
    topics = [i.topic for i in items]
    assert "Market size 2028" in topics
    usa = next(i for i in items if i.topic.endswith("United States"))
    assert usa.conflict and "4.2" in usa.text and "2.7" in usa.text
    assert not next(i for i in items if i.topic.startswith("NMPA")).conflict


def test_broken_facts_file_stops_only_the_overview(data_copy):
    path = data_copy / "facts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",92,", ",ninety-two,"), encoding="utf-8")
    at = run_page()
    assert not at.exception
    assert "facts.csv" in " ".join(e.value for e in at.error)
    assert not run_page(PAGES["market_size"]).exception

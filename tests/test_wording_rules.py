"""Every figure reads as its source says it: qualifiers kept, no relative time words, places as named.

These rules are checked on what the pages actually show (AppTest, all text
elements) and on the pure wording code, so a new sentence that says "today"
next to a 2024 figure, or drops an "over", fails here.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from components.data import data_layer
from components.domain import headlines, map_data, market, physicians
from tests.conftest import PAGES, each_tab, page_text, run_page

RELATIVE_TIME = re.compile(r"\b(today|today's|currently|current|nowadays|now)\b", re.IGNORECASE)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _without_quotes(text: str) -> str:
    """Quotes are the sources' own words and may say 'now'; everything else is ours."""
    return QUOTED.sub("", text)


def _name_of(source_id: str) -> str:
    return source_id


# ---- pure wording -----------------------------------------------------------------------------

def test_market_qualifiers_are_data_and_travel_with_the_figure():
    rows = data_layer.table("market_size").set_index("row_id")
    assert rows.loc["sk-2025", "qualifier"] == "over"
    assert rows.loc["ov-2024", "qualifier"] == "about"
    assert rows.loc["cb1-2023", "qualifier"] == "about"
    assert market.figure_label(rows.loc["sk-2025"]) == "over US$6.8 bn"
    assert market.figure_label(rows.loc["ov-2024"]) == "about US$3–5 bn"
    assert market.figure_label(rows.loc["cb2-2023"]) == "US$1.59 bn"
    figures = market.figures(data_layer.table("market_size"), _name_of).set_index("row_id")
    assert figures.loc["sk-2025", "short_label"] == "over 6.8"


def test_every_qualified_market_figure_keeps_its_qualifier_in_every_label():
    figures = market.figures(data_layer.table("market_size"), _name_of)
    qualified = figures[figures["qualifier"].astype(str).str.len() > 0]
    assert len(qualified) >= 3
    for row in qualified.to_dict("records"):
        assert row["label"].startswith(row["qualifier"] + " "), row["row_id"]
        assert row["short_label"].startswith(row["qualifier"] + " "), row["row_id"]


def test_part_one_rate_covers_2023_to_2030_and_the_check_reads_right():
    figures = market.figures(data_layer.table("market_size"), _name_of)
    implied = market.implied_cagrs(figures).set_index(["source_id", "pair"])
    to_2030 = implied.loc[("china-briefing-1", "2023→2030")]
    assert to_2030["stated_period"] == "2023–2030"
    assert to_2030["check"] == "fits the stated rate"            # 1.59 -> 18.88 is 42.4 % a year
    to_2028 = implied.loc[("china-briefing-1", "2023→2028")]
    assert round(to_2028["implied_low_pct"], 1) == 35.8
    assert to_2028["check"] == "rate stated for 2023–2030 only"


def test_a_range_that_only_reaches_the_low_end_of_a_stated_range_says_so():
    figures = market.figures(data_layer.table("market_size"), _name_of)
    implied = market.implied_cagrs(figures).set_index(["source_id", "pair"])
    check = implied.loc[("mkt-overview", "2024→2030"), "check"]
    assert check.startswith("fits only the low end of the stated 30–40%"), check
    assert "30.8%" in check


def test_the_2030_spread_says_it_is_one_sources_range():
    figures = market.figures(data_layer.table("market_size"), lambda s: {"mkt-overview": "Overview"}.get(s, s))
    spread = market.spreads(figures).set_index("year")
    summary = spread.loc[2030, "summary"]
    assert "inside Overview's own range (US$15–25 bn)" in summary
    assert "not a gap between sources" in summary


def test_headline_sentences_name_years_not_today():
    figures = market.figures(data_layer.table("market_size"), _name_of)
    text = market.headline(figures)
    assert not RELATIVE_TIME.search(text), text
    assert "in 2023" in text and "in 2024" in text


def test_hubs_are_named_as_the_source_names_them():
    places = data_layer.table("places")
    hubs = places[places["kind"] == "innovation_hub"]
    text = headlines.hub_names(hubs)
    assert "Guangdong (commercial tech)" in text
    assert "Guangzhou" not in text
    assert "Shanghai (innovation hub)" in text
    assert "Beijing (academic + government)" in text
    assert "Chengdu and Hangzhou (emerging hubs)" in text


def test_pilot_sites_card_says_no_source_locates_them():
    card = headlines.sites_card(data_layer.table("facts"))
    assert card.value == "20"
    assert "not named in any source" in card.context
    assert "Beijing" not in card.context and "Shanghai" not in card.context
    assert "not the overview article's 20 AI diagnosis pilot sites" in map_data.pilot_sites_note(
        data_layer.table("facts"))


def test_physician_headline_carries_the_contradiction_in_the_same_sentence():
    density = data_layer.table("physician_density")
    headline = physicians.headline_rows(density)
    official = physicians.official_rows(density)
    china = physicians.china_row(headline)
    targets = headline[headline["iso3"] != "CHN"]
    table = physicians.gap_table(float(china["value_per_1000"]), dict(zip(targets["country"], targets["value_per_1000"])),
                                 1.4e9, 20)
    text = physicians.page_finding(headline, official, table, 1.4e9, _name_of)
    assert "2.52 million to 2.66 million more physicians" in text
    # OECD (via the secondary summary): the US at 2.7 in 2021; with China's official 2.5 the gap is 0.28 million.
    assert "the United States 2.7 (2021), not 4.2" in text
    assert "about 0.28 million" in text
    assert len(re.findall(r"\.(?:\s|$)", text)) <= 2   # two sentences at most: the contradiction is in them


def test_assumed_ai_gain_is_marked_as_an_assumption_in_the_title():
    table = physicians.gap_table(2.4, {"United States": 4.2, "Germany": 4.3}, 1.4e9, 20)
    title = physicians.coverage_title(table)
    assert title.startswith("If AI added 20%")
    assert "an assumption, illustrative" in title


def test_overview_density_card_shows_the_official_contradiction():
    card = headlines.density_card(data_layer.table("physician_density"), _name_of)
    assert card.value == "≈2.4"
    assert "United States 2.7 (2021)" in card.context


def test_the_overview_articles_cards_carry_a_reliability_note():
    notes = headlines.reliability_notes(data_layer.sources())
    assert "mkt-overview" in notes
    cards = headlines.with_caveats(headlines.market_cards(data_layer.table("market_size"), _name_of), notes)
    overview = [c for c in cards if "mkt-overview" in c.source_ids]
    assert overview and all("not stated" in c.caveat for c in overview)
    assert all(not c.caveat for c in cards if "mkt-overview" not in c.source_ids)


def test_a_figure_belongs_to_a_place_by_column_not_by_text():
    tables = {n: data_layer.table(n) for n in ("provinces", "places", "companies", "facts", "policies",
                                              "fast_track_channels", "segments")}
    hqs = map_data.company_hqs(tables["companies"], tables["places"], tables["provinces"])
    args = (tables["provinces"], tables["places"], hqs, tables["facts"], tables["policies"],
            tables["fast_track_channels"], {})
    shenzhen = map_data.details("hq:" + map_data.city_key("Shenzhen", "CN-GD"), *args)
    assert not shenzhen.mentions["text"].str.contains("Alibaba").any()
    hangzhou = map_data.details("hq:" + map_data.city_key("Hangzhou", "CN-ZJ"), *args)
    assert hangzhou.mentions["text"].str.contains("Alibaba Health users").any()
    hainan = map_data.details("province:CN-HI", *args)
    assert not hainan.mentions["text"].str.contains("Greater Bay Area").any()
    assert hainan.mentions["text"].str.contains("Hainan Boao Lecheng").any()


def test_non_verbatim_evidence_is_labelled():
    policies = data_layer.table("policies").set_index("policy_id")
    assert policies.loc["nmpa_announcement_47", "evidence"] == "paraphrase"
    companies = data_layer.table("companies").set_index("company_id")
    assert companies.loc["jd_health", "hq_evidence"] == "paraphrase"
    assert companies.loc["alibaba_health", "hq_evidence"] == "paraphrase"
    density = data_layer.table("physician_density")
    assert (density[density["source_id"] == "who-gho-wikipedia"]["evidence"] == "table cell").all()


def test_map_finding_says_what_it_counts():
    text = map_data.finding(pd.DataFrame({"province": ["Beijing", "Beijing", "Shanghai"]}))
    assert "map entries" in text and "counts once per role" in text


# ---- what the pages show --------------------------------------------------------------------------

@pytest.mark.parametrize("page", list(PAGES.values()), ids=list(PAGES))
def test_no_page_puts_a_relative_time_word_beside_a_figure(page):
    for at in each_tab(page):       # a closed tab's text is not on the page: open each in turn
        assert not at.exception
        text = _without_quotes(page_text(at))
        hits = [line for line in text.splitlines() if RELATIVE_TIME.search(line)]
        assert not hits, hits


def test_the_market_page_shows_every_qualifier():
    text = "\n".join(page_text(at) for at in each_tab(PAGES["market_size"])).replace("\\", "")   # markdown escapes ("US\\$") are not what the reader sees
    assert "over US$6.8 bn" in text
    assert "about US$3–5 bn" in text
    assert "about US$1.59 bn" in text


def test_the_footer_says_when_the_sources_were_checked():
    at = run_page(PAGES["overview"])
    text = page_text(at)
    assert "Sources checked on" in text
    assert "Data as of" not in text

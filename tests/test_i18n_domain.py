"""The domain's findings in Chinese: the same numbers, Chinese words, and English exactly as before.

Figures are read from the data layer; where the data does not yet carry a curated
`<column>_zh` translation (country names, hub roles, dates), the test adds one the
way data/*.csv does, so the check is on the code's wording, not on which columns
have been translated. What may stay in the original language is listed in
ALLOWED_LATIN (acronyms and proper names) and SOURCE names (titles stay as written).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from components import i18n
from components.data import data_layer, source_names
from components.domain import catalog, headlines, map_data, market, physicians, strategy

TABLES = ("market_size", "facts", "physician_density", "places", "fast_track_channels", "provinces", "companies",
          "segments", "verticals", "barriers", "entry_modes", "entry_rules", "vertical_barriers", "policies",
          "sources")

# Curated translations as data/*.csv carries them (added only where a file has no such column yet).
CURATED = {
    "physician_density": {"country": {"China": "中国", "United States": "美国", "Germany": "德国",
                                      "China (WHO)": "中国（WHO）"}},
    "places": {"named_as": {"Beijing": "北京", "Shanghai": "上海", "Guangdong": "广东", "Chengdu": "成都",
                            "Hangzhou": "杭州"},
               "source_role": {"academic + government": "学术 + 政府", "innovation hub": "创新中心",
                               "commercial tech": "商业科技", "emerging hub": "新兴枢纽"}},
    "fast_track_channels": {"name": {"Hainan Boao Lecheng": "海南博鳌乐城", "Greater Bay Area": "粤港澳大湾区"}},
    "facts": {"as_of": {"by 2023": "截至2023年", "mid-2024": "2024年年中"}},
    "market_size": {"scope": {"AI in healthcare (total)": "医疗人工智能（整体市场）",
                              "AI medical imaging only": "仅AI医学影像"}},
    "entry_modes": {"name": {"Joint venture": "合资企业", "Technology licensing": "技术许可",
                             "Wholly foreign-owned enterprise (WFOE)": "外商独资企业（WFOE）"}},
}

# Acronyms and names that stay as they are in Chinese text (the README's "中文 / English" section says which).
ALLOWED_LATIN = {"NMPA", "AI", "PIPL", "WHO", "OECD", "CT", "MRI", "CDSS", "EMR", "GDP", "USD", "US", "CSV", "PDF",
                 "PPTX", "FDA", "CE", "PMDA", "WFOE", "HK"}


def _curated(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column, mapping in CURATED.get(name, {}).items():
        if f"{column}_zh" not in frame.columns:
            frame[f"{column}_zh"] = frame[column].map(mapping)
    return frame


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: _curated(name, data_layer.table(name)) for name in TABLES}


@pytest.fixture(scope="module")
def name_of(tables):
    return source_names.namer(tables["sources"])


def _leftover_english(text: str, tables) -> list[str]:
    """Latin words in `text` other than allowed acronyms, source names and quotes."""
    name_of = source_names.namer(tables["sources"])
    names = {*source_names.short_or_label(tables["sources"]).values(), *map(name_of, tables["sources"]["source_id"])}
    for name in sorted(names, key=len, reverse=True):   # longest first: "Wikipedia, tabulating …" before "Wikipedia"
        text = text.replace(name, " ")
    text = re.sub(r"“[^”]*”", " ", text)                 # a source's title, in its own language
    words = re.findall(r"[A-Za-z][A-Za-z'\-]+", text)
    return [w for w in words if w not in ALLOWED_LATIN]


def _chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _gap_table(tables, country_names=True):
    headline = physicians.headline_rows(tables["physician_density"])
    targets = headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable")
    names = [physicians.country_name(r) if country_names else r["country"] for r in targets.to_dict("records")]
    population = float(physicians.population_default(tables["facts"])["value"])
    return headline, physicians.gap_table(2.4, dict(zip(names, targets["value_per_1000"])), population, 20)


# ---- Chinese ---------------------------------------------------------------------------------

def test_overview_headlines_in_chinese_with_the_same_figures(tables, name_of):
    with i18n.use("zh"):
        cards = headlines.market_cards(tables["market_size"], name_of)
        adoption = headlines.adoption_cards(tables["facts"], tables["physician_density"], name_of)
        takeaways = headlines.takeaways(tables["market_size"], tables["facts"], tables["physician_density"],
                                        tables["places"], tables["fast_track_channels"], name_of)
    overview = next(c for c in cards if c.source_ids == ("mkt-overview",))
    assert overview.value == "约30–50亿美元"
    assert "150–250亿美元" in overview.context and "2030年" in overview.context
    assert overview.label.startswith("2024年市场规模")
    approvals = next(c for c in adoption if "NMPA" in c.label)
    assert approvals.value == "92" and "截至2024年年中" in approvals.context and "50+" in approvals.context
    texts = [t.text for t in takeaways] + [t.link_label for t in takeaways]
    assert any("150–250亿美元" in t for t in texts)
    assert any("超过4亿" in t and "超过110万" in t for t in texts)
    assert any("超过50项" in t and "截至2023年" in t for t in texts)
    for text in texts + [c.label for c in cards + adoption] + [c.context for c in cards + adoption]:
        assert _chinese(text), text
        assert not _leftover_english(text, tables), (text, _leftover_english(text, tables))


def test_physician_finding_in_chinese_with_the_right_numbers(tables, name_of):
    with i18n.use("zh"):
        headline, table = _gap_table(tables)
        official = physicians.official_rows(tables["physician_density"]).assign(
            source_name=lambda f: f["source_id"].map(name_of))
        population = float(physicians.population_default(tables["facts"])["value"])
        finding = physicians.page_finding(headline, official, table, population, name_of)
        texts = [finding, physicians.coverage_sentence(table), physicians.coverage_title(table),
                 physicians.headline_chart_title(headline), physicians.official_chart_title(official, headline),
                 physicians.official_gap_sentence(official, headline, population),
                 physicians.province_chart_title(physicians.provinces_with_density(tables["provinces"])),
                 *[physicians.gap_sentence(r) for r in table.to_dict("records")]]
    assert finding.startswith("中国每千人口约有2.4名医师，而美国为4.2，德国为4.3")
    assert "252万至266万" in finding and "14亿" in finding and finding.endswith("。")
    assert "（假设）" in texts[1] and "假设" in texts[2]
    assert "(4.2 − 2.4) × 14亿 ÷ 1,000 = 需再增加252万名医师" in texts[-2]
    for text in texts:
        assert _chinese(text), text
        assert not _leftover_english(text, tables), (text, _leftover_english(text, tables))


def test_market_findings_in_chinese(tables, name_of):
    with i18n.use("zh"):
        figures = market.figures(tables["market_size"], name_of)
        implied = market.implied_cagrs(figures)
        flags = market.path_flags(figures)
        texts = [market.headline(figures), market.series_finding(figures), market.cagr_finding(implied),
                 market.approvals_finding(market.nmpa_series(tables["facts"], name_of)),
                 *market.scope_points(figures), market.submarket_note(figures),
                 *[f.text for f in flags], *market.rate_flags(implied, flags), *implied["check"],
                 *market.spreads(figures)["summary"], *market.scenario_verdict(20, 2030, figures),
                 *[o.text for o in market.base_options(figures) + market.rate_options(figures)]]
        labels = list(figures["label"])
    assert "150–250亿美元" in texts[0] and "2030年" in texts[0]
    assert "约30–50亿美元" in labels and "超过68亿美元" in labels
    for text in texts:
        assert _chinese(text), text
        assert not _leftover_english(text, tables), (text, _leftover_english(text, tables))


def test_projector_options_keep_english_url_values(tables, name_of):
    with i18n.use("en"):
        english = [o.label for o in market.base_options(market.figures(tables["market_size"], name_of))]
    with i18n.use("zh"):
        options = market.base_options(market.figures(tables["market_size"], name_of))
    assert [o.label for o in options] == english
    assert all(_chinese(o.text) for o in options)


def test_strategy_texts_in_chinese(tables):
    options = strategy.entry_options(tables["entry_modes"], tables["fast_track_channels"])
    answers = {"cleared": "yes", "control": "shared", "capital": "low", "speed": "fast"}
    with i18n.use("zh"):
        options = strategy.entry_options(tables["entry_modes"], tables["fast_track_channels"])
        shortlist, _ruled_out = strategy.rank_entry_paths(tables["entry_rules"], options, answers)
        headline = strategy.headline(shortlist)
        fits = [strategy.fit_label(r.score) for r in shortlist]
        matrix = strategy.entry_mode_matrix(tables["entry_modes"])
        prompts = [(_q(q.prompt), _q(q.help), [_q(label) for label in q.labels]) for q in strategy.QUESTIONS]
        groups = strategy.entry_point_groups(strategy.entry_points(tables["places"], tables["provinces"]))
    assert headline.startswith("建议从海南博鳌乐城入手") and headline.endswith("。")
    assert set(options["name"]) >= {"Joint venture", "Hainan Boao Lecheng"}   # names stay the data's values
    for text in [headline, *fits, *matrix.index, matrix.index.name, *[g["kind_label"] for g in groups],
                 *[p for prompt, help_text, labels in prompts for p in (prompt, help_text, *labels)]]:
        assert _chinese(text), text
        assert not _leftover_english(text, tables), (text, _leftover_english(text, tables))


def _q(text: str) -> str:
    return i18n._(text)


def test_map_panel_texts_in_chinese(tables):
    with i18n.use("zh"):
        hqs = map_data.company_hqs(tables["companies"], tables["places"], tables["provinces"])
        items = map_data.map_items(tables["places"], hqs, tables["provinces"], map_data.KIND_ORDER)
        names = source_names.short_or_label(tables["sources"])
        frame = map_data.province_frame(tables["provinces"], items, map_data.MEASURES[3], ("East",), names)
        beijing = frame[frame["province_code"] == "CN-BJ"].iloc[0]
        details = map_data.details("province:CN-BJ", tables["provinces"], tables["places"], hqs, tables["facts"],
                                   tables["policies"], tables["fast_track_channels"], {})
        finding = map_data.finding(items)
        note = map_data.pilot_sites_note(tables["facts"])
        kinds = [map_data.kind_label(k, plural=True) for k in map_data.KIND_ORDER]
        options = map_data.kind_options()
    assert beijing["t_title"] == "北京市" and beijing["t_kind"] == "直辖市 · 东部地区"
    assert beijing["t_detail"] == "人口（2020年）：2190万"   # format.number: people to the nearest 100,000
    assert details.title == "北京市" and details.subtitle == "直辖市 · 东部地区"
    assert details.facts[0] == ("人口（2020年人口普查）", "21,893,095")
    assert finding.startswith("在地图的") and "北京市" in finding
    assert options[0] == "Fast-track zones"          # the filter's URL values stay English
    for text in [finding, note, *kinds, *[label for label, _value in details.facts], beijing["t_source"]]:
        assert _chinese(text), text
        assert not _leftover_english(text, tables), (text, _leftover_english(text, tables))


def test_disagreements_in_chinese(tables, name_of):
    with i18n.use("zh"):
        found = catalog.disagreements(tables["market_size"], tables["physician_density"], tables["facts"], name_of)
    assert found
    for item in found:
        for text in (item.topic, item.text, item.how_shown):
            assert _chinese(text), text
            assert not _leftover_english(text, tables), (text, _leftover_english(text, tables))


# ---- English unchanged -------------------------------------------------------------------------

def test_english_is_the_default_and_unchanged(tables, name_of):
    headline, table = _gap_table(tables, country_names=False)
    population = float(physicians.population_default(tables["facts"])["value"])
    official = physicians.official_rows(tables["physician_density"]).assign(
        source_name=lambda f: f["source_id"].map(name_of))
    default = physicians.page_finding(headline, official, table, population, name_of)
    with i18n.use("en"):
        assert physicians.page_finding(headline, official, table, population, name_of) == default
    assert default.startswith("China has about 2.4 physicians per 1,000 people, against 4.2 in the United States "
                              "and 4.3 in Germany (the overview article's figures). Matching them would take 2.52 "
                              "million to 2.66 million more physicians at a population of 1.4 billion")
    figures = market.figures(tables["market_size"], name_of)
    assert market.headline(figures).startswith("The sources disagree on the market's size in their base years "
                                               "(about US$3–5 bn in 2024 vs US$1.59 bn in 2023")
    cards = headlines.market_cards(tables["market_size"], name_of)
    assert cards[0].context == "30–40% a year → US$15–25 bn by 2030"
    assert strategy.fit_label(5) == "Strong fit" and map_data.kind_label("innovation_hub") == "Regional hub"

"""Charts and the map in Chinese: the builders' own words translated, a font with the glyphs, English untouched.

The chart titles and subtitles a view passes in are the view's words (tested with the views); here only
what the builders write themselves: axis, legend and tooltip titles, legend labels, mark labels, the
Vega font, and the map's text layers and legend.
"""
from __future__ import annotations

import json
import re
import textwrap
import unicodedata

import pytest

from components import format as fmt
from components import i18n, theme
from components.charts import density_charts, market_charts, vega
from components.data import data_layer
from components.data.schemas import BOUNDARIES
from components.geo import maps
from components.views import market_size, physician_density, province_map
from components.views.base import GlobalFilters

CJK = re.compile(r"[\u3400-\u9fff]")


def _tables(module) -> dict:
    return {name: data_layer.provinces_geojson() if name == BOUNDARIES else data_layer.table(name)
            for name in (*module.TABLES, *getattr(module, "OPTIONAL", ()))}


def _market_specs(lang: str) -> list[dict]:
    tables = _tables(market_size)
    with i18n.use(lang):
        view = market_size.build(tables, GlobalFilters(), market_size.default_settings(tables))
        approvals = market_size.headline_facts(tables).approvals_chart
    return [view.sources_chart.spec, view.implied_chart.spec, view.projection_chart.spec, approvals.spec]


def _density_specs(lang: str) -> list[dict]:
    tables = _tables(physician_density)
    with i18n.use(lang):
        view = physician_density.build(tables, GlobalFilters(), physician_density.default_settings(tables))
    return [view.headline_chart.spec, view.gap_chart.spec]


def _builder_titles(spec: dict) -> list[str]:
    """Axis, legend and tooltip titles of every layer (the chart's own title is the view's)."""
    titles = []
    for layer in spec.get("layer", [spec]):
        for channel, encoding in layer.get("encoding", {}).items():
            entries = encoding if isinstance(encoding, list) else [encoding]
            for entry in entries:
                if isinstance(entry, dict) and isinstance(entry.get("title"), str):
                    titles.append(entry["title"])
    return titles


def _legend_exprs(spec: dict) -> list[str]:
    return [enc["legend"]["labelExpr"] for layer in spec.get("layer", [])
            for enc in layer.get("encoding", {}).values()
            if isinstance(enc, dict) and isinstance(enc.get("legend"), dict) and "labelExpr" in enc["legend"]]


@pytest.fixture(scope="module")
def chinese_specs():
    return _market_specs("zh") + _density_specs("zh")


@pytest.fixture(scope="module")
def english_specs():
    return _market_specs("en") + _density_specs("en")


def test_axis_legend_and_tooltip_titles_are_chinese(chinese_specs):
    for spec in chinese_specs:
        titles = _builder_titles(spec)
        assert titles
        untranslated = [t for t in titles if not CJK.search(t)]
        assert not untranslated, f"not translated: {untranslated}"


def test_english_titles_stay_english_and_name_no_font(english_specs):
    for spec in english_specs:
        assert not any(CJK.search(t) for t in _builder_titles(spec))
        assert "font" not in spec.get("config", {})
        assert not _legend_exprs(spec)
    assert "Market size (USD billion)" in json.dumps(english_specs[0])


def test_chinese_charts_name_a_cjk_font_first(chinese_specs):
    for spec in chinese_specs:
        assert spec["config"]["font"].startswith(f'"{theme.CJK_FONT}", ')
        assert spec["config"]["font"].endswith(theme.font_family("en"))


def test_legend_keys_stay_english_in_the_data_and_are_drawn_translated(chinese_specs):
    sources, _, projection, _, _, gap = chinese_specs
    # The shape legend of the market chart: "reported", "estimate", "projection" keep their keys.
    shapes = [layer["encoding"]["shape"] for layer in sources["layer"] if "shape" in layer.get("encoding", {})]
    assert shapes and shapes[0]["scale"]["domain"] == ["reported", "estimate", "projection"]
    assert any("估计值" in expr for expr in _legend_exprs(sources))
    assert any('"Scenario" ? "情景"' in expr for expr in _legend_exprs(projection))
    gap_rows = next(iter(gap["datasets"].values()))
    assert {r["measure"] for r in gap_rows} == set(density_charts.GAP_MEASURES)
    assert {r["measure_shown"] for r in gap_rows} == {i18n.translations("zh").gettext(m)
                                                        for m in density_charts.GAP_MEASURES}
    assert any("人工智能" in expr for expr in _legend_exprs(gap))


def test_mark_labels_use_the_chinese_number_formats(chinese_specs):
    gap_rows = next(iter(chinese_specs[5]["datasets"].values()))
    for row in gap_rows:
        with i18n.use("zh"):
            assert row["label"].startswith(fmt.millions(row["gap_m"] * 1e6))
        assert "万" in row["label"] and "人工智能" in row["share_text"]


def test_chinese_titles_wrap_by_width_and_never_inside_a_number():
    title = "若人工智能使每名医师的产出提高20%（假设，示意），可弥补与美国和德国医师密度差距的25–27%"
    with i18n.use("zh"):
        lines = vega.wrap(title, 48)
    assert "".join(lines) == title and len(lines) > 1
    width = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)  # noqa: E731
    # At most one closing punctuation mark hangs past the width (it never starts a line).
    assert all(width(line) <= 48 + 2 for line in lines)
    assert not any(line[0] in "，。、：；）%" for line in lines[1:])
    assert not any(re.search(r"\d$", a) and re.match(r"\d", b) for a, b in zip(lines, lines[1:]))
    english = "Physicians per 1,000 people: the overview article's comparison with the United States and Germany"
    assert vega.wrap(english, 48) == textwrap.wrap(english, 48)


def test_number_formatters_for_charts_in_both_languages():
    assert fmt.pct_range(42.44, 42.41) == "42.4%" and fmt.pct_range(30, 40) == "30.0–40.0%"
    assert fmt.millions(2_520_000) == "2.52 M"
    with i18n.use("zh"):
        assert fmt.millions(2_520_000) == "252万"
        assert fmt.pct_range(30, 40) == "30.0–40.0%"


# ---------------------------------------------------------------- the map

def _deck(lang: str) -> dict:
    tables = _tables(province_map)
    with i18n.use(lang):
        view = province_map.build(tables, GlobalFilters(), province_map.default_settings(tables))
    return json.loads(view.deck.to_json()), view.legend_html


def _text_layers(deck: dict) -> dict[str, dict]:
    return {layer["id"]: layer for layer in deck["layers"] if layer["@@type"] == "TextLayer"}


def _texts(layer: dict) -> list[str]:
    field = layer["getText"].removeprefix("@@=")
    return [str(row[field]) for row in layer["data"]]


def test_map_text_layers_draw_chinese_names_with_every_glyph_in_their_atlas():
    deck, legend = _deck("zh")
    layers = _text_layers(deck)
    provinces = data_layer.table("provinces")
    names = _texts(layers["province-labels"])
    assert names and set(names) <= set(provinces["name_zh"])
    cities = set(data_layer.table("places")["city_zh"].dropna())
    city_labels = _texts(layers["city-labels"])
    assert "北京" in city_labels and set(city_labels) <= cities     # the curated city names (places.csv city_zh)
    for layer_id, layer in layers.items():
        assert layer["fontFamily"].startswith(f'"{theme.CJK_FONT}"'), layer_id
        atlas = set(layer["characterSet"])
        assert {chr(c) for c in range(32, 128)} <= atlas, layer_id
        missing = {ch for text in _texts(layer) for ch in text} - atlas
        assert not missing, f"{layer_id} draws characters its atlas lacks: {missing}"
    assert "着色" in legend and "符号" in legend


def test_english_map_keeps_the_default_atlas_and_fonts():
    deck, legend = _deck("en")
    layers = _text_layers(deck)
    provinces = data_layer.table("provinces")
    assert set(_texts(layers["province-labels"])) <= set(provinces["name"])
    for layer in layers.values():
        assert "characterSet" not in layer
        assert layer["fontFamily"] == '"Source Sans", "Source Sans Pro", sans-serif'
    assert layers["city-labels"]["getText"] == "@@=city"
    assert "Shading:" in legend and not CJK.search(legend)


def test_character_set_is_ascii_plus_what_the_texts_use():
    chars = maps.character_set(["广东省", "Shenzhen"])
    assert set("广东省") <= set(chars) and chars == sorted(chars) and len(chars) == 96 + 3

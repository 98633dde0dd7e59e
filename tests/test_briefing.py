"""The briefing export: the deck and the one-page PDF say what the page shows, with sources and a link back.

Builder tests use real rows from the data layer and the real chart builders;
the AppTest tests open pages through app.py with URL state, as a shared link
would, and compare the export with what the run put on screen.
"""
from __future__ import annotations

import io
import json
import re

import pandas as pd
import pyarrow as pa
import pytest

from components.views.base import GlobalFilters
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from components.charts import density_charts
from components.data import data_layer, source_names
from components.domain import map_data
from components.export import briefing, briefing_map
from components.ui import export_registry, export_ui
from components.export.briefing import Briefing, BriefingError, ChartSlide
from tests.conftest import PAGES, open_link, page_text, run_page

LINK = "http://dashboard.example/physician-density?region=East"


def open_view(page: str, query: dict) -> AppTest:
    at = open_link(page, query)
    assert not at.exception, at.exception
    return at


def exported(at: AppTest) -> Briefing:
    return at.session_state[export_ui.BRIEFING_KEY]


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def open_deck(data: bytes) -> Presentation:
    assert data[:2] == b"PK", "not a zip (pptx) file"
    return Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def headline_briefing() -> Briefing:
    """Two real charts from the data layer, as a page would register them."""
    density = data_layer.table("physician_density")
    lookup = data_layer.source_lookup()
    headline = density[density["series"] == "headline"].assign(source_name="article")
    official = density[density["series"] == "official"].assign(source_name="official")
    slides = (
        ChartSlide(title="China has fewer physicians per person", subtitle="Per 1,000 people",
                   chart=density_charts.density_bars_chart(headline), kicker="Physician density · Headline",
                   numbers=tuple((r.country, f"{r.value_per_1000:g}") for r in headline.itertuples()),
                   sources=tuple(source_names.label(lookup[s]) for s in headline["source_id"].unique()),
                   data=headline),
        ChartSlide(title="Official statistics differ", chart=density_charts.density_bars_chart(official),
                   sources=tuple(source_names.label(lookup[s]) for s in official["source_id"].unique()),
                   note="Definitions vary.", data=official),
    )
    return Briefing(dashboard="Healthcare AI in China", page="Physician density", generated="1 January 2026",
                    data_as_of="2026-01-01", filters="segment: Medical imaging; region: East", link=LINK,
                    slides=slides, settings=("ai gain pct: 35",))


@pytest.fixture(scope="module")
def headline_files(headline_briefing):
    return briefing.build_files(headline_briefing)


# ---- the deck ---------------------------------------------------------------------------------

def test_deck_has_title_chart_and_closing_slides(headline_briefing, headline_files):
    deck = open_deck(headline_files[0])
    slides = list(deck.slides)
    assert len(slides) == len(headline_briefing.slides) + 2
    title = "\n".join(slide_texts(slides[0]))
    for words in ("Physician density", "1 January 2026", "segment: Medical imaging; region: East",
                  "ai gain pct: 35", "China has fewer physicians per person"):
        assert words in title
    for slide, spec in zip(slides[1:-1], headline_briefing.slides):
        texts = slide_texts(slide)
        assert spec.title in texts
        footer = next(t for t in texts if t.startswith("Source"))
        notes = slide.notes_slide.notes_text_frame.text
        for source in spec.sources[:briefing.MAX_SOURCES_ON_SLIDE]:
            assert source in footer
        for source in spec.sources:      # a long list ends "and N more (listed in the notes)"
            assert source in notes
        hidden = len(spec.sources) - briefing.MAX_SOURCES_ON_SLIDE
        assert (f"and {hidden} more" in footer) == (hidden > 0)
        for label, value in spec.numbers:
            assert value in texts and label in texts
        assert spec.data.iloc[0]["country"] in notes and f"{spec.data.iloc[0]['value_per_1000']}" in notes
    assert "Definitions vary." in "\n".join(slide_texts(slides[2]))
    closing = slides[-1]
    links = [run.hyperlink.address for shape in closing.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs if run.hyperlink.address]
    assert links == [LINK]


def test_chart_images_are_pngs_of_the_expected_size(headline_briefing, headline_files):
    deck = open_deck(headline_files[0])
    for slide, spec in zip(list(deck.slides)[1:-1], headline_briefing.slides):
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        image = pictures[0].image
        assert image.content_type == "image/png"
        width_px, height_px = image.size
        assert width_px == briefing.image_width_px(spec)
        # On the slide: inside the chart box, at 200 dpi or more (crisp on a projector).
        box_w, box_h = briefing.chart_box(spec)
        shown_w, shown_h = Emu(pictures[0].width).inches, Emu(pictures[0].height).inches
        assert shown_w <= box_w + 0.01 and shown_h <= box_h + 0.01
        assert width_px / shown_w >= 200


def test_slides_without_numbers_give_the_chart_the_full_width(headline_briefing):
    with_numbers, without = headline_briefing.slides
    assert briefing.image_width_px(without) > briefing.image_width_px(with_numbers)


def test_pdf_is_one_page_with_the_title_text(headline_briefing, headline_files):
    pdf = headline_files[1]
    assert pdf[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for words in ("Physician density", "China has fewer physicians per person", "Official statistics differ",
                  "segment: Medical imaging; region: East", "dashboard.example"):
        assert words in text
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
    assert LINK in links


def test_a_chart_that_cannot_be_drawn_fails_with_its_name():
    bad = ChartSlide(title="The broken chart", chart={"mark": "point", "encoding": {"x": {"field": "a", "type": "bogus"}},
                                                      "data": {"values": [{"a": 1}]}})
    with pytest.raises(BriefingError, match="The broken chart"):
        briefing.build_pptx(Briefing(dashboard="D", page="P", generated="today", data_as_of="x", filters="f",
                                     link="/", slides=(bad,)))


def test_text_the_pdf_font_cannot_draw_is_replaced_not_dropped():
    assert briefing._pdf_text("2023 → 2030 <b>") == "2023 -&gt; 2030 &lt;b&gt;"


# ---- the map --------------------------------------------------------------------------------

def _map_view(global_filters: GlobalFilters, **settings):
    from components.ui import view_runner
    from components.views import province_map

    return province_map.build(view_runner.tables(province_map), global_filters, province_map.Settings(**settings))


def test_map_image_is_drawn_from_the_rows_it_is_given():
    provinces = data_layer.table("provinces")
    east = provinces[provinces["region"] == "East"]
    item = _map_view(GlobalFilters(regions=("East",))).map_item
    shading, items = item.shading, item.points
    # The page's own frame logic decides what is on the map: sites and HQs in the East, counted per province.
    assert len(items) > 0 and set(items["region"]) == {"East"}
    assert dict(zip(shading["province_code"], shading["value"])) == {
        code: float((items["province_code"] == code).sum()) for code in east["province_code"]}
    points = briefing_map.map_points(items)
    spec = briefing_map.province_map_chart(data_layer.provinces_geojson(), shading, points)
    boundaries = spec["datasets"][briefing_map.BOUNDARIES]
    assert len(boundaries) == len(data_layer.provinces_geojson()["features"])
    drawn = {f["properties"]["iso_3166_2"]: f["properties"]["value"] for f in boundaries}
    assert all(drawn[c] == v for c, v in zip(shading["province_code"], shading["value"]))
    assert all(drawn[c] is None for c in drawn if c not in set(east["province_code"]))
    point_rows = [rows for name, rows in spec["datasets"].items() if name != briefing_map.BOUNDARIES
                  and rows and "group" in rows[0]]
    assert len(point_rows) == 1 and len(point_rows[0]) == len(items)
    assert {r["group"] for r in point_rows[0]} == {map_data.kind_label(k, plural=True) for k in items["kind"]}
    slide = ChartSlide(title="Map", chart=spec, fixed_height=True)
    assert briefing.png_size(briefing.slide_png(slide))[0] == briefing.image_width_px(slide)


def test_places_in_one_city_are_spread_so_each_shows():
    points = pd.DataFrame({"name": ["a", "b", "c"], "lon": [116.4] * 3, "lat": [39.9] * 3, "group": ["x"] * 3,
                           "color": ["#000"] * 3})
    spread = briefing_map.spread_coincident(points)
    assert len(set(zip(spread["lon"].round(3), spread["lat"].round(3)))) == 3
    assert (abs(spread["lon"] - 116.4) < 1.5).all()


# ---- the link and the settings ---------------------------------------------------------------

def test_link_reopens_the_view_and_drops_what_is_not_the_view():
    params = export_ui.view_params({"region": ["East", "West"], "present": ["1"], "market.base": ["x" * 500]})
    assert export_ui.view_link("http://host:8501/market-size", "market-size", params) == \
        "http://host:8501/market-size?region=East&region=West"
    assert export_ui.view_link("http://host:8501", "", {"region": ["East"]}) == "http://host:8501/?region=East"
    assert export_ui.view_link(None, "market-size", {"segment": ["Medical imaging"]}) == \
        "/market-size?segment=Medical+imaging"
    assert export_ui.settings_in_words({"market.base": ["cb2-2023"], "region": ["East"]}) == ("base: cb2-2023",)


# ---- through the app: what is on screen is what is exported ----------------------------------

def _on_screen_charts(at: AppTest) -> list[dict]:
    """Each chart the run drew: its spec and its data as the browser receives them."""
    out = []
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in proto.datasets]
        out.append({"spec": json.loads(proto.spec), "frames": frames})
    return out


def _numeric_values(frames) -> list[float]:
    values = []
    for frame in frames:
        for column in frame.select_dtypes("number").columns:
            values += [round(float(v), 6) for v in frame[column].dropna()]
    return sorted(values)


def test_exported_numbers_equal_those_on_screen_for_a_url_state():
    at = open_view(PAGES["physician_density"], {"density.ai_gain_pct": "35", "region": "East"})
    b = exported(at)
    items = at.session_state[export_registry.KEY]
    shown = _on_screen_charts(at)
    assert len(b.slides) == len(items) == len(shown) >= 1
    screen_text = page_text(at)
    deck = open_deck(briefing.build_pptx(b))
    for slide, spec, item, drawn in zip(list(deck.slides)[1:-1], b.slides, items, shown):
        texts = slide_texts(slide)
        # The slide's title is the chart's title on screen (the finding), e.g. with the 35 % gain in it.
        assert spec.title == briefing.chart_heading(drawn["spec"])[0] and spec.title in texts
        # Headline numbers: on the slide as registered, and each figure in them is on screen
        # (in the page's text, or a value of the chart drawn with it).
        drawn_values = set(_numeric_values(drawn["frames"]))
        for label, value in (item["numbers"] or {}).items():
            assert value in texts and label in texts
            for figure in re.findall(r"\d[\d,]*(?:\.\d+)?", value):
                on_screen = figure in screen_text or round(float(figure.replace(",", "")), 6) in drawn_values
                assert on_screen, f"{figure} ({label}) is not on screen"
        # The image is drawn from the very rows the browser got.
        exported_rows = [pd.DataFrame(rows) for rows in briefing.presentation_spec(spec.chart, 800)["datasets"].values()]
        assert _numeric_values(exported_rows) == _numeric_values(drawn["frames"])
    assert any("35%" in s.title for s in b.slides)
    assert "ai gain pct: 35" in b.settings
    assert "density.ai_gain_pct=35" in b.link and "region=East" in b.link


def test_a_filtered_view_states_its_filters():
    segment = data_layer.table("segments").iloc[0]["name"]
    at = open_view(PAGES["physician_density"], {"segment": segment, "region": ["East", "West"]})
    b = exported(at)
    assert b.filters == f"segment: {segment}; region: East, West"
    deck = open_deck(briefing.build_pptx(b))
    title_slide = "\n".join(slide_texts(deck.slides[0]))
    assert f"Filters: segment: {segment}; region: East, West" in title_slide
    assert "region=East&region=West" in b.link
    reader = PdfReader(io.BytesIO(briefing.build_pdf(b)))
    assert len(reader.pages) == 1 and "region: East, West" in reader.pages[0].extract_text()


def test_the_sidebar_offers_both_files_named_after_the_page():
    at = run_page(PAGES["physician_density"])
    labels = [b.label for b in at.sidebar.get("download_button")]
    assert "Slides (PowerPoint)" in labels and "One-page PDF" in labels
    assert f"{len(exported(at).slides)} charts" in " ".join(c.value for c in at.sidebar.caption)


def test_the_overview_offers_export_all_and_pages_without_charts_say_so():
    at = run_page(PAGES["overview"])
    labels = [b.label for b in at.sidebar.get("download_button")]
    charts_on_overview = [i for i in at.session_state[export_registry.KEY] if i.get("chart") is not None]
    assert "Export all pages (PowerPoint)" in labels
    assert ("Slides (PowerPoint)" in labels) == bool(charts_on_overview)
    other = run_page(PAGES["sources_method"])
    if not any(i.get("chart") is not None for i in other.session_state[export_registry.KEY]):
        assert "This page has no charts to export." in [c.value for c in other.sidebar.caption]
    assert "Export all pages (PowerPoint)" not in [b.label for b in other.sidebar.get("download_button")]


def test_the_map_page_exports_its_map_under_the_region_filter():
    at = open_view(PAGES["province_map"], {"region": "East"})
    b = exported(at)
    maps = [s for s in b.slides if getattr(s, "fixed_height", False)]
    assert maps, "no map in the province map's briefing"
    provinces = data_layer.table("provinces")
    east = set(provinces.loc[provinces["region"] == "East", "province_code"])
    spec = briefing.presentation_spec(maps[0].chart, 800, 400)
    points = next(rows for name, rows in spec["datasets"].items() if rows and "group" in rows[0])
    shaded = {f["properties"]["iso_3166_2"] for f in spec["datasets"][briefing_map.BOUNDARIES]
              if f["properties"]["value"] is not None}
    assert points and shaded == east
    assert any("Natural Earth" in s for s in maps[0].sources)


def test_the_map_page_exports_the_view_on_screen_not_the_default():
    """Shading by population and showing only innovation hubs: the exported map says and draws exactly that."""
    hubs = map_data.kind_label("innovation_hub", plural=True)
    population = map_data.MEASURES[3]
    at = open_view(PAGES["province_map"], {"map.kinds": hubs, "map.measure": population.option})
    assert not at.exception
    (the_map,) = [s for s in exported(at).slides if getattr(s, "fixed_height", False)]
    spec = briefing.presentation_spec(the_map.chart, 800, 400)
    points = next(rows for name, rows in spec["datasets"].items() if rows and "group" in rows[0])
    places = data_layer.table("places")
    assert len(points) == int((places["kind"] == "innovation_hub").sum())
    assert {p["group"] for p in points} == {hubs}
    provinces = data_layer.table("provinces")
    drawn = {f["properties"]["iso_3166_2"]: f["properties"]["value"]
             for f in spec["datasets"][briefing_map.BOUNDARIES]}
    expected = dict(zip(provinces["province_code"], provinces["population_2020"]))
    assert all(drawn[code] == float(value) for code, value in expected.items() if code in drawn)
    assert ("Sites on the map", str(len(points))) in the_map.numbers


def test_a_failed_file_shows_an_error_naming_the_problem():
    def script():
        from components.ui import export_ui
        from components.export.briefing import BriefingError

        def broken():
            raise BriefingError("“Market size”: the chart could not be drawn as an image (bad spec)")

        job = export_ui._Job("slide deck", broken, "page")
        try:
            job()
        except BriefingError:
            pass
        export_ui._after_click(job)
        export_ui._show_error("page")

    at = AppTest.from_function(script).run()
    assert not at.exception
    message = at.error[0].value
    assert "slide deck could not be made" in message and "Market size" in message
    assert "No file was downloaded" in message


def _east() -> GlobalFilters:
    return GlobalFilters(regions=("East",))


def test_export_all_has_a_slide_for_every_page_that_exports():
    from components import pages
    from components.ui import briefing_all

    b = briefing_all.all_pages_briefing(_east(), "/?region=East")
    kickers = [s.kicker.split(" · ")[0] for s in b.slides]
    assert kickers == [p.title for p in pages.PAGES if p.exports], "one key chart per exporting page, in order"
    # Each slide is that page's first chart, as the page shows it under the same filters.
    density_run = open_view(PAGES["physician_density"], {"region": "East"})
    first = density_run.session_state[export_registry.KEY][0]
    density_slide = b.slides[kickers.index("Physician density")]
    assert density_slide.title == briefing.chart_heading(first["chart"])[0]
    assert density_slide.numbers == tuple(first["numbers"].items())
    assert b.link == "/?region=East"
    the_map = [s for s in b.slides if getattr(s, "fixed_height", False)]   # tables have no image to fit
    if any(p.exports and p.stem == "province_map" for p in pages.PAGES):
        # The map shades the East only: the view saw the same filters.
        spec = briefing.presentation_spec(the_map[0].chart, 800, 400)
        provinces = data_layer.table("provinces")
        assert {f["properties"]["iso_3166_2"] for f in spec["datasets"][briefing_map.BOUNDARIES]
                if f["properties"]["value"] is not None} == \
            set(provinces.loc[provinces["region"] == "East", "province_code"])


def test_export_all_is_built_in_process_from_the_view_models():
    data = export_ui.all_pages_deck(_east(), "http://host:8501/?region=East")
    deck = open_deck(data)
    assert "region: East" in "\n".join(slide_texts(deck.slides[0]))
    links = [run.hyperlink.address for shape in deck.slides[-1].shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs if run.hyperlink.address]
    assert links == ["http://host:8501/?region=East"]


def test_a_page_can_register_its_own_map_view():
    """What the province map page registers to export exactly its view (kinds, measure, filters)."""
    def script():
        import streamlit as st

        from components.data import data_layer
        from components.domain import map_data
        from components.ui import export_registry, export_ui, view_runner
        from components.views import province_map
        from components.views.base import GlobalFilters

        settings = province_map.Settings(kinds=(map_data.kind_label("innovation_hub", plural=True),),
                                         measure=map_data.MEASURES[3].option)   # population, a statistic
        view = province_map.build(view_runner.tables(province_map), GlobalFilters(), settings)
        export_registry.begin()
        export_ui.register(view.map_item)
        st.session_state["slides"] = export_ui.slides_from_items(
            export_registry.registered(), data_layer.source_lookup(), export_ui._geojson, "Province map")
        st.session_state["title"] = view.map_item.title

    at = AppTest.from_function(script).run()
    assert not at.exception
    (slide,) = at.session_state["slides"]
    places = data_layer.table("places")
    spec = briefing.presentation_spec(slide.chart, 800, 400)
    points = next(rows for name, rows in spec["datasets"].items() if rows and "group" in rows[0])
    assert len(points) == int((places["kind"] == "innovation_hub").sum())
    assert {p["group"] for p in points} == {map_data.kind_label("innovation_hub", plural=True)}
    population = dict(zip(data_layer.table("provinces")["province_code"], data_layer.table("provinces")["population_2020"]))
    drawn = {f["properties"]["iso_3166_2"]: f["properties"]["value"] for f in spec["datasets"][briefing_map.BOUNDARIES]}
    assert all(drawn[code] == float(value) for code, value in population.items() if code in drawn)
    assert slide.kicker == "Province map" and slide.title == at.session_state["title"]
    assert ("Sites on the map", str(len(points))) in slide.numbers
    assert any("Natural Earth" in s for s in slide.sources)


# ---- tables: the Barriers & strategy export ------------------------------------------------------

def _table_texts(slide) -> str:
    return "\n".join(cell.text_frame.text for shape in slide.shapes if shape.has_table
                     for row in shape.table.rows for cell in row.cells)


def test_barriers_and_strategy_exports_its_tables_as_slides():
    """The page's own export: the barrier -> strategy table, then the ranked entry paths for the finder's answers."""
    from components.domain import strategy

    barriers, rules = data_layer.table("barriers"), data_layer.table("entry_rules")
    control = strategy.QUESTION_BY_ID["control"].label_for("low")
    at = open_view(PAGES["barriers_strategy"], {"strategy.control": control})
    b = exported(at)
    assert [s.kicker for s in b.slides] == ["Barriers & strategy · Barriers and strategies",
                                            "Barriers & strategy · Entry-path finder"]
    assert all(isinstance(s, briefing.TableSlide) and len(s.rows) <= briefing.MAX_TABLE_ROWS for s in b.slides)
    deck = open_deck(briefing.build_pptx(b))
    barrier_slide, route_slide = list(deck.slides)[1:3]
    table = _table_texts(barrier_slide)
    for row in barriers.to_dict("records"):
        assert row["name"] in table and row["strategy"] in table
    footer = next(t for t in slide_texts(barrier_slide) if t.startswith("Source"))
    assert "China Briefing" in footer
    assert barriers.iloc[0]["challenge"] in barrier_slide.notes_slide.notes_text_frame.text
    fired = rules[(rules["question"] == "control") & (rules["answer"] == "low") & (rules["weight"] > 0)]
    routes = _table_texts(route_slide)
    for reason in fired["reason"]:
        assert reason in routes
    assert "China Briefing, Part II" in routes and "Answers:" in "\n".join(slide_texts(route_slide))
    # Every table fits its slide: no row runs into the source footer.
    for slide in list(deck.slides)[1:3]:
        shape = next(s for s in slide.shapes if s.has_table)
        assert Emu(shape.top + sum(r.height for r in shape.table.rows)).inches <= briefing.CHART_BOTTOM + 0.01
    text = " ".join(PdfReader(io.BytesIO(briefing.build_pdf(b))).pages[0].extract_text().split())
    assert barriers.iloc[0]["name"] in text and barriers.iloc[0]["strategy"][:40] in text, text[:2000]


def test_a_long_table_continues_on_the_next_slide():
    rows = tuple((f"Row {i}", "word " * 60) for i in range(9))
    slide = briefing.TableSlide(title="A long table", columns=("Name", "Text"), rows=rows, kicker="Page")
    pages = briefing.paginate(slide)
    assert len(pages) >= 2 and sum(len(p.rows) for p in pages) == 9
    assert all(len(p.rows) <= briefing.MAX_TABLE_ROWS for p in pages)
    assert [p.kicker for p in pages][-1] == f"Page · {len(pages)} of {len(pages)}"

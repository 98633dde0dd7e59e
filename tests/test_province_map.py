"""Province map: boundaries and coordinates agree, the deck is offline and small, filters and selection work.

Numbers are computed here from the data layer, never typed in. The size
limits (the GeoJSON file, the simplified boundaries sent to the browser, the
whole deck JSON) are the constants below; pydeck's own indented JSON of the
unsimplified map would be many times larger.
"""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from shapely.geometry import Point, shape
from streamlit.testing.v1 import AppTest

from components.data import data_layer
from components.domain import map_data
from components.geo import map_geometry, maps
from components.ui import markdown
from tests.conftest import APP, DATA, PAGES, page_text

GEOJSON_LIMIT_BYTES = 450_000
SIMPLIFIED_LIMIT_BYTES = 160_000
DECK_LIMIT_BYTES = 250_000


# ---------------------------------------------------------------- fixtures and helpers

@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    names = ("provinces", "places", "companies", "facts", "policies", "fast_track_channels", "segments")
    return {name: data_layer.table(name) for name in names}


@pytest.fixture(scope="module")
def geo() -> dict:
    return data_layer.provinces_geojson()


@pytest.fixture(scope="module")
def polygons(geo) -> dict:
    return {f["properties"]["iso_3166_2"]: shape(f["geometry"]) for f in geo["features"]}


@pytest.fixture(scope="module")
def hqs(tables) -> pd.DataFrame:
    return map_data.company_hqs(tables["companies"], tables["places"], tables["provinces"])


def open_map(query: dict | None = None) -> AppTest:
    """Run the app, then open the map page with `query` in the URL (as a shared link would).

    The sidebar's keys are bound on every page, so they go into the first run; the page's own keys
    would be dropped as unknown there, so they are added before switching to the map.
    """
    query = query or {}
    at = AppTest.from_file(APP, default_timeout=60)
    for key in ("segment", "region"):
        if key in query:
            at.query_params[key] = query[key]
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(PAGES["province_map"]).run()
    assert not at.exception, at.exception
    return at


def deck_spec(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def point_layers(spec: dict) -> dict[str, list[dict]]:
    return {layer["id"]: layer["data"] for layer in spec["layers"]
            if layer["id"].startswith(maps.POINT_LAYER_PREFIX)}


def points_drawn(spec: dict) -> list[dict]:
    return [row for rows in point_layers(spec).values() for row in rows]


def hq_cities(frame: pd.DataFrame) -> int:
    return frame.groupby(["hq_city", "province_code"]).ngroups


def panel_title(at: AppTest) -> str | None:
    titles = [s.value for s in at.subheader if s.value != "Sites and company headquarters on the map"]
    return titles[0] if titles else None


# ---------------------------------------------------------------- data: boundaries and coordinates

def test_every_place_lies_inside_its_province_polygon(tables, polygons):
    outside = [(r.place_id, r.province_code) for r in tables["places"].itertuples()
               if not polygons[r.province_code].contains(Point(r.lon, r.lat))]
    assert not outside, f"places outside their province: {outside}"


def test_every_company_hq_is_drawn_inside_its_province(hqs, polygons):
    assert not hqs.empty
    outside = [r.company_id for r in hqs.itertuples() if not polygons[r.province_code].contains(Point(r.lon, r.lat))]
    assert not outside


def test_every_province_code_in_the_data_exists_in_the_geojson(tables, geo):
    in_geojson = {f["properties"]["iso_3166_2"] for f in geo["features"]}
    used = set(tables["provinces"]["province_code"]) | set(tables["places"]["province_code"])
    used |= {c for c in tables["companies"]["province_code"] if c}
    assert used - in_geojson == set()
    assert len(in_geojson) == len(tables["provinces"])


def test_geojson_is_valid_and_small(geo, polygons):
    size = (DATA / "china_provinces.geojson").stat().st_size
    assert size < GEOJSON_LIMIT_BYTES, f"china_provinces.geojson is {size / 1000:.0f} KB"
    assert geo["type"] == "FeatureCollection"
    for feature in geo["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert {"name", "name_zh", "iso_3166_2"} <= set(feature["properties"])
    invalid = [code for code, poly in polygons.items() if not poly.is_valid or poly.is_empty]
    assert not invalid


def test_simplified_boundaries_are_light_and_keep_their_shape(geo, polygons):
    light = map_geometry.simplify_geojson(geo)
    size = len(json.dumps(light, separators=(",", ":"), ensure_ascii=False).encode())
    assert size < SIMPLIFIED_LIMIT_BYTES, f"simplified boundaries are {size / 1000:.0f} KB"
    assert len(light["features"]) == len(geo["features"])
    for feature in light["features"]:
        simple = shape(feature["geometry"])
        original = polygons[feature["properties"]["iso_3166_2"]]
        # Every simplified edge within 0.03° (~3 px at the maximum zoom) of the original; islets smaller than
        # the tolerance are dropped, so the area may shrink a little (Macao is the smallest, ~0.003 deg²).
        assert original.buffer(0.03).contains(simple)
        assert abs(simple.area - original.area) <= 0.05 * original.area
    assert map_geometry.simplify_geojson(geo) is light, "memoised per document"


# ---------------------------------------------------------------- pure logic

def test_company_hqs_use_city_points_and_skip_firms_without_a_sourced_base(tables, hqs):
    companies = tables["companies"]
    assert len(hqs) == int((companies["hq_city"] != "").sum())
    city_points = tables["places"][tables["places"]["coord_source_id"] == "natural-earth"]
    for row in hqs.itertuples():
        match = city_points[city_points["city"] == row.hq_city]
        assert not match.empty and math.isclose(match.iloc[0]["lat"], row.lat)


@pytest.mark.parametrize("zoom", [maps.CHINA_VIEW.zoom, maps.PRESENT_VIEW.zoom], ids=["normal", "presenting"])
def test_symbols_do_not_overlap_at_the_initial_zoom_and_stay_near_their_city(tables, hqs, zoom):
    items = map_data.map_items(tables["places"], hqs, tables["provinces"], map_data.KIND_ORDER)
    markers = map_data.map_markers(items, {})
    offsets = map_geometry.spread_markers(markers, zoom)
    centres = []
    for row, (dx, dy) in zip(markers.itertuples(), offsets):
        x, y = map_geometry.project(row.lat, row.lon, zoom)
        centres.append((x + dx, y + dy, row.radius))
        assert math.hypot(dx, dy) < 70, f"{row.id} drawn {math.hypot(dx, dy):.0f} px from its city"
    for i, (x1, y1, r1) in enumerate(centres):
        for x2, y2, r2 in centres[i + 1:]:
            assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2, "two symbols overlap"
    # Every site gets its own symbol; companies are grouped one symbol per HQ city.
    assert len(markers) == len(tables["places"]) + hq_cities(hqs)
    assert markers.loc[markers["kind"] == map_data.COMPANY_HQ, "count"].sum() == len(hqs)


def test_city_labels_cover_no_symbol(tables, hqs):
    items = map_data.map_items(tables["places"], hqs, tables["provinces"], map_data.KIND_ORDER)
    markers = map_data.map_markers(items, {})
    zoom = maps.CHINA_VIEW.zoom
    offsets = map_geometry.spread_markers(markers, zoom)
    cities, labelled = map_geometry.layout_labels(markers, offsets, tables["provinces"], zoom)
    discs = []
    for row, (dx, dy) in zip(markers.itertuples(), offsets):
        x, y = map_geometry.project(row.lat, row.lon, zoom)
        discs.append((x + dx - row.radius, y + dy - row.radius, x + dx + row.radius, y + dy + row.radius))
    for row in cities.itertuples():
        x, y = map_geometry.project(row.lat, row.lon, zoom)
        box = map_geometry.text_box(x + row.label_offset[0], y + row.label_offset[1], row.city, map_geometry.CITY_LABEL_PX)
        assert not any(map_geometry.boxes_overlap(box, d) for d in discs), f"the label {row.city} covers a symbol"
    assert set(cities["city"]) == set(markers["city"])
    assert labelled and "CN-BJ" not in labelled       # municipalities are named by their city label


def test_filters_select_items(tables, hqs):
    places, provinces = tables["places"], tables["provinces"]
    hubs = map_data.map_items(places, hqs, provinces, ("innovation_hub",))
    assert len(hubs) == int((places["kind"] == "innovation_hub").sum())
    west = set(provinces.loc[provinces["region"] == "West", "province_code"])
    in_west = map_data.map_items(places, hqs, provinces, map_data.KIND_ORDER, regions=("West",))
    assert len(in_west) == int(places["province_code"].isin(west).sum() + hqs["province_code"].isin(west).sum())
    segment = "drug_discovery"
    firms = map_data.map_items(places, hqs, provinces, (map_data.COMPANY_HQ,), segment_ids=(segment,))
    assert len(firms) == int(hqs["segment_ids"].str.split(";").map(lambda ids: segment in ids).sum())


def test_selection_from_a_map_event():
    province = {"indices": {"provinces": [3]}, "objects": {"provinces": [{"properties": {"id": "province:CN-SX"}}]}}
    point = {"indices": {"points-accelerator": [0]}, "objects": {"points-accelerator": [{"id": "place:x"}]}}
    assert map_data.selection_from_event(province) == "province:CN-SX"
    assert map_data.selection_from_event(point) == "place:x"
    assert map_data.selection_from_event({"indices": {}, "objects": {}}) is None
    assert map_data.selection_from_event(None) is None


def test_province_details_list_its_sites_companies_and_the_facts_that_mention_it(tables, hqs):
    t = tables
    info = map_data.details("province:CN-HI", t["provinces"], t["places"], hqs, t["facts"], t["policies"],
                            t["fast_track_channels"], {})
    hainan_sites = t["places"][t["places"]["province_code"] == "CN-HI"]
    assert set(info.sites["name"]) == set(hainan_sites["name"])
    channel = t["fast_track_channels"][t["fast_track_channels"]["place_id"].isin(hainan_sites["place_id"])]
    assert not channel.empty and any(channel.iloc[0]["name"] in text for text in info.mentions["text"])
    hainan_facts = t["facts"][t["facts"]["label"].str.contains("Hainan")]
    assert not hainan_facts.empty
    assert all(any(label in text for text in info.mentions["text"]) for label in hainan_facts["label"])
    population = int(t["provinces"].set_index("province_code").loc["CN-HI", "population_2020"])
    assert (f"{population:,}") in dict(info.facts).values()


def test_measures_use_the_cited_provincial_statistics(tables):
    provinces = tables["provinces"]
    measure = map_data.measure_by_option("Physicians per 1,000 people, 2018")
    frame = map_data.province_frame(provinces, pd.DataFrame(columns=["province_code", "kind"]), measure, (), {})
    expected = provinces.set_index("province_code")["licensed_physicians_per_1000_2018"]
    assert frame.set_index("province_code")["value"].equals(expected.astype(float))
    assert set(map_data.measure_sources(frame)) == set(provinces["physicians_source_id"]) - {""}
    fills = maps.province_fills(frame, measure)
    missing = frame["value"].isna()
    assert missing.any() and all(f == maps.NOT_AVAILABLE for f in fills[missing])


def test_finding_is_computed_from_the_data(tables, hqs):
    items = map_data.map_items(tables["places"], hqs, tables["provinces"], map_data.KIND_ORDER)
    top = items.groupby("province").size().sort_values(ascending=False, kind="stable").head(3)
    text = map_data.finding(items)
    assert f"{int(top.sum())} of the {len(items)}" in text and all(name in text for name in top.index)


# ---------------------------------------------------------------- the page (AppTest through app.py)

def test_deck_spec_has_the_province_layer_and_point_layers_offline_and_small(tables, hqs):
    at = open_map()
    proto = at.get("deck_gl_json_chart")[0].proto
    spec = json.loads(proto.json)
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids[0] == maps.PROVINCE_LAYER_ID
    provinces_layer = spec["layers"][0]
    assert provinces_layer["@@type"] == "GeoJsonLayer"
    assert len(provinces_layer["data"]["features"]) == len(tables["provinces"])
    kinds_present = set(tables["places"]["kind"]) | {map_data.COMPANY_HQ}
    assert set(point_layers(spec)) == {f"{maps.POINT_LAYER_PREFIX}{k}" for k in kinds_present}
    assert len(points_drawn(spec)) == len(tables["places"]) + hq_cities(hqs)
    # Offline: no basemap provider or remote style, no URL anywhere in the spec.
    assert spec.get("mapStyle") == "__MAP_STYLE__" and "mapProvider" not in spec and "http" not in proto.json
    size = len(proto.json.encode())
    assert size < DECK_LIMIT_BYTES, f"deck JSON is {size / 1000:.0f} KB"
    assert list(proto.selection_mode), "clicks select objects"


def test_kind_filter_changes_the_number_of_points(tables):
    hubs = int((tables["places"]["kind"] == "innovation_hub").sum())
    label = map_data.kind_label("innovation_hub", plural=True)
    at = open_map({"map.kinds": label})
    assert len(points_drawn(deck_spec(at))) == hubs
    table = at.dataframe[-1].value
    assert len(table) == hubs
    at.multiselect(key="map.kinds").set_value([label, map_data.kind_label("fast_track_zone", plural=True)]).run()
    fast = int((tables["places"]["kind"] == "fast_track_zone").sum())
    assert len(points_drawn(deck_spec(at))) == hubs + fast


def test_segment_filters_narrow_the_company_hqs(tables, hqs):
    segments = tables["segments"]
    segment_id = "drug_discovery"
    name = segments.set_index("segment_id").loc[segment_id, "name"]
    firms = hqs[hqs["segment_ids"].str.split(";").map(lambda ids: segment_id in ids)]
    at = open_map({"map.segments": name, "map.kinds": map_data.kind_label(map_data.COMPANY_HQ, plural=True)})
    drawn = points_drawn(deck_spec(at))
    assert len(drawn) == hq_cities(firms)
    assert len(at.dataframe[-1].value) == len(firms)
    # The sidebar's segment filter applies too: with a segment no firm has, no HQ is left.
    other = segments.loc[segments["segment_id"] == "digital_tcm", "name"].iloc[0]
    at = open_map({"map.segments": name, "segment": other})
    assert not any(p["id"].startswith("hq:") for p in points_drawn(deck_spec(at)))


def test_region_filter_keeps_china_whole_but_shows_only_its_points(tables, hqs):
    provinces = tables["provinces"]
    west = set(provinces.loc[provinces["region"] == "West", "province_code"])
    at = open_map({"region": "West"})
    spec = deck_spec(at)
    expected = int(tables["places"]["province_code"].isin(west).sum())
    assert len(points_drawn(spec)) == expected + hq_cities(hqs[hqs["province_code"].isin(west)])
    features = spec["layers"][0]["data"]["features"]
    assert len(features) == len(provinces)
    outside = [f for f in features if f["properties"]["id"].split(":")[1] not in west]
    assert outside and all(f["properties"]["fill"] == list(maps.OUTSIDE_FILTER) for f in outside)


def test_a_province_selected_in_the_url_opens_its_details(tables):
    provinces, places = tables["provinces"], tables["places"]
    hainan = provinces.set_index("province_code").loc["CN-HI"]
    at = open_map({"map.selected": "province:CN-HI"})
    assert panel_title(at) == markdown.md(f"{hainan['name']} {hainan['name_zh']}")
    text = page_text(at)
    for name in places.loc[places["province_code"] == "CN-HI", "name"]:
        assert markdown.md(name) in text
    assert f"{int(hainan['population_2020']):,}" in text
    assert "selected-province" in [layer["id"] for layer in deck_spec(at)["layers"]]
    assert not at.warning
    assert at.selectbox(key="map.pick").value == f"{hainan['name']} {hainan['name_zh']}"


def test_a_site_and_an_hq_city_selected_in_the_url_open_their_details(tables, hqs):
    place = tables["places"].set_index("place_id").loc["boao_lecheng"]
    at = open_map({"map.selected": "place:boao_lecheng"})
    assert panel_title(at) == markdown.md(place["name"])
    assert markdown.md(place["offers"]) in page_text(at)
    ring = [layer for layer in deck_spec(at)["layers"] if layer["id"] == "selected-point"]
    assert ring and len(ring[0]["data"]) == 1

    beijing = hqs[hqs["hq_city"] == "Beijing"]
    at = open_map({"map.selected": "hq:" + map_data.city_key("Beijing", "CN-BJ")})
    text = page_text(at)
    assert panel_title(at) == "Company headquarters in Beijing"
    assert all(markdown.md(name) in text for name in beijing["name"])


def test_invalid_url_values_give_a_notice_and_no_selection():
    at = open_map({"map.selected": "province:XX-<script>", "map.kinds": "Volcanoes",
                   "map.measure": "GDP per head"})
    warnings = " ".join(w.value for w in at.warning)
    for key in ("map.selected", "map.kinds", "map.measure"):
        assert key in warnings
    assert "<script>" not in warnings and "Volcanoes" not in warnings
    assert panel_title(at) is None
    assert at.selectbox(key="map.measure").value == map_data.MEASURES[0].option


def test_clear_selection_and_the_picker_drive_the_url(tables):
    at = open_map({"map.selected": "province:CN-BJ"})
    assert panel_title(at) is not None
    at.button(key="map.clear").click().run()
    assert "map.selected" not in at.query_params
    assert panel_title(at) is None
    sichuan = tables["provinces"].set_index("province_code").loc["CN-SC"]
    at.selectbox(key="map.pick").set_value(f"{sichuan['name']} {sichuan['name_zh']}").run()
    assert at.query_params.get("map.selected") in ("province:CN-SC", ["province:CN-SC"])
    assert panel_title(at) == markdown.md(f"{sichuan['name']} {sichuan['name_zh']}")


def test_measure_choice_changes_the_shading_and_the_legend_names_its_source(tables):
    provinces = tables["provinces"]
    option = "Population, 2020 census"
    at = open_map({"map.measure": option})
    features = deck_spec(at)["layers"][0]["data"]["features"]
    fills = {f["properties"]["id"].split(":")[1]: f["properties"]["fill"] for f in features}
    largest = provinces.loc[provinces["population_2020"].astype(float).idxmax(), "province_code"]
    assert fills[largest] == maps.ramp_colors()[1]
    legend = " ".join(h.proto.body for h in at.get("html"))
    source_id = provinces["population_source_id"].iloc[0]
    publisher = data_layer.source_lookup()[source_id]["publisher"]
    assert "2020" in legend and publisher.split(" of ")[0] in legend


def test_the_table_lists_the_filtered_sites_with_a_csv_and_a_source_line(tables, hqs):
    at = open_map()
    table = at.dataframe[-1].value
    assert len(table) == len(tables["places"]) + len(hqs)
    assert any(b.key == "map.table.csv" for b in at.get("download_button"))
    captions = " ".join(c.value for c in at.caption)
    assert "Natural Earth" in captions and "China Briefing" in captions


def test_the_page_and_the_sidebar_segment_filters_combine():
    assert map_data.combine_segments((), ()) == ()
    assert map_data.combine_segments(("a",), ()) == ("a",)
    assert map_data.combine_segments((), ("b",)) == ("b",)
    assert map_data.combine_segments(("a", "b"), ("b", "c")) == ("b",)
    assert map_data.combine_segments(("a",), ("c",)) == ("-none-",)


# --- the view model (pure: no server) ---------------------------------------------------------

@pytest.fixture(scope="module")
def view_tables():
    from components.ui import view_runner
    from components.views import province_map

    return view_runner.tables(province_map)


def _map_view(view_tables, global_filters=None, **settings):
    from components.views import province_map
    from components.views.base import GlobalFilters

    return province_map.build(view_tables, global_filters or GlobalFilters(), province_map.Settings(**settings))


def test_view_model_follows_the_filters_and_controls(view_tables, tables, hqs):
    from components.views.base import GlobalFilters

    everything = _map_view(view_tables)
    assert len(everything.items) == len(tables["places"]) + len(hqs)
    east = _map_view(view_tables, GlobalFilters(regions=("East",)))
    assert 0 < len(east.items) < len(everything.items) and set(east.items["region"]) == {"East"}
    assert east.symbols != everything.symbols and "region: East" in east.showing
    hubs = _map_view(view_tables, kinds=(map_data.kind_label("innovation_hub", plural=True),))
    assert set(hubs.items["kind"]) == {"innovation_hub"} and len(hubs.table) == len(hubs.items)
    population = _map_view(view_tables, measure=map_data.MEASURES[3].option)
    assert population.measure.column == "population_2020" and population.map_item.zero_based is False
    # The export item is the view on screen: the same rows, the provinces in view, the boundaries' source.
    item = east.map_item
    assert item.points is east.items and set(item.shading["province_code"]) == set(
        tables["provinces"].loc[tables["provinces"]["region"] == "East", "province_code"])
    assert "natural-earth" in item.source_ids and dict(item.numbers)["Sites on the map"] == str(
        int((east.items["kind"] != map_data.COMPANY_HQ).sum()))


def test_view_model_selection_panel(view_tables):
    from components.views.base import GlobalFilters

    assert _map_view(view_tables).panel is None
    beijing = _map_view(view_tables, selected="province:CN-BJ")
    assert beijing.panel.details.title.startswith("Beijing") and beijing.panel.drawn
    assert [h for h, _ in beijing.panel.sections][0].startswith("Sites here")
    assert "source_name" in beijing.panel.mentions.columns
    hq = "hq:" + map_data.city_key("Beijing", "CN-BJ")
    assert _map_view(view_tables, selected=hq).panel.sections[0][0].startswith("Company headquarters")
    # Filtered out of the map, a selected symbol is still explained, and said not to be drawn.
    west = _map_view(view_tables, GlobalFilters(regions=("West",)), selected=hq)
    assert west.panel is not None and not west.panel.drawn


def test_presenting_draws_the_whole_country_in_the_lower_deck_with_a_short_source_line(view_tables):
    """Presentation mode's deck is lower and zoomed out by the same factor, so the same country fits; the slide's
    source line names the sources behind several entries and counts the rest (the table names each)."""
    normal, presenting = _map_view(view_tables), _map_view(view_tables, presentation=True)
    assert maps.map_height(True) < maps.map_height(False)
    scale = 2 ** (maps.CHINA_VIEW.zoom - maps.PRESENT_VIEW.zoom)
    assert scale == pytest.approx(maps.MAP_HEIGHT_PX / maps.PRESENT_MAP_HEIGHT_PX, rel=0.01)
    assert presenting.deck.initial_view_state.zoom == maps.PRESENT_VIEW.zoom
    assert normal.deck.initial_view_state.zoom == maps.CHINA_VIEW.zoom
    assert presenting.symbols != normal.symbols          # a new deck key: the browser redraws at the new zoom
    summary = presenting.source_summary
    assert summary.startswith("Sources: ") and summary.endswith("Boundaries: Natural Earth, illustrative, "
                                                                  "not authoritative.")
    assert len(summary) < 300 and "named in the table" in summary

"""What the app assumes about Streamlit and pydeck beyond their documented API, checked against the installed versions.

Each assumption is used in exactly one place; when an upgrade breaks one,
the test names the library version and that place, instead of the app
failing in a browser:
- st.vega_lite_chart passes a dataset given as Arrow IPC bytes through
  unchanged, and the bytes components/ui/chart_specs.py makes with pyarrow are
  the table Streamlit would have made from the rows;
- components/geo/maps.py writes pydeck's JSON itself (compactly) and must write
  what the public pdk.Deck.to_json() writes;
- tools/serve.py switches off the legacy pages/ discovery through
  PagesManager.uses_pages_directory (private; there is no public setting).
"""
from __future__ import annotations

import inspect
import json

import altair as alt
import pandas as pd
import pyarrow as pa
import pydeck as pdk
import streamlit
from streamlit.testing.v1 import AppTest

from components.data import data_layer
from components.domain import map_data
from components.geo import map_geometry, maps
from components.ui import chart_specs
from tests.conftest import ROOT
from tools import serve

STREAMLIT = f"Streamlit {streamlit.__version__}"
PYDECK = f"pydeck {pdk.__version__}"
ROWS = pd.DataFrame({"country": ["China", "United States", "OECD average"], "per_1000": [2.4, 4.2, None],
                     "year": [2021, 2022, 2021], "official": [True, False, True]})


def _frame(arrow: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(arrow).read_pandas()


def test_vega_lite_chart_passes_our_arrow_bytes_through_and_they_equal_its_own_conversion():
    spec = chart_specs.to_spec(alt.Chart(ROWS).mark_bar().encode(x="per_1000:Q", y="country:N"))

    def script(spec):
        import streamlit as st

        from components.ui import chart_specs

        st.vega_lite_chart(spec)                                   # rows: Streamlit converts them
        st.vega_lite_chart(chart_specs.for_display(spec))          # bytes: passed through

    at = AppTest.from_function(script, args=(spec,)).run()
    assert not at.exception, at.exception
    theirs, ours = ([d.data.data for d in chart.proto.datasets] for chart in at.get("vega_lite_chart"))
    expected = chart_specs.arrow_bytes(next(iter(spec["datasets"].values())))
    assert ours == [expected], (f"{STREAMLIT} no longer sends a dataset given as Arrow bytes unchanged: "
                                "components/chart_specs.for_display must hand it rows again")
    assert len(theirs) == 1
    pd.testing.assert_frame_equal(_frame(theirs[0]), _frame(expected), obj=(
        f"{STREAMLIT} converts chart rows to a different Arrow table than components/chart_specs.arrow_bytes"))


def test_rows_pyarrow_cannot_take_as_they_are_are_left_for_streamlit_to_convert():
    mixed = [{"label": "a", "value": 1}, {"label": "b", "value": "n/a"}]
    assert chart_specs.arrow_bytes(mixed) is None
    spec = {"mark": "bar", "data": {"name": "d"}, "datasets": {"d": mixed}}
    assert chart_specs.for_display(spec)["datasets"]["d"] == mixed


def _province_map_deck() -> maps.CompactDeck:
    """A deck with every layer kind the province map draws, from the real data."""
    provinces, places, companies = (data_layer.table(n) for n in ("provinces", "places", "companies"))
    hqs = map_data.company_hqs(companies, places, provinces)
    items = map_data.map_items(places, hqs, provinces, map_data.KIND_ORDER)
    markers = map_data.map_markers(items, {})
    markers["offset"] = map_geometry.spread_markers(markers, maps.CHINA_VIEW.zoom)
    measure = map_data.MEASURES[0]
    frame = map_data.province_frame(provinces, items, measure, (), {})
    frame["fill"] = maps.province_fills(frame, measure)
    shapes = map_geometry.simplify_geojson(data_layer.provinces_geojson())
    cities, labelled = map_geometry.layout_labels(markers, markers["offset"], provinces, maps.CHINA_VIEW.zoom)
    return maps.province_map([
        maps.province_layer(shapes, frame), maps.selected_province_layer(shapes, "CN-GD"),
        maps.province_label_layer(provinces, labelled), *maps.anchor_layers(cities),
        *maps.point_layers(markers), maps.hq_count_layer(markers),
        maps.selected_point_layer(markers, "place:hub_chengdu")])


def test_compact_deck_json_is_what_pydeck_itself_writes():
    deck = _province_map_deck()
    ours, public = deck.to_json(), pdk.Deck.to_json(deck)
    assert "\n" not in ours and len(ours) < len(public)
    assert json.loads(ours) == json.loads(public), (
        f"{PYDECK} writes a deck's JSON differently from components/geo/maps.pydeck_fields: update it to match")
    layer_types = {layer["@@type"] for layer in json.loads(ours)["layers"]}
    assert layer_types == {"GeoJsonLayer", "TextLayer", "ScatterplotLayer"}


def test_pydeck_value_types_serialise_as_pydeck_does():
    value = pdk.types.String("Source Sans")
    assert json.loads(json.dumps({"font": value}, default=maps.pydeck_fields)) == \
        json.loads(json.dumps({"font": value}, default=lambda v: repr(v)))


def test_the_legacy_pages_folder_switch_still_exists_and_is_still_read(monkeypatch):
    from streamlit.runtime import pages_manager
    from streamlit.runtime.scriptrunner import script_runner

    where = f"{STREAMLIT}: tools/serve.disable_legacy_pages_folder relies on PagesManager.uses_pages_directory"
    assert "uses_pages_directory" in vars(pages_manager.PagesManager), f"{where}, which no longer exists"
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner), \
        f"{where}, which the script runner no longer reads"
    monkeypatch.setattr(pages_manager.PagesManager, "uses_pages_directory", None)
    pages_manager.PagesManager(str(ROOT / "app.py"))
    assert pages_manager.PagesManager.uses_pages_directory is True, \
        f"{where}: without the switch, the pages/ folder beside app.py no longer turns legacy discovery on"
    serve.disable_legacy_pages_folder()
    pages_manager.PagesManager(str(ROOT / "app.py"))
    assert pages_manager.PagesManager.uses_pages_directory is False, f"{where}, which no longer holds once set"

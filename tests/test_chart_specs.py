"""components.ui.chart_specs: cached Vega-Lite dicts, and their datasets handed to Streamlit as Arrow once."""
from __future__ import annotations

import copy

import altair as alt
import pandas as pd
import pyarrow as pa

from components.ui import chart_specs

ROWS = pd.DataFrame({"country": ["China", "United States"], "value": [2.4, 4.2]})
FEATURE = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [116.4, 39.9]}, "properties": {}}


def _spec() -> dict:
    return chart_specs.to_spec(alt.Chart(ROWS).mark_bar().encode(x="value:Q", y="country:N"))


def test_datasets_reach_streamlit_as_arrow_with_the_same_rows():
    spec = _spec()
    shown = chart_specs.for_display(spec)
    (name, arrow), = shown["datasets"].items()
    assert isinstance(arrow, bytes)
    frame = pa.ipc.open_stream(arrow).read_pandas()
    pd.testing.assert_frame_equal(frame, ROWS)
    assert shown["layer" if "layer" in shown else "mark"] == spec["layer" if "layer" in spec else "mark"]


def test_each_dataset_is_converted_once_and_the_input_spec_is_left_alone():
    spec = _spec()
    before = copy.deepcopy(spec)
    first, second = chart_specs.for_display(spec), chart_specs.for_display(_spec())
    assert spec == before                              # the export still reads the rows
    assert next(iter(first["datasets"].values())) is next(iter(second["datasets"].values()))


def test_other_data_changes_the_bytes():
    other = chart_specs.to_spec(alt.Chart(ROWS.assign(value=[2.5, 4.2])).mark_bar().encode(x="value:Q"))
    a = next(iter(chart_specs.for_display(_spec())["datasets"].values()))
    b = next(iter(chart_specs.for_display(other)["datasets"].values()))
    assert a != b


def test_geojson_and_specs_without_datasets_pass_through():
    geo = {"mark": "geoshape", "datasets": {"geo": [FEATURE]}, "data": {"name": "geo"}}
    assert chart_specs.for_display(geo)["datasets"]["geo"] == [FEATURE]
    plain = {"mark": "bar", "data": {"values": [{"a": 1}]}}
    assert chart_specs.for_display(plain) is plain

"""The global filters (segment, region): sidebar widgets bound to the URL.

app.py draws them once per run, before the page; pages read the result with
`current()`. The URL keys are `segment` and `region`, so a copied link
reproduces the view on every page.
"""
from __future__ import annotations

import streamlit as st

from components.data import data_layer
from components.ui import url_state
from components.data.schemas import REGIONS
from components.views.base import GlobalFilters

SEGMENT_KEY = "segment"
REGION_KEY = "region"


def _segment_options() -> dict[str, str]:
    """name -> segment_id, in the order of segments.csv."""
    try:
        frame = data_layer.table("segments")
    except data_layer.DataFileError:
        return {}
    return dict(zip(frame["name"], frame["segment_id"]))


def render_global_filters() -> GlobalFilters:
    """Draw the sidebar filters (call inside `with st.sidebar`)."""
    options = _segment_options()
    url_state.check_choices(SEGMENT_KEY, list(options), multi=True)
    url_state.check_choices(REGION_KEY, list(REGIONS), multi=True)
    st.markdown("**Filters**")
    if options:
        st.multiselect("Segment", list(options), key=SEGMENT_KEY, bind="query-params",
                       placeholder="All segments", help="Applies to segments, verticals, companies and places.")
    else:
        st.caption("Segment filter unavailable: segments.csv is not valid.")
    st.multiselect("Region", list(REGIONS), key=REGION_KEY, bind="query-params",
                   placeholder="All regions",
                   help="China's four economic regions (National Bureau of Statistics), plus Hong Kong and Macao.")
    return current()


def current() -> GlobalFilters:
    options = _segment_options()
    names = tuple(n for n in st.session_state.get(SEGMENT_KEY, []) or [] if n in options)
    regions = tuple(r for r in st.session_state.get(REGION_KEY, []) or [] if r in REGIONS)
    return GlobalFilters(tuple(options[n] for n in names), names, regions)

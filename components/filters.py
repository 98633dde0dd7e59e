"""The global filters (segment, region): sidebar widgets bound to the URL.

app.py draws them once per run, before the page; pages read the result with
`current()`. The URL keys are `segment` and `region`, so a copied link
reproduces the view on every page.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components import data_layer, url_state
from components.schemas import REGIONS

SEGMENT_KEY = "segment"
REGION_KEY = "region"


@dataclass(frozen=True)
class GlobalFilters:
    """Empty tuples mean "all"."""

    segment_ids: tuple[str, ...] = ()
    segment_names: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    def segment_match(self, segment_ids: str | list[str] | tuple[str, ...]) -> bool:
        """True when a row tagged with these segment ids passes the filter."""
        if not self.segment_ids:
            return True
        ids = [s.strip() for s in segment_ids.split(";")] if isinstance(segment_ids, str) else list(segment_ids)
        return any(s in self.segment_ids for s in ids)

    def region_match(self, region: str) -> bool:
        return not self.regions or region in self.regions

    def describe(self) -> str:
        """The filters in words, for captions and exports."""
        parts = []
        if self.segment_names:
            parts.append("segment: " + ", ".join(self.segment_names))
        if self.regions:
            parts.append("region: " + ", ".join(self.regions))
        return "; ".join(parts) if parts else "all segments, all regions"


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

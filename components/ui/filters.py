"""The global filters (segment, region): sidebar widgets bound to the URL.

app.py draws them once per run, before the page; pages read the result with
`current()`. The URL keys are `segment` and `region`, so a copied link
reproduces the view on every page.
"""
from __future__ import annotations

import streamlit as st

from components import i18n
from components.data import data_layer
from components.i18n import _, terms
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


def _segment_labels() -> dict[str, str]:
    """English name (the widget's value and the URL's) -> the name shown in the current language."""
    try:
        frame = data_layer.table("segments")
    except data_layer.DataFileError:
        return {}
    return {row["name"]: str(i18n.text(row, "name")) for row in frame.to_dict("records")}


def render_global_filters() -> GlobalFilters:
    """Draw the sidebar filters (call inside `with st.sidebar`)."""
    options = _segment_options()
    url_state.check_choices(SEGMENT_KEY, list(options), multi=True)
    url_state.check_choices(REGION_KEY, list(REGIONS), multi=True)
    st.markdown("**" + _("Filters") + "**")
    if options:
        labels = _segment_labels()
        url_state.choice(st.multiselect, _("Segment"), list(options), key=SEGMENT_KEY, multi=True,
                         format_func=lambda name: labels.get(name, name), placeholder=_("All segments"),
                         help=_("Applies to segments, verticals, companies and places."))
    else:
        st.caption(_("Segment filter unavailable: segments.csv is not valid."))
    url_state.choice(st.multiselect, _("Region"), list(REGIONS), key=REGION_KEY, multi=True,
                     format_func=terms.region, placeholder=_("All regions"),
                     help=_("China's four economic regions (National Bureau of Statistics), plus Hong Kong and Macao."))
    return current()


def current() -> GlobalFilters:
    options = _segment_options()
    names = tuple(n for n in url_state.value(SEGMENT_KEY, []) or [] if n in options)
    regions = tuple(r for r in url_state.value(REGION_KEY, []) or [] if r in REGIONS)
    labels = _segment_labels() if i18n.current() != i18n.DEFAULT else {}
    return GlobalFilters(tuple(options[n] for n in names), names, regions,
                         tuple(labels.get(n, n) for n in names) if labels else ())

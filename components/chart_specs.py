"""Altair chart -> Vega-Lite dict, built once per distinct input and reused by every session.

Why: building a layered Altair chart and converting it (Altair validates the
whole spec against the Vega-Lite JSON schema) cost 50-250 ms a chart, about
0.7 s of CPU on every run of the Market size page, though the charts only
change when their inputs do. The builders stay pure (DataFrame -> alt.Chart,
never st.*); this module calls them through st.cache_data, keyed on the
builder's name and on every argument (DataFrames hashed by content), and
returns the plain dict that `st.vega_lite_chart` and the briefing export take.
A cache hit costs about a millisecond.
"""
from __future__ import annotations

from typing import Any, Callable

import altair as alt
import streamlit as st

# Altair's "default" theme adds a 300 x 300 view size to every spec; st.altair_chart
# switches that theme off while converting, so the cached dicts drop it too.
_DEFAULT_THEME_VIEW = {"continuousWidth": 300, "continuousHeight": 300}


def spec(builder: Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any) -> dict:
    """The Vega-Lite dict of `builder(*args, **kwargs)`, from the cache when these inputs were seen before."""
    return _cached_spec(f"{builder.__module__}.{builder.__qualname__}", builder, args, kwargs)


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """One chart as Streamlit would send it: validated Vega-Lite, data inline, no default-theme sizes."""
    result = chart.to_dict()
    view = result.get("config", {}).get("view")
    if isinstance(view, dict):
        for key, value in _DEFAULT_THEME_VIEW.items():
            if view.get(key) == value:
                del view[key]
    return result


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_spec(name: str, _builder: Callable[..., alt.TopLevelMixin], args: tuple, kwargs: dict) -> dict:
    # `name` keys the cache per builder; `_builder` (leading underscore) is not hashed.
    return to_spec(_builder(*args, **kwargs))

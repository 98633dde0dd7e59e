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

import threading
from collections import OrderedDict
from typing import Any, Callable

import altair as alt
import streamlit as st
from streamlit import dataframe_util

from components.vega import to_spec



def spec(builder: Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any) -> dict:
    """The Vega-Lite dict of `builder(*args, **kwargs)`, from the cache when these inputs were seen before."""
    return _cached_spec(f"{builder.__module__}.{builder.__qualname__}", builder, args, kwargs)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_spec(name: str, _builder: Callable[..., alt.TopLevelMixin], args: tuple, kwargs: dict) -> dict:
    # `name` keys the cache per builder; `_builder` (leading underscore) is not hashed.
    return to_spec(_builder(*args, **kwargs))


# Arrow bytes of each inline dataset, by Altair's dataset name ("data-" + a hash of the values).
_ARROW: OrderedDict[tuple[str, int], bytes] = OrderedDict()
_ARROW_MAX = 512
_ARROW_LOCK = threading.Lock()


def _is_table(values: Any) -> bool:
    """Rows of a table (Arrow-convertible), not GeoJSON features, which Vega must get as JSON."""
    return (isinstance(values, list) and all(isinstance(row, dict) for row in values)
            and not any(row.get("type") == "Feature" or "geometry" in row for row in values))


def for_display(chart_spec: dict) -> dict:
    """`chart_spec` as st.vega_lite_chart sends it, each tabular dataset already in Arrow IPC bytes.

    Why: given rows, Streamlit converts every dataset to Arrow on every run
    (about 50 ms of each Market size rerun); given bytes it passes them through.
    Altair names a dataset by a hash of its values, so each is converted once a
    process and shared by every session. The spec passed in is not modified: the
    briefing export keeps reading its rows.
    """
    datasets = chart_spec.get("datasets")
    if not datasets:
        return chart_spec
    ready = {}
    for name, values in datasets.items():
        if not _is_table(values):
            ready[name] = values
            continue
        key = (str(name), len(values))
        arrow = _ARROW.get(key)
        if arrow is None:
            arrow = dataframe_util.convert_anything_to_arrow_bytes(values)
            with _ARROW_LOCK:
                _ARROW[key] = arrow
                while len(_ARROW) > _ARROW_MAX:
                    _ARROW.popitem(last=False)
        ready[name] = arrow
    return {**chart_spec, "datasets": ready}

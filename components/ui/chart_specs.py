"""Altair chart -> Vega-Lite dict, built once per distinct input and reused by every session.

Why: building a layered Altair chart and converting it (Altair validates the
whole spec against the Vega-Lite JSON schema) is the most expensive part of a
page's run, though the charts only change when their inputs do. The builders
stay pure (DataFrame -> alt.Chart, never st.*); this module calls them
through st.cache_data, keyed on the builder's name and on every argument
(DataFrames hashed by content), and returns the plain dict that
`st.vega_lite_chart` and the briefing export take.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from components.charts.vega import to_spec



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


def arrow_bytes(rows: list[dict]) -> bytes | None:
    """Rows as an Arrow IPC stream, the form st.vega_lite_chart sends a dataset in; None to leave them as rows.

    Built with pyarrow as Streamlit builds it (pandas frame, default index kept
    as metadata only). None when pyarrow cannot take the rows as they are (mixed
    types in a column) or would write a large_list column (Streamlit's browser
    side cannot read one): Streamlit then converts those rows itself, with its
    own fixes. tests/test_streamlit_contracts.py checks that the browser gets
    the same table either way.
    """
    try:
        table = pa.Table.from_pandas(pd.DataFrame(rows))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return None
    if any(pa.types.is_large_list(field.type) for field in table.schema):
        return None
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def for_display(chart_spec: dict) -> dict:
    """`chart_spec` as st.vega_lite_chart sends it, each tabular dataset already in Arrow IPC bytes.

    Why: given rows, Streamlit converts every dataset to Arrow on every run;
    given bytes it passes them through (an undocumented behaviour of the public
    st.vega_lite_chart, checked by tests/test_streamlit_contracts.py). Altair
    names a dataset by a hash of its values, so each is converted once a
    process and shared by every session. The spec passed in is not modified:
    the briefing export keeps reading its rows.
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
            arrow = arrow_bytes(values)
            if arrow is None:
                ready[name] = values
                continue
            with _ARROW_LOCK:
                _ARROW[key] = arrow
                while len(_ARROW) > _ARROW_MAX:
                    _ARROW.popitem(last=False)
        ready[name] = arrow
    return {**chart_spec, "datasets": ready}

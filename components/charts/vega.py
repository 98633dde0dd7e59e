"""Altair chart -> the Vega-Lite dict Streamlit draws and the briefing exports. No Streamlit here.

View models call `to_spec` on the charts they build, so what they return is
plain data: cacheable, comparable in tests, and the same dict on screen and in
the export.
"""
from __future__ import annotations

from typing import Any, Callable

import altair as alt

# Altair's "default" theme adds a 300 x 300 view size to every spec; st.altair_chart
# switches that theme off while converting, so these dicts drop it too.
_DEFAULT_THEME_VIEW = {"continuousWidth": 300, "continuousHeight": 300}


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """One chart as Streamlit would send it: validated Vega-Lite, data inline, no default-theme sizes."""
    result = chart.to_dict()
    view = result.get("config", {}).get("view")
    if isinstance(view, dict):
        for key, value in _DEFAULT_THEME_VIEW.items():
            if view.get(key) == value:
                del view[key]
    return result


def spec(builder: Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any) -> dict:
    """The Vega-Lite dict of `builder(*args, **kwargs)`."""
    return to_spec(builder(*args, **kwargs))

"""Altair chart -> the Vega-Lite dict Streamlit draws and the briefing exports; translated labels. No Streamlit here.

View models call `to_spec` on the charts they build, so what they return is
plain data: cacheable, comparable in tests, and the same dict on screen and in
the export.
"""
from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from typing import Any, Callable

import altair as alt
import pandas as pd

from components import i18n

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


def label_expr(labels: dict[str, str]) -> str:
    """A Vega `labelExpr` that shows each key of `labels` as its value (any other label as it is).

    The data keeps its keys (the exported numbers and the colour domain stay in English); only the
    legend or axis label drawn is the translation.
    """
    expr = "datum.label"
    for key, text in reversed(list(labels.items())):
        expr = f"datum.label === {json.dumps(key)} ? {json.dumps(text, ensure_ascii=False)} : {expr}"
    return expr


def shown(data: pd.DataFrame, column: str, labels: dict[str, str]) -> str:
    """The field a tooltip shows for a key column: the column itself in English, else a translated copy.

    Keys such as "reported" or "Scenario" stay in `column`; in Chinese a `<column>_shown` column carries the
    translation beside it (added to `data`, which must be the builder's own copy).
    """
    if i18n.current() == "en" or all(labels.get(k, k) == k for k in data[column].dropna().unique()):
        return column
    data[f"{column}_shown"] = data[column].map(lambda k: labels.get(k, k))
    return f"{column}_shown"


_TOKEN = re.compile(r"\s+|[^\s\u2e80-\U0002ffff]+|.", re.S)
_NO_LINE_START = set("，。、：；！？）》」』”’%")
_NO_LINE_END = set("（《「『“‘")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns. English: `textwrap.wrap`. Chinese has no spaces between words,
    so a line may break between any two Chinese characters (a wide one counts two columns), never inside
    a run of Latin letters or digits, never before closing punctuation nor after opening punctuation."""
    if i18n.current() == "en":
        return textwrap.wrap(text, width)
    lines, line = [], ""
    for token in _TOKEN.findall(text):
        if line and _width(line + token.rstrip()) > width and token[0] not in _NO_LINE_START \
                and not token.isspace():
            carried = ""
            while line and line[-1] in _NO_LINE_END:
                line, carried = line[:-1], line[-1] + carried
            if line.strip():
                lines.append(line.rstrip())
            line = carried
        if line or not token.isspace():
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines

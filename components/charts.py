"""Pure chart builders: DataFrame -> alt.Chart. They never call st.*.

Why pure: the same builders serve the page, the tests (which inspect the
spec) and any export, and a chart can be checked without a browser.
Titles state the finding; tooltips always carry the source.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from components import theme
# The market builders live together (shared grammar for ranges and projections); re-exported here.
from components.market_charts import market_size_chart  # noqa: F401


def _source_scale(frame: pd.DataFrame, id_col: str = "source_id", name_col: str = "source_name") -> alt.Scale:
    pairs = frame[[id_col, name_col]].drop_duplicates()
    return alt.Scale(domain=list(pairs[name_col]), range=[theme.source_color(s) for s in pairs[id_col]])


def physician_density_chart(frame: pd.DataFrame, highlight: str = "China", title: str = "",
                            presentation: bool = False) -> alt.LayerChart:
    """Horizontal bars, sorted, values on the bars, the highlighted country in red."""
    data = frame.copy()
    data["is_highlight"] = data["country"].str.startswith(highlight)
    sort = alt.EncodingSortField("value_per_1000", order="descending")
    sizes = theme.font_sizes(presentation)
    y = alt.Y("country:N", sort=sort, title=None)
    bars = alt.Chart(data).mark_bar(height={"band": 0.7}).encode(
        x=alt.X("value_per_1000:Q", title="Physicians per 1,000 people"), y=y,
        color=alt.condition(alt.datum.is_highlight, alt.value(theme.HIGHLIGHT), alt.value(theme.NEUTRAL)),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("value_per_1000:Q", title="Per 1,000"),
                 alt.Tooltip("definition:N", title="Definition"), alt.Tooltip("source_name:N", title="Source")])
    labels = alt.Chart(data).mark_text(align="left", dx=6, fontSize=sizes["mark_label"], fontWeight="bold",
                                       color=theme.TEXT).encode(
        x="value_per_1000:Q", y=y, text=alt.Text("value_per_1000:Q", format=".1f"))
    chart = alt.layer(bars, labels).properties(title=title, height=alt.Step(56 if presentation else 44))
    return theme.apply(chart, presentation)


def ranked_bar_chart(frame: pd.DataFrame, category: str, value: str, value_title: str, title: str = "",
                     highlight: str | None = None, value_format: str = ",.2f",
                     presentation: bool = False) -> alt.LayerChart:
    """A generic sorted horizontal bar chart with value labels (e.g. provinces)."""
    data = frame.copy()
    data["is_highlight"] = data[category] == highlight if highlight else False
    sizes = theme.font_sizes(presentation)
    y = alt.Y(f"{category}:N", sort=alt.EncodingSortField(value, order="descending"), title=None)
    tooltip = [c for c in data.columns if c not in ("is_highlight",)][:8]
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=value_title), y=y,
        color=alt.condition(alt.datum.is_highlight, alt.value(theme.HIGHLIGHT), alt.value(theme.CATEGORICAL[0])),
        tooltip=tooltip)
    labels = alt.Chart(data).mark_text(align="left", dx=4, fontSize=sizes["mark_label"] - 2, color=theme.TEXT).encode(
        x=f"{value}:Q", y=y, text=alt.Text(f"{value}:Q", format=value_format))
    chart = alt.layer(bars, labels).properties(title=title, height=alt.Step(22 if not presentation else 28))
    return theme.apply(chart, presentation)

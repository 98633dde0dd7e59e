"""Pure chart builders: DataFrame -> alt.Chart. They never call st.*.

Why pure: the same builders serve the page, the tests (which inspect the
spec) and any export, and a chart can be checked without a browser.
Titles state the finding; tooltips always carry the source.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from components import theme


def _source_scale(frame: pd.DataFrame, id_col: str = "source_id", name_col: str = "source_name") -> alt.Scale:
    pairs = frame[[id_col, name_col]].drop_duplicates()
    return alt.Scale(domain=list(pairs[name_col]), range=[theme.source_color(s) for s in pairs[id_col]])


def market_size_chart(frame: pd.DataFrame, log_scale: bool = False, title: str = "",
                      presentation: bool = False) -> alt.LayerChart:
    """Every source's market-size figures on one axis.

    Expects columns: year, value_usd_bn, low_usd_bn, high_usd_bn, kind, source_id,
    source_name, scope, label. Point values are dots joined by a dashed line per
    source where they are projections; ranges are vertical bars (error bars), so
    a range is never collapsed into a midpoint.
    """
    data = frame.copy()
    data["year_date"] = pd.to_datetime(data["year"].astype(int).astype(str) + "-07-01")
    color = alt.Color("source_name:N", title="Source", scale=_source_scale(data))
    y_scale = alt.Scale(type="log" if log_scale else "linear", domainMin=0.1 if log_scale else 0)
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0))
    tooltip = [alt.Tooltip("label:N", title="Figure"), alt.Tooltip("year:O", title="Year"),
               alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("scope:N", title="Scope"),
               alt.Tooltip("source_name:N", title="Source")]
    points = data[data["value_usd_bn"].notna()]
    ranges = data[data["value_usd_bn"].isna()]
    base_y = alt.Y("value_usd_bn:Q", title="Market size (USD billion)", scale=y_scale)
    line = alt.Chart(points).mark_line(strokeDash=[6, 4], strokeWidth=2.5).encode(
        x=x, y=base_y, color=color, detail="series:N")
    dots = alt.Chart(points).mark_point(filled=True, size=140).encode(
        x=x, y=base_y, color=color, shape=alt.Shape("kind:N", title="Kind"), tooltip=tooltip)
    bars = alt.Chart(ranges).mark_rule(strokeWidth=10, opacity=0.55).encode(
        x=x, y=alt.Y("low_usd_bn:Q", scale=y_scale, title="Market size (USD billion)"), y2="high_usd_bn:Q",
        color=color, tooltip=tooltip)
    chart = alt.layer(bars, line, dots).properties(title=title, height=460)
    return theme.apply(chart, presentation)


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

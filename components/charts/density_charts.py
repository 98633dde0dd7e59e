"""Pure Altair builders for the Physician density page (DataFrame -> chart; never st.*).

Why a module of its own: the page has three kinds of chart (country bars, the
gap-and-AI-coverage bars, provinces ranked) that share one look: sorted
horizontal bars with the value written on each bar, China in the highlight
colour, everything else neutral. Keeping them together keeps that look in one
place. Colours come only from components.theme; every tooltip
names the source.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from components import format as fmt
from components import i18n, theme
from components.charts import vega
from components.i18n import N_, _

AI_COVERED = theme.CATEGORICAL[0]   # the part of a gap an AI gain covers: blue, apart from China's red
GAP_LEFT = theme.NEUTRAL


TITLE_CHARS = 48   # a title line that fits the half-width column these charts sit in at 1280-1920 px


def _title(title: str, subtitle: str | list[str] | None) -> alt.TitleParams | str:
    """A title with subtitle lines. Vega does not wrap: it cuts a long title off with "…", so a
    finding longer than the column comes as short lines (the briefing export joins them back)."""
    lines = vega.wrap(title, TITLE_CHARS) if title else []
    if not subtitle and len(lines) <= 1:
        return title
    return alt.TitleParams(lines if len(lines) > 1 else title,
                           subtitle=[subtitle] if isinstance(subtitle, str) else list(subtitle or []))


def density_bars_chart(frame: pd.DataFrame, *, label: str = "country", title: str = "",
                       subtitle: str | list[str] | None = None, highlight_iso3: str = "CHN", step: int = 44,
                       presentation: bool = False) -> alt.LayerChart:
    """Countries ranked by physicians per 1,000, value on each bar, China highlighted.

    Expects columns: `label` (the bar's name), value_per_1000, iso3, definition,
    source_name, and optionally year. Sorted highest first.
    """
    data = frame.copy()
    data["bar"] = data[label].astype(str)
    data["is_highlight"] = data["iso3"] == highlight_iso3
    data["value_label"] = data["value_per_1000"].map(fmt.density)
    data["year_text"] = data["year"].map(lambda y: _("not stated") if pd.isna(y) else f"{int(y)}") \
        if "year" in data.columns else _("not stated")
    sizes = theme.font_sizes(presentation)
    order = list(data.sort_values("value_per_1000", ascending=False, kind="stable")["bar"])
    y = alt.Y("bar:N", sort=order, title=None, axis=alt.Axis(labelFontWeight="normal"))
    x_max = float(data["value_per_1000"].max()) * 1.12 if len(data) else 1.0
    bars = alt.Chart(data).mark_bar(height={"band": 0.72}).encode(
        x=alt.X("value_per_1000:Q", title=_("Physicians per 1,000 people"), scale=alt.Scale(domain=[0, x_max]),
                axis=alt.Axis(tickCount=6)),
        y=y,
        color=alt.condition(alt.datum.is_highlight, alt.value(theme.HIGHLIGHT), alt.value(theme.NEUTRAL)),
        tooltip=[alt.Tooltip("country:N", title=_("Country")),
                 alt.Tooltip("value_label:N", title=_("Per 1,000 people")),
                 alt.Tooltip("year_text:N", title=_("Year")),
                 alt.Tooltip("definition:N", title=_("Definition")),
                 alt.Tooltip("source_name:N", title=_("Source"))])
    labels = alt.Chart(data).mark_text(align="left", dx=6, fontSize=sizes["mark_label"], fontWeight="bold",
                                       color=theme.TEXT).encode(
        x="value_per_1000:Q", y=y, text="value_label:N")
    step_px = round(step * (theme.PRESENTATION_SCALE if presentation else 1))
    chart = alt.layer(bars, labels).properties(title=_title(title, subtitle), height=alt.Step(step_px))
    return theme.apply(chart, presentation)


# The legend's keys: they stay English in the data; the legend and tooltip show them translated.
GAP_MEASURES = (N_("Physicians still missing"), N_("Covered by the AI productivity gain (physician-equivalents)"))


def gap_coverage_chart(table: pd.DataFrame, *, title: str = "", subtitle: str | list[str] | None = None,
                       presentation: bool = False) -> alt.LayerChart:
    """Per target country, the gap in physicians (millions), split into what an AI gain covers and what is left.

    Expects the frame of `physicians.gap_table` plus a `source_name` column. The
    covered part is capped at the gap; the label at the bar's end gives the gap
    and the share closed.
    """
    rows = []
    for r in table.to_dict("records"):
        gap = max(0.0, float(r["extra_physicians"]))
        covered = min(gap, float(r["ai_physician_equivalents"]))
        share = r["share_of_gap_closed"]
        share_text = _("no gap") if share != share else _("AI covers {share}").format(share=fmt.share(share))
        common = {"country": r["country"], "gap_m": gap / 1e6, "share_text": share_text,
                  "label": f"{fmt.millions(gap)} · {share_text}",
                  "target": _("{density} per 1,000").format(density=fmt.density(r["target_per_1000"])),
                  "source_name": r.get("source_name", "")}
        # Stacked left to right: covered first, then what is still missing.
        rows.append({**common, "measure": GAP_MEASURES[1], "order": 0, "millions": covered / 1e6})
        rows.append({**common, "measure": GAP_MEASURES[0], "order": 1, "millions": (gap - covered) / 1e6})
    data = pd.DataFrame(rows, columns=["country", "gap_m", "share_text", "label", "target", "source_name",
                                       "measure", "order", "millions"])
    sizes = theme.font_sizes(presentation)
    x_max = max(0.5, float(data["gap_m"].max()) * 1.45) if len(data) else 1.0
    y = alt.Y("country:N", title=None, sort=list(table["country"]))
    x_scale = alt.Scale(domain=[0, x_max])
    measures = {m: _(m) for m in GAP_MEASURES}
    legend = alt.Legend(labelExpr=vega.label_expr(measures)) if i18n.current() != "en" else alt.Undefined
    measure_field = vega.shown(data, "measure", measures)
    bars = alt.Chart(data).mark_bar(height={"band": 0.62}).encode(
        x=alt.X("sum(millions):Q", title=_("Physicians (millions)"), scale=x_scale, stack="zero",
                axis=alt.Axis(tickCount=6)),
        y=y,
        color=alt.Color("measure:N", title=None, legend=legend,
                        scale=alt.Scale(domain=[GAP_MEASURES[1], GAP_MEASURES[0]], range=[AI_COVERED, GAP_LEFT])),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("country:N", title=_("To match")), alt.Tooltip("target:N", title=_("Target density")),
                 alt.Tooltip(f"{measure_field}:N", title=_("Part")),
                 alt.Tooltip("millions:Q", title=_("Millions"), format=".2f"),
                 alt.Tooltip("gap_m:Q", title=_("Whole gap (millions)"), format=".2f"),
                 alt.Tooltip("share_text:N", title=_("Share closed")),
                 alt.Tooltip("source_name:N", title=_("Inputs from"))])
    totals = data.drop_duplicates("country")
    labels = alt.Chart(totals).mark_text(align="left", dx=8, fontSize=sizes["mark_label"], fontWeight="bold",
                                         color=theme.TEXT).encode(
        x=alt.X("gap_m:Q", scale=x_scale), y=y, text="label:N")
    step_px = round(64 * (theme.PRESENTATION_SCALE if presentation else 1))
    chart = alt.layer(bars, labels).properties(title=_title(title, subtitle), height=alt.Step(step_px))
    return theme.apply(chart, presentation)


def ranked_bar_chart(frame: pd.DataFrame, category: str, value: str, value_title: str, title: str = "",
                     subtitle: str | list[str] | None = None, highlight: str | None = None, value_format: str = ",.2f",
                     tooltip: list | None = None, presentation: bool = False) -> alt.LayerChart:
    """A sorted horizontal bar chart with a value on every bar (e.g. provinces)."""
    data = frame.copy()
    data["is_highlight"] = (data[category] == highlight) if highlight else False
    sizes = theme.font_sizes(presentation)
    order = list(data.sort_values(value, ascending=False, kind="stable")[category])
    y = alt.Y(f"{category}:N", sort=order, title=None)
    x_max = float(data[value].max()) * 1.1 if len(data) else 1.0
    bars = alt.Chart(data).mark_bar(height={"band": 0.75}).encode(
        x=alt.X(f"{value}:Q", title=value_title, scale=alt.Scale(domain=[0, x_max]), axis=alt.Axis(tickCount=6)),
        y=y,
        color=alt.condition(alt.datum.is_highlight, alt.value(theme.HIGHLIGHT), alt.value(theme.CATEGORICAL[0])),
        tooltip=tooltip or [c for c in data.columns if c != "is_highlight"][:8])
    labels = alt.Chart(data).mark_text(align="left", dx=4, fontSize=sizes["mark_label"] - 2,
                                       color=theme.TEXT).encode(
        x=f"{value}:Q", y=y, text=alt.Text(f"{value}:Q", format=value_format))
    step_px = 28 if presentation else 22
    chart = alt.layer(bars, labels).properties(title=_title(title, subtitle), height=alt.Step(step_px))
    return theme.apply(chart, presentation)

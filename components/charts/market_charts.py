"""Chart builders for the Market size page: DataFrame -> Altair chart, never st.*.

Why a module of its own: the market charts share one visual grammar (a colour
per source, ranges drawn as bars with end caps, never a midpoint; projections
dashed) and a few helpers; keeping them together keeps that grammar in one
place. Inputs are the frames `components.domain.market` builds; colours come only
from `components.theme`; every tooltip names the source.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from components import format as fmt
from components import i18n, theme
from components.charts import vega
from components.i18n import N_, _

# Keys in the charts' data (the legend's domain); displayed translated (`_labels`).
SCENARIO = N_("Scenario")
KINDS = (N_("reported"), N_("estimate"), N_("projection"))
RANGE_NOTE = N_("Bars with end caps: a range the source gives (not a midpoint).")
VALUE_TITLE = N_("Market size (USD billion)")
PRESENT_HEIGHT = 420   # presenting: chart, title, legends and source line fit a 1280×720 screen under the finding


def _series_scale(data: pd.DataFrame, name_col: str = "series_name",
                  extra: dict[str, str] | None = None) -> alt.Scale:
    """Legend names in words, each in its source's fixed colour."""
    pairs = data.drop_duplicates(name_col)
    domain = list((extra or {}).keys()) + list(pairs[name_col])
    colors = list((extra or {}).values()) + (list(pairs["colour"]) if "colour" in pairs else
                                             [theme.FALLBACK] * len(pairs))
    return alt.Scale(domain=domain, range=colors)


def _labels(keys: tuple[str, ...]) -> dict[str, str]:
    return {key: _(key) for key in keys}


def _legend(keys: tuple[str, ...], **kwargs) -> alt.Legend:
    """A legend whose keys are drawn translated (in English, as they are)."""
    if i18n.current() != "en":
        kwargs["labelExpr"] = vega.label_expr(_labels(keys))
    return alt.Legend(**kwargs)


def _year_scale(years: pd.Series) -> alt.Scale:
    return alt.Scale(domain=[int(years.min()) - 0.6, int(years.max()) + 0.6], nice=False, zero=False)


def _year_axis(years: pd.Series, title: str | None = None) -> alt.X:
    """Years on a continuous axis, so a gap of five years looks like five years."""
    lo, hi = int(years.min()), int(years.max())
    return alt.X("year_pos:Q", title=_("Year") if title is None else title, scale=_year_scale(years),
                 axis=alt.Axis(format="d", values=list(range(lo, hi + 1)), labelAngle=0, grid=False))


def _value_scale(log_scale: bool, data_min: float) -> alt.Scale:
    if log_scale:
        return alt.Scale(type="log", domainMin=data_min * 0.7, nice=False)
    return alt.Scale(type="linear", domainMin=0)


LOG_TICKS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]


def _value_y(field: str, y_scale: alt.Scale, title: str | None = None) -> alt.Y:
    """A USD-billion axis; on a log scale, ticks at 1-2-5 steps so 100 is never skipped.

    In Chinese the axis reads in 亿美元 (10^8), as every figure does: the data stay in USD bn, the tick labels ×10.
    """
    kwargs = {"values": LOG_TICKS, "format": "~g"} if y_scale.to_dict().get("type") == "log" else {}
    if i18n.current() == "zh":
        kwargs["labelExpr"] = "format(datum.value * 10, '~g')"
    return alt.Y(f"{field}:Q", title=title, scale=y_scale, axis=alt.Axis(**kwargs))


def _short_labels_zh(data: pd.DataFrame) -> pd.DataFrame:
    """The figures beside the marks in 亿美元 (×10, as the axis), with the source's qualifier."""
    def x10(v: float) -> str:
        return f"{float(f'{v * 10:.6g}'):g}"

    labels = [fmt.qualified(x10(r["value_usd_bn"]) if pd.notna(r["value_usd_bn"])
                            else f"{x10(r['low_usd_bn'])}–{x10(r['high_usd_bn'])}", r.get("qualifier"))
              for r in data.to_dict("records")]
    return data.assign(short_label=labels)


def _with_offsets(data: pd.DataFrame, key: str = "series", width: float = 0.24) -> pd.DataFrame:
    """Nudge series sideways within a year so figures that coincide (1.59 twice) stay visible.

    The tooltip and the CSV keep the true year; only the drawn position moves.
    """
    data = data.copy()
    keys = list(dict.fromkeys(data[key]))
    step = width / max(len(keys) - 1, 1)
    offsets = {k: (i - (len(keys) - 1) / 2) * step for i, k in enumerate(keys)}
    data["year_pos"] = data["year"].astype(float) + data[key].map(offsets)
    return data


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Accept a plain market frame too (source_name, label): fill what `market.figures` adds."""
    data = frame.copy()
    defaults = {"series": data.get("source_id"), "series_name": data.get("source_name"),
                "is_total": True, "stated_cagr": "", "scope": "", "short_label": data.get("label")}
    for column, value in defaults.items():
        if column not in data.columns:
            data[column] = value
    return data


def _figure_tooltip(kind_field: str = "kind") -> list[alt.Tooltip]:
    return [alt.Tooltip("label:N", title=_("Figure")), alt.Tooltip("year:O", title=_("Year")),
            alt.Tooltip(f"{kind_field}:N", title=_("Kind")), alt.Tooltip("scope:N", title=_("Scope")),
            alt.Tooltip("stated_cagr:N", title=_("Growth rate the source states")),
            alt.Tooltip("source_name:N", title=_("Source"))]


def _figure_labels(data: pd.DataFrame, y_scale: alt.Scale, x: alt.X, font_size: int) -> list[alt.Chart]:
    """The figure beside each dot and above each range; a figure two sources share is written once."""
    if i18n.current() == "zh":
        data = _short_labels_zh(data)
    points = data[data["value_usd_bn"].notna()].drop_duplicates(["year", "value_usd_bn"], keep="last")
    ranges = data[data["value_usd_bn"].isna()]
    layers = []
    if not points.empty:
        layers.append(alt.Chart(points).mark_text(align="left", baseline="top", dx=8, dy=6, fontSize=font_size,
                                                  color=theme.TEXT).encode(
            x=x, y=_value_y("value_usd_bn", y_scale), text="short_label:N"))
    if not ranges.empty:
        layers.append(alt.Chart(ranges).mark_text(dy=-16, fontSize=font_size, color=theme.TEXT).encode(
            x=x, y=_value_y("high_usd_bn", y_scale), text="short_label:N"))
    return layers


def _figure_layers(data: pd.DataFrame, color: alt.Color, y_scale: alt.Scale, y_title: str,
                   x: alt.X, band: bool = True) -> list[alt.Chart]:
    """Points, dashed projection lines, range bars with caps (and a faint band between ranges)."""
    data = data.copy()
    tooltip = _figure_tooltip(vega.shown(data, "kind", _labels(KINDS)))
    points = data[data["value_usd_bn"].notna()]
    ranges = data[data["value_usd_bn"].isna()]
    y = _value_y("value_usd_bn", y_scale, y_title)
    y_low = _value_y("low_usd_bn", y_scale, y_title)
    layers = []
    if band and not ranges.empty:
        # Between two ranges of one source the band shows the corridor the source draws;
        # it is light so it reads as "somewhere in here", not as a figure.
        multi = ranges[ranges.groupby("series")["year"].transform("count") > 1]
        if not multi.empty:
            layers.append(alt.Chart(multi).mark_area(opacity=theme.BAND_OPACITY).encode(
                x=x, y=y_low, y2="high_usd_bn:Q", color=color, detail="series:N", tooltip=tooltip))
    if not ranges.empty:
        layers.append(alt.Chart(ranges).mark_rule(strokeWidth=4).encode(
            x=x, y=y_low, y2="high_usd_bn:Q", color=color, tooltip=tooltip))
        for end in ("low_usd_bn", "high_usd_bn"):
            layers.append(alt.Chart(ranges).mark_tick(orient="horizontal", thickness=4, size=22).encode(
                x=x, y=_value_y(end, y_scale, y_title), color=color, tooltip=tooltip))
    if not points.empty:
        total = points[points["is_total"]]
        sub = points[~points["is_total"]]
        for part, dash in ((total, [7, 4]), (sub, [2, 3])):
            if not part.empty:
                layers.append(alt.Chart(part).mark_line(strokeDash=dash, strokeWidth=2.5).encode(
                    x=x, y=y, color=color, detail="series:N"))
        layers.append(alt.Chart(points).mark_point(filled=True, size=150, opacity=1).encode(
            x=x, y=y, color=color,
            shape=alt.Shape("kind:N", title=_("Kind of figure"), legend=_legend(KINDS, orient="right"),
                            scale=alt.Scale(domain=list(KINDS),
                                            range=["circle", "square", "diamond"])),
            tooltip=tooltip))
    return layers


def market_size_chart(frame: pd.DataFrame, log_scale: bool = False, title: str = "",
                      presentation: bool = False, subtitle: str | list[str] | None = None) -> alt.LayerChart:
    """Every source's market-size series on one axis (USD billion).

    Expects the frame of `components.domain.market.figures` (year, value_usd_bn, low_usd_bn,
    high_usd_bn, kind, scope, source_id, source_name, series, series_name, label,
    stated_cagr, is_total). Point figures are dots joined by a dashed line per series;
    ranges are bars with end caps, so a range is never collapsed into a midpoint. A
    sub-market series keeps its own legend entry and a dotted line. The subtitle defaults to RANGE_NOTE.
    """
    data = _with_offsets(_normalise(frame))
    subtitle = _(RANGE_NOTE) if subtitle is None or subtitle == RANGE_NOTE else subtitle
    color = alt.Color("series_name:N", title=_("Source"), scale=_series_scale(data),
                      legend=alt.Legend(orient="right", columns=1, symbolType="circle", symbolSize=200,
                                        symbolOpacity=1))
    floor = pd.concat([data["value_usd_bn"], data["low_usd_bn"]]).min()
    sizes = theme.font_sizes(presentation)
    y_scale, x = _value_scale(log_scale, floor), _year_axis(data["year"])
    layers = [*_figure_layers(data, color, y_scale, _(VALUE_TITLE), x),
              *_figure_labels(data, y_scale, x, sizes["mark_label"] - 1)]
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(title, subtitle=subtitle, fontSize=sizes["title"]),
        height=PRESENT_HEIGHT if presentation else 540)
    return theme.apply(chart.resolve_scale(color="shared", shape="independent"), presentation)


def implied_cagr_chart(implied: pd.DataFrame, title: str = "", presentation: bool = False) -> alt.LayerChart:
    """Each source's implied growth between pairs of its own figures, against the rate it states.

    Expects the frame of `components.domain.market.implied_cagrs` (rows with a stated rate).
    The stated rate is a grey bar (a range where the source gives one); the implied rate
    is a dot in the source's colour (a bar for like-for-like range ends), labelled.
    """
    data = implied.copy()
    data["row_label"] = data["source_name"] + " · " + data["pair"]
    data["implied_text"] = [fmt.pct_range(lo, hi) for lo, hi in zip(data["implied_low_pct"], data["implied_high_pct"])]
    data["stated_hi_draw"] = data["stated_high_pct"].where(data["stated_high_pct"] > data["stated_low_pct"],
                                                           data["stated_low_pct"] + 0.6)
    order = list(data["row_label"])
    sizes = theme.font_sizes(presentation)
    y = alt.Y("row_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    x_title = _("Growth rate, % a year")
    x_max = float(max(data["widest_high_pct"].max(), data["stated_high_pct"].max())) * 1.12
    x_scale = alt.Scale(domain=[0, x_max], nice=False)
    color = alt.Color("source_name:N", title=_("Source"), scale=_series_scale(data, "source_name"), legend=None)
    tooltip = [alt.Tooltip("source_name:N", title=_("Source")), alt.Tooltip("pair:N", title=_("Between")),
               alt.Tooltip("from_figure:N", title=_("From")), alt.Tooltip("to_figure:N", title=_("To")),
               alt.Tooltip("implied_text:N", title=_("Implied growth a year")),
               alt.Tooltip("stated_cagr:N", title=_("Stated growth a year")),
               alt.Tooltip("stated_period:N", title=_("Stated for")), alt.Tooltip("check:N", title=_("Check"))]
    stated = alt.Chart(data).mark_bar(color=theme.NEUTRAL, opacity=0.8, height={"band": 0.75}).encode(
        x=alt.X("stated_low_pct:Q", title=x_title, scale=x_scale), x2="stated_hi_draw:Q", y=y, tooltip=tooltip)
    widest = alt.Chart(data).mark_rule(strokeWidth=2, strokeDash=[3, 3]).encode(
        x=alt.X("widest_low_pct:Q", scale=x_scale, title=x_title), x2="widest_high_pct:Q", y=y, color=color,
        tooltip=tooltip)
    like = alt.Chart(data).mark_rule(strokeWidth=7).encode(
        x=alt.X("implied_low_pct:Q", scale=x_scale, title=x_title), x2="implied_high_pct:Q", y=y, color=color,
        tooltip=tooltip)
    dots = alt.Chart(data).mark_point(filled=True, size=180, opacity=1).encode(
        x=alt.X("implied_low_pct:Q", scale=x_scale, title=x_title), y=y, color=color, tooltip=tooltip)
    labels = alt.Chart(data).mark_text(align="left", dx=10, dy=-12, fontSize=sizes["mark_label"] - 1,
                                       fontWeight="bold", color=theme.TEXT).encode(
        x=alt.X("implied_high_pct:Q", scale=x_scale), y=y, text="implied_text:N")
    chart = alt.layer(stated, widest, like, dots, labels).properties(
        title=alt.TitleParams(title, subtitle=[_("Grey bar: the rate the source states. Dot: the rate its own "
                                                 "figures imply between the two years."),
                                               _("Dashed line (ranges): pairing a low end with a high end.")]),
        height=alt.Step(52 if presentation else 44))
    return theme.apply(chart, presentation)


def projection_chart(path: pd.DataFrame, figures: pd.DataFrame, log_scale: bool = False, title: str = "",
                     subtitle: str | list[str] = "", presentation: bool = False) -> alt.LayerChart:
    """The scenario path (solid, highlight colour) against the sources' own figures.

    `path`: year, scenario_usd_bn (from `components.domain.market.project`); `figures`: the
    total-market rows of `components.domain.market.figures`.
    """
    sizes = theme.font_sizes(presentation)
    figs = _with_offsets(figures)
    scen = path.copy()
    scen["year_pos"] = scen["year"].astype(float)
    scen["series_name"] = SCENARIO
    scen["label"] = [fmt.usd_bn(v, stated=False) for v in scen["scenario_usd_bn"]]
    years = pd.concat([scen["year"], figs["year"]])
    x = _year_axis(years)
    floor = pd.concat([figs["value_usd_bn"], figs["low_usd_bn"], scen["scenario_usd_bn"]]).min()
    y_scale = _value_scale(log_scale, floor)
    color = alt.Color("series_name:N", title=_("Series"),
                      scale=_series_scale(figs, extra={SCENARIO: theme.HIGHLIGHT}),
                      legend=_legend((SCENARIO,), orient="right", columns=1, symbolType="circle", symbolSize=200,
                                     symbolOpacity=1))
    y_title = _(VALUE_TITLE)
    series_field = vega.shown(scen, "series_name", _labels((SCENARIO,)))
    scen_tip = [alt.Tooltip("year:O", title=_("Year")), alt.Tooltip("label:N", title=_("Scenario")),
                alt.Tooltip(f"{series_field}:N", title=_("Series"))]
    line = alt.Chart(scen).mark_line(strokeWidth=3.5).encode(
        x=x, y=_value_y("scenario_usd_bn", y_scale, y_title), color=color)
    dots = alt.Chart(scen).mark_point(filled=True, size=70, opacity=1).encode(
        x=x, y=_value_y("scenario_usd_bn", y_scale, y_title), color=color, tooltip=scen_tip)
    if i18n.current() == "zh":  # 亿美元, as the axis: one decimal of US$ bn is a whole number of 亿
        scen["scenario_100m_usd"] = scen["scenario_usd_bn"] * 10
    text = (alt.Text("scenario_100m_usd:Q", format=".0f") if i18n.current() == "zh"
            else alt.Text("scenario_usd_bn:Q", format=".1f"))
    labels = alt.Chart(scen).mark_text(dy=-14, fontSize=sizes["mark_label"] - 2, color=theme.HIGHLIGHT).encode(
        x=x, y=_value_y("scenario_usd_bn", y_scale, y_title), text=text)
    layers = [*_figure_layers(figs, color, y_scale, y_title, x, band=False), line, dots, labels]
    last_figure = int(figs["year"].max())
    if int(scen["year"].max()) > last_figure:
        # Beyond the last year any source covers the path is pure extrapolation: shade it.
        zone = pd.DataFrame({"start": [last_figure + 0.5], "end": [int(scen["year"].max()) + 0.6],
                             "text": [_("After {year}: no source figure, extrapolation only").format(
                                 year=last_figure)]})
        layers.insert(0, alt.Chart(zone).mark_rect(color=theme.GRID, opacity=0.6).encode(
            x=alt.X("start:Q", scale=_year_scale(years)), x2="end:Q"))
        layers.append(alt.Chart(zone).mark_text(align="left", baseline="top", dx=8, dy=6,
                                                fontSize=sizes["mark_label"] - 2, color=theme.MUTED_TEXT).encode(
            x=alt.X("start:Q", scale=_year_scale(years)), y=alt.value(0), text="text:N"))
    chart = alt.layer(*layers).properties(title=alt.TitleParams(title, subtitle=subtitle), height=500)
    return theme.apply(chart.resolve_scale(shape="independent"), presentation)


def approvals_chart(series: pd.DataFrame, title: str = "", subtitle: str | list[str] = "",
                    presentation: bool = False) -> alt.LayerChart:
    """NMPA Class III AI approval figures over time: one bar per figure, labelled with its qualifier.

    Expects the frame of `components.domain.market.nmpa_series` (year, value, figure,
    figure_label, as_of, label, note, source_id, source_name).
    """
    data = series.copy()
    data["when"] = [a if a else str(y) for a, y in zip(data["as_of"], data["year"])]
    sizes = theme.font_sizes(presentation)
    x = alt.X("when:N", sort=list(data["when"]), title=None, axis=alt.Axis(labelAngle=0))
    color = alt.Color("source_name:N", title=_("Source"), scale=_series_scale(data, "source_name"),
                      legend=alt.Legend(columns=1, orient="right", symbolOpacity=1))
    tooltip = [alt.Tooltip("label:N", title=_("Figure")), alt.Tooltip("figure:N", title=_("Value")),
               alt.Tooltip("when:N", title=_("As of")), alt.Tooltip("note:N", title=_("Note")),
               alt.Tooltip("source_name:N", title=_("Source"))]
    bars = alt.Chart(data).mark_bar(size=70).encode(
        x=x, y=alt.Y("value:Q", title=_("Devices approved")), color=color, tooltip=tooltip,
        opacity=alt.condition(alt.datum.comparable, alt.value(1.0), alt.value(0.35)))
    labels = alt.Chart(data).mark_text(dy=-12, fontSize=sizes["mark_label"], fontWeight="bold",
                                       color=theme.TEXT).encode(x=x, y="value:Q", text="figure:N")
    chart = alt.layer(bars, labels).properties(title=alt.TitleParams(title, subtitle=subtitle), height=400)
    return theme.apply(chart, presentation)

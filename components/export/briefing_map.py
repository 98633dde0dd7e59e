"""The province map as a static chart for the briefing: Altair geoshape + points. No st.* here.

Why a second map builder: the page's deck.gl map is drawn by the browser on a
WebGL canvas, which the server cannot export. The briefing redraws the same
picture from the same rows: provinces shaded by the measure the page shows and
one dot per place, coloured by kind with theme.PLACE_KIND_COLORS, with legends
in words, rendered offline by vl-convert like every other chart.

The boundaries are Natural Earth's de facto lines (see data/README.md); the
caption under the map in the briefing says so. In Chinese the legends and the
province labels are in Chinese (`name_zh` of the boundaries) and drawn in the
shipped Noto Sans SC subset.
"""
from __future__ import annotations

import math
import textwrap
from typing import Sequence

import altair as alt
import pandas as pd

from components import i18n, theme
from components.domain import map_data
from components.export.briefing import chart_font
from components.i18n import N_, _
from components.geo import maps

NO_VALUE = "#EBEBEB"          # provinces without a value, or outside the region filter (the page's grey)
BOUNDARY_NOTE = N_("Boundaries: Natural Earth (de facto, illustrative, not authoritative).")
DEFAULT_MEASURE = N_("On the map (count)")
# A conic equal-area projection centred on China: areas compare fairly, shapes look as on the page.
PROJECTION = {"type": "conicEqualArea", "rotate": [-105, 0], "parallels": [25, 47]}
BOUNDARIES = "province_boundaries"
SIMPLIFY_DEGREES = 0.03     # about half a pixel on a slide-wide map of China
LEGEND_TITLE_CHARS = 24     # legend titles wrap so the legend column stays narrow beside the map
# Legend type a notch under the slides' legend size, so both legends fit beside the map's height.
LEGEND_TEXT = {"labelFontSize": 16, "titleFontSize": 16, "rowPadding": 3}
SPREAD_DEGREES = 0.45       # how far apart places in the same city are drawn


def _hex(rgb: Sequence[int]) -> str:
    return "#" + "".join(f"{int(c):02X}" for c in list(rgb)[:3])


def shade_range() -> tuple[str, str]:
    """The page's colour ramp (components.geo.maps), so the picture reads like the screen."""
    low, high = maps.ramp_colors()
    return _hex(low), _hex(high)


def map_points(items: pd.DataFrame) -> pd.DataFrame:
    """Sites and company HQs (kind, name, lon, lat) -> the dots drawn: legend group in words and colour."""
    columns = ["name", "lon", "lat", "kind", "group", "color"]
    if items.empty:
        return pd.DataFrame(columns=columns)
    order = {k: i for i, k in enumerate(map_data.KIND_ORDER)}
    points = items[["name", "lon", "lat", "kind"]].dropna(subset=["lon", "lat"]).copy()
    points["group"] = points["kind"].map(lambda k: map_data.kind_label(k, plural=True))
    points["color"] = points["kind"].map(lambda k: theme.PLACE_KIND_COLORS.get(k, theme.FALLBACK))
    points["_order"] = points["kind"].map(order).fillna(len(order))
    return points.sort_values("_order", kind="stable").drop(columns="_order")[columns].reset_index(drop=True)


def _thin_ring(ring: list, tolerance: float) -> list:
    """Drop vertices closer than `tolerance` degrees to the last one kept (first and last always stay)."""
    if len(ring) <= 8:
        return ring
    kept = [ring[0]]
    for point in ring[1:-1]:
        last = kept[-1]
        if abs(point[0] - last[0]) >= tolerance or abs(point[1] - last[1]) >= tolerance:
            kept.append(point)
    kept.append(ring[-1])
    return kept if len(kept) >= 4 else ring


def thin_geometry(geometry: dict, tolerance: float = SIMPLIFY_DEGREES) -> dict:
    """A lighter copy of a (Multi)Polygon for a picture: the renderer's time grows with the vertices."""
    kind, coords = geometry.get("type"), geometry.get("coordinates", [])
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_thin_ring(r, tolerance) for r in coords]}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [[_thin_ring(r, tolerance) for r in poly] for poly in coords]}
    return geometry


def spread_coincident(points: pd.DataFrame, radius: float = SPREAD_DEGREES) -> pd.DataFrame:
    """Places in the same city share one point; set them on a small ring so every kind stays visible."""
    if points.empty:
        return points
    out = points.copy()
    keys = list(zip(out["lon"].round(0), out["lat"].round(0)))
    groups: dict = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        ring = radius * math.sqrt(len(members))    # more places, a wider ring, the same gap between dots
        for j, i in enumerate(members):
            angle = 2 * math.pi * j / len(members) + math.pi / 2
            out.iloc[i, out.columns.get_loc("lon")] += ring * math.cos(angle)
            out.iloc[i, out.columns.get_loc("lat")] += ring * math.sin(angle)
    return out


def province_map_chart(geojson: dict, shading: pd.DataFrame, points: pd.DataFrame, *,
                       measure: str = DEFAULT_MEASURE, title: str = "", zero_based: bool = True,
                       label_top: int = 6, value_format: str | None = None) -> dict:
    """Provinces shaded by `shading` (province_code, value) with `points` (lon, lat, group, color) on top.

    Returns a Vega-Lite dict, not an Altair object: the boundaries are added to
    the spec after Altair built it, because Altair walks inline data on
    `to_dict()` and that alone took seconds for the 33 provinces.
    """
    values = dict(zip(shading["province_code"], shading["value"])) if not shading.empty else {}
    measure = _(measure) if measure else measure
    features, labels = [], []
    for feature in geojson.get("features", []):
        props = {k: v for k, v in feature.get("properties", {}).items() if k != "name_zh"}
        code = props.get("iso_3166_2")
        value = values.get(code)
        props["value"] = None if value is None or pd.isna(value) else float(value)
        features.append({"type": "Feature", "geometry": thin_geometry(feature["geometry"]), "properties": props})
        if props["value"] is not None and props["value"] > 0:
            name = i18n.pick(props.get("name", code), feature.get("properties", {}).get("name_zh"))
            labels.append({"name": name, "lon": props.get("label_lon"),
                           "lat": props.get("label_lat"), "value": props["value"]})
    label_frame = pd.DataFrame(labels, columns=["name", "lon", "lat", "value"])
    if value_format is None:   # 126M for a population, 4.63 for a density, 6 for a count
        known = [v for v in values.values() if v is not None and not pd.isna(v)]
        value_format = ",.3~s" if known and max(known) >= 10_000 else ",.4~g"
    label_frame = label_frame.dropna().sort_values("value", ascending=False).head(label_top)

    shade = alt.Color("properties.value:Q", title=textwrap.wrap(measure, LEGEND_TITLE_CHARS) or [""],
                      scale=alt.Scale(range=list(shade_range()), zero=zero_based, nice=False),
                      legend=alt.Legend(orient="right", format=value_format, gradientLength=110, **LEGEND_TEXT))
    # Every province in grey underneath, then the ones with a value in the colour ramp on top: a missing
    # value or a province outside the region filter never takes the ramp's lightest colour.
    boundaries = alt.Chart(alt.NamedData(name=BOUNDARIES))
    blank = boundaries.mark_geoshape(stroke="white", strokeWidth=0.8, fill=NO_VALUE)
    shaded = boundaries.mark_geoshape(stroke="white", strokeWidth=0.8).encode(color=shade).transform_filter(
        "isValid(datum.properties.value)")
    layers = [blank, shaded]
    if not points.empty:
        groups = points[["group", "color"]].drop_duplicates("group")
        layers.append(alt.Chart(spread_coincident(points)[["lon", "lat", "group", "name"]]).mark_circle(size=150, opacity=1, stroke="white", strokeWidth=1.5).encode(
            longitude="lon:Q", latitude="lat:Q",
            color=alt.Color("group:N", title=_("Places"), legend=alt.Legend(orient="right", symbolSize=150, **LEGEND_TEXT),
                            scale=alt.Scale(domain=list(groups["group"]), range=list(groups["color"])))))
    if not label_frame.empty:
        text = dict(fontSize=14, fontWeight="bold", dy=30, font=chart_font())
        layers.append(alt.Chart(label_frame).mark_text(**text, stroke="white", strokeWidth=4, strokeJoin="round")
                      .encode(longitude="lon:Q", latitude="lat:Q", text="name:N"))
        layers.append(alt.Chart(label_frame).mark_text(**text, color=theme.TEXT)
                      .encode(longitude="lon:Q", latitude="lat:Q", text="name:N"))
    chart = alt.layer(*layers).resolve_scale(color="independent").project(**PROJECTION)
    chart = chart.properties(title=title, width=900, height=640)
    spec = theme.apply(chart).to_dict(validate=False)
    spec.setdefault("config", {}).setdefault("legend", {})["titleLimit"] = 420
    spec.setdefault("datasets", {})[BOUNDARIES] = features
    return spec

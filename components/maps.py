"""Pure map builders: GeoJSON and frames -> pydeck.Deck. No st.* here.

Offline by construction: `map_provider=None` with pydeck's default map-style
sentinel means Streamlit draws no basemap and fetches no style, tiles or token
(`map_style=None` alone makes Streamlit fall back to a remote Carto style).
The province polygons are the basemap.
"""
from __future__ import annotations

import copy

import pandas as pd
import pydeck as pdk

from components import theme

CHINA_VIEW = pdk.ViewState(latitude=35.5, longitude=104.5, zoom=3.1, min_zoom=2.5, max_zoom=9, pitch=0)
PROVINCE_LAYER_ID = "provinces"
PLACES_LAYER_ID = "places"


def shade(values: pd.Series, low: str = "#E8EEF7", high: str = "#0B5CAD") -> pd.Series:
    """Linear colour ramp from `low` to `high` for a numeric series (NaN -> light grey)."""
    lo, hi = theme.hex_to_rgb(low), theme.hex_to_rgb(high)
    vmin, vmax = values.min(), values.max()
    span = (vmax - vmin) or 1

    def one(v):
        if pd.isna(v):
            return [235, 235, 235, 255]
        t = (v - vmin) / span
        return [round(a + (b - a) * t) for a, b in zip(lo[:3], hi[:3])] + [230]

    return values.map(one)


def province_layer(geojson: dict, fill_by_code: dict[str, list[int]], tooltip_by_code: dict[str, str]) -> pdk.Layer:
    doc = copy.deepcopy(geojson)
    for feature in doc["features"]:
        props = feature["properties"]
        code = props["iso_3166_2"]
        props["fill"] = fill_by_code.get(code, [235, 235, 235, 255])
        props["tooltip"] = tooltip_by_code.get(code, f"{props['name']} {props['name_zh']}")
    return pdk.Layer("GeoJsonLayer", doc, id=PROVINCE_LAYER_ID, pickable=True, stroked=True, filled=True,
                     get_fill_color="properties.fill", get_line_color=[255, 255, 255, 255],
                     line_width_min_pixels=1)


def places_layer(points: pd.DataFrame) -> pdk.Layer:
    """Expects lon, lat, color (RGBA list), radius (px) and tooltip columns."""
    return pdk.Layer("ScatterplotLayer", points, id=PLACES_LAYER_ID, pickable=True, get_position=["lon", "lat"],
                     get_fill_color="color", get_radius="radius", radius_units="pixels",
                     stroked=True, get_line_color=[255, 255, 255, 255], line_width_min_pixels=1.5)


def province_map(layers: list[pdk.Layer], view: pdk.ViewState = CHINA_VIEW) -> pdk.Deck:
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None,
                    tooltip={"html": "{tooltip}", "style": {"fontSize": "15px", "maxWidth": "380px"}})

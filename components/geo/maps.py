"""Pure map builders: GeoJSON and frames -> pydeck.Deck (plus the map's HTML legend). No st.* here.

Offline by construction: `map_provider=None` with pydeck's default map-style
sentinel means Streamlit draws no basemap and fetches no style, tiles or token
(`map_style=None` alone makes Streamlit fall back to a remote Carto style).
The province polygons are the basemap.

Small by construction: pydeck serialises with `indent=2`, which puts every
coordinate on its own line (megabytes for the province map). `CompactDeck`
writes the same JSON without whitespace, and the page sends simplified
boundaries (`map_geometry.simplify_geojson`); the test suite states the
resulting size. It does so with its own `json.dumps` default rather than
pydeck's private `json_tools`, and a test keeps its output equal to the
public `pdk.Deck.to_json()` (re-parsing that output instead would cost more
than the serialisation itself on every run of the map page).
"""
from __future__ import annotations

import html
import json
import math

import pandas as pd
import pydeck as pdk

from components import format as fmt
from components import i18n, theme
from components.domain import map_data
from components.geo import map_geometry
from components.i18n import _

CHINA_VIEW = pdk.ViewState(latitude=37.2, longitude=104.2, zoom=3.38, min_zoom=3, max_zoom=7, pitch=0, bearing=0)
MAP_HEIGHT_PX = 680
# Presenting, the map shares a 1280×720 screen with the title and the finding (its legend and source line
# beside it): a lower deck, zoomed out by the same factor (a zoom step halves the scale) so all of China shows.
PRESENT_MAP_HEIGHT_PX = 430
PRESENT_VIEW = pdk.ViewState(latitude=CHINA_VIEW.latitude, longitude=CHINA_VIEW.longitude,
                             zoom=round(CHINA_VIEW.zoom - math.log2(MAP_HEIGHT_PX / PRESENT_MAP_HEIGHT_PX), 2),
                             min_zoom=2, max_zoom=7, pitch=0, bearing=0)


def view_state(presentation: bool = False) -> pdk.ViewState:
    """The initial view: the whole country, in the normal deck or in presentation mode's lower one."""
    return PRESENT_VIEW if presentation else CHINA_VIEW


def map_height(presentation: bool = False) -> int:
    return PRESENT_MAP_HEIGHT_PX if presentation else MAP_HEIGHT_PX
PROVINCE_LAYER_ID = "provinces"
ANCHOR_RADIUS_PX = 2.5
POINT_LAYER_PREFIX = "points-"

WHITE = [255, 255, 255, 255]
NOT_AVAILABLE = theme.hex_to_rgb(theme.NEUTRAL, 255)
# The sequential ramp is the primary blue mixed with white: light enough at the top
# end that the coloured symbols (one of them this very blue) stay visible on it.
RAMP_LOW_MIX, RAMP_HIGH_MIX = 0.1, 0.6

# deck.gl draws text from a glyph atlas holding only its `characterSet` (ASCII by default), so a layer
# with other characters names them all: printable ASCII plus what its texts use.
ASCII = tuple(chr(code) for code in range(32, 128))

# One font setting for every text layer: deck.gl builds one glyph atlas per distinct setting, and
# each (signed-distance-field glyphs, drawn on the CPU) delays the map's first paint noticeably.
FONT_SETTINGS = {"sdf": True, "fontSize": 48, "buffer": 4, "radius": 10}

TOOLTIP = {
    "html": (f"<div style='font-weight:600;font-size:16px;margin-bottom:2px'>{{t_title}}</div>"
             f"<div style='color:{theme.MUTED_TEXT}'>{{t_kind}}</div>"
             f"<div style='margin-top:4px'>{{t_detail}}</div>"
             f"<div style='color:{theme.MUTED_TEXT};font-size:13px;margin-top:4px'>{{t_source}}</div>"),
    "style": {"fontSize": "15px", "maxWidth": "420px", "backgroundColor": "#FFFFFF", "color": theme.TEXT,
              "border": f"1px solid {theme.GRID}", "borderRadius": "6px", "padding": "8px 10px",
              "boxShadow": "0 2px 8px rgba(0,0,0,0.15)"},
}


def font() -> str:
    """The text layers' font family in the current language (Chinese: a family with CJK glyphs first).

    Quoted: pydeck reads a bare string as a JS expression, a quoted one as a literal (it strips the quotes).
    """
    return f"'{theme.font_family()}'"


def character_set(texts) -> list[str]:
    """Every character the texts use, plus printable ASCII: what a TextLayer's glyph atlas must hold."""
    return sorted(set(ASCII).union(*(str(text) for text in texts)))


def _with_glyphs(layer: pdk.Layer, texts) -> pdk.Layer:
    """In Chinese, a TextLayer's atlas gets every character its texts use.

    Set after construction: pydeck's constructor would turn a list of strings into a JS expression.
    English keeps deck.gl's default set (the texts are ASCII).
    """
    if i18n.current() != "en":
        layer.character_set = character_set(texts)
    return layer


def gl_offset(offset: list[float]) -> list[float]:
    """Screen offset (y down, as map_data computes it) -> ScatterplotLayer's pixel offset, whose y points
    up (deck.gl 9 adds it in clip space). TextLayer's pixel offset is y-down and takes offsets as they are."""
    return [offset[0], -offset[1]]


# Attributes of pydeck objects that pydeck's own JSON leaves out (keys, widget state, private copies).
PYDECK_NOT_SERIALISED = frozenset({"mapbox_key", "google_maps_key", "deck_widget", "binary_data_sets",
                                   "_binary_data", "_tooltip", "_kwargs", "_show_error"})
PYDECK_VALUE_TYPES = (pdk.types.String, pdk.types.Image, pdk.types.Function)


def _camel(key: str) -> str:
    """pydeck's JSON key for an attribute: get_fill_color -> getFillColor; its `_data` is written as `data`."""
    if key == "_data":
        return "data"
    if "_" not in key:
        return key
    lead = "_" if key.startswith("_") else ""
    head, *rest = key[len(lead):].split("_")
    name = lead + head + "".join(part[:1].upper() + part[1:] for part in rest)
    return name[:1].lower() + name[1:]


def pydeck_fields(value: object) -> object:
    """`json.dumps` default for pydeck objects: the fields pydeck's own `to_json` writes, named as it names them."""
    if isinstance(value, PYDECK_VALUE_TYPES):
        return repr(value)
    try:
        fields = vars(value)
    except TypeError:
        to_dict = getattr(value, "to_dict", None)
        if callable(to_dict):
            try:
                return to_dict(orient="records")
            except (TypeError, ValueError):
                pass
        return str(value)
    return {_camel(key): item for key, item in fields.items()
            if item is not None and key not in PYDECK_NOT_SERIALISED}


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON has no indentation (Streamlit sends `to_json()` to the browser)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=pydeck_fields, separators=(",", ":"), ensure_ascii=False)


def mix(color: str, amount: float) -> list[int]:
    """`color` mixed with white: amount 1 = the colour itself, 0 = white (RGBA list)."""
    rgb = theme.hex_to_rgb(color)[:3]
    return [round(255 + (c - 255) * amount) for c in rgb] + [255]


# Provinces outside the sidebar's region filter: a pale grey, so China keeps its shape.
OUTSIDE_FILTER = mix(theme.NEUTRAL, 0.3)


def ramp_colors() -> tuple[list[int], list[int]]:
    return mix(theme.CATEGORICAL[0], RAMP_LOW_MIX), mix(theme.CATEGORICAL[0], RAMP_HIGH_MIX)


def shade(values: pd.Series, low: list[int] | None = None, high: list[int] | None = None,
          vmin: float | None = None, vmax: float | None = None) -> pd.Series:
    """Linear colour ramp for a numeric series (NaN -> the "not available" grey)."""
    default_low, default_high = ramp_colors()
    low, high = low or default_low, high or default_high
    vmin = values.min() if vmin is None else vmin
    vmax = values.max() if vmax is None else vmax
    span = (vmax - vmin) or 1

    def one(v):
        if pd.isna(v):
            return list(NOT_AVAILABLE)
        t = min(max((v - vmin) / span, 0), 1)
        return [round(a + (b - a) * t) for a, b in zip(low[:3], high[:3])] + [255]

    return values.map(one)


def scale_range(frame: pd.DataFrame, measure: map_data.Measure) -> tuple[float, float]:
    """Counts start at zero; statistics span the provinces in view."""
    shown = frame.loc[frame["in_view"], "value"].dropna()
    if shown.empty:
        return 0.0, 1.0
    low = 0.0 if measure.column is None else float(shown.min())
    return low, float(max(shown.max(), low + (1 if measure.column is None else 0)))


def province_fills(frame: pd.DataFrame, measure: map_data.Measure) -> pd.Series:
    vmin, vmax = scale_range(frame, measure)
    fills = shade(frame["value"], vmin=vmin, vmax=vmax)
    return pd.Series([fill if in_view else list(OUTSIDE_FILTER) for fill, in_view in zip(fills, frame["in_view"])],
                     index=frame.index)


def province_layer(geojson: dict, provinces: pd.DataFrame) -> pdk.Layer:
    """Filled provinces; `provinces` carries province_code, id, fill and the tooltip fields."""
    by_code = provinces.set_index("province_code")
    features = []
    for feature in geojson["features"]:
        code = feature["properties"]["iso_3166_2"]
        row = by_code.loc[code] if code in by_code.index else None
        props = {"id": f"province:{code}", "fill": list(NOT_AVAILABLE),
                 "t_title": f"{feature['properties']['name']} {feature['properties']['name_zh']}",
                 "t_kind": "", "t_detail": "", "t_source": ""}
        if row is not None:
            props.update({k: row[k] for k in ("t_title", "t_kind", "t_detail", "t_source")})
            props["fill"] = [int(c) for c in row["fill"]]
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
    return pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id=PROVINCE_LAYER_ID,
                     pickable=True, stroked=True, filled=True, get_fill_color="properties.fill",
                     get_line_color=WHITE, line_width_min_pixels=1, auto_highlight=True,
                     highlight_color=[255, 255, 255, 60],
                     # Only the fills answer clicks. Picking the thousands of outline vertices too makes
                     # a pointer-down with software WebGL (no GPU: CI, remote desktops) last longer than
                     # a "tap" may, so clicks would be silently lost.
                     _sub_layer_props={"polygons-stroke": {"pickable": False}})


def selected_province_layer(geojson: dict, code: str | None) -> pdk.Layer | None:
    """A dark outline around the selected province (drawn above the fills, not clickable)."""
    features = [f for f in geojson["features"] if f["properties"]["iso_3166_2"] == code]
    if not features:
        return None
    return pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="selected-province",
                     pickable=False, stroked=True, filled=False, get_line_color=theme.hex_to_rgb(theme.TEXT),
                     line_width_min_pixels=3)


def province_label_layer(provinces: pd.DataFrame, codes: list[str]) -> pdk.Layer:
    """Names (`name`, in Chinese `name_zh`) at the label points of the provinces `codes`
    (map_geometry.layout_labels picks them)."""
    rows = provinces[provinces["province_code"].isin(codes)]
    data = [{"text": i18n.text(r, "name"), "lon": float(r.label_lon), "lat": float(r.label_lat)}
            for r in rows.itertuples()]
    layer = pdk.Layer("TextLayer", data, id="province-labels", pickable=False, get_position=["lon", "lat"],
                      get_text="text", get_size=map_geometry.PROVINCE_LABEL_PX, size_units="'pixels'",
                      get_color=theme.hex_to_rgb(theme.MUTED_TEXT),
                      font_family=font(), font_weight=600,
                      get_text_anchor="'middle'", get_alignment_baseline="'center'",
                      font_settings=FONT_SETTINGS, outline_width=2, outline_color=[255, 255, 255, 200])
    return _with_glyphs(layer, [d["text"] for d in data])


def point_layers(markers: pd.DataFrame) -> list[pdk.Layer]:
    """One clickable ScatterplotLayer per kind (id "points-<kind>"): own colour, own symbol size.

    `markers` needs id, kind, lon, lat, radius, offset ([dx, dy] px) and the tooltip fields.
    """
    columns = ["id", "lon", "lat", "radius", "offset", "t_title", "t_kind", "t_detail", "t_source"]
    by_kind: dict[str, list[dict]] = {}
    for record in markers[["kind", *columns]].to_dict("records"):
        record["offset"] = gl_offset(record["offset"])
        by_kind.setdefault(record.pop("kind"), []).append(record)
    layers = []
    for kind in map_data.KIND_ORDER:
        if kind not in by_kind:
            continue
        layers.append(pdk.Layer(
            "ScatterplotLayer", by_kind[kind], id=f"{POINT_LAYER_PREFIX}{kind}", pickable=True,
            get_position=["lon", "lat"], get_radius="radius", radius_units="'pixels'", get_pixel_offset="offset",
            get_fill_color=theme.hex_to_rgb(theme.PLACE_KIND_COLORS.get(kind, theme.FALLBACK)),
            stroked=True, get_line_color=WHITE, line_width_units="'pixels'", get_line_width=2,
            auto_highlight=True, highlight_color=[255, 255, 255, 90]))
    return layers


def hq_count_layer(markers: pd.DataFrame) -> pdk.Layer | None:
    """The number of companies printed inside each company-HQ symbol."""
    rows = markers[(markers["kind"] == map_data.COMPANY_HQ) & (markers["count"] > 1)]
    if rows.empty:
        return None
    data = [{"text": str(int(r.count)), "lon": r.lon, "lat": r.lat, "offset": r.offset} for r in rows.itertuples()]
    layer = pdk.Layer("TextLayer", data, id="hq-counts", pickable=False, get_position=["lon", "lat"],
                      get_text="text", get_size=13, size_units="'pixels'", get_color=WHITE, font_weight=600,
                      font_family=font(), get_pixel_offset="offset", font_settings=FONT_SETTINGS,
                      get_text_anchor="'middle'", get_alignment_baseline="'center'")
    return _with_glyphs(layer, [d["text"] for d in data])


def anchor_layers(anchors: pd.DataFrame) -> list[pdk.Layer]:
    """A small dark dot on each true city point and the city's name beside its symbols.

    `anchors` (from map_geometry.layout_labels) may carry the drawn name as `text`; records carry it only
    where some name differs from the `city` key (in English the name is the key).
    """
    if anchors.empty:
        return []
    data = anchors.to_dict("records")
    texts = [record.pop("text", record["city"]) for record in data]
    text_field = "city"
    if texts != [record["city"] for record in data]:
        for record, text in zip(data, texts):
            record["text"] = text
        text_field = "text"
    dots = pdk.Layer("ScatterplotLayer", data, id="city-points", pickable=False, get_position=["lon", "lat"],
                     get_radius=ANCHOR_RADIUS_PX, radius_units="'pixels'",
                     get_fill_color=theme.hex_to_rgb(theme.TEXT))
    labels = pdk.Layer("TextLayer", data, id="city-labels", pickable=False, get_position=["lon", "lat"],
                       get_text=text_field, get_size=map_geometry.CITY_LABEL_PX, size_units="'pixels'",
                       get_color=theme.hex_to_rgb(theme.TEXT),
                       font_family=font(), font_weight=600,
                       get_pixel_offset="label_offset", get_text_anchor="'middle'",
                       get_alignment_baseline="'center'", font_settings=FONT_SETTINGS, outline_width=3,
                       outline_color=[255, 255, 255, 230])
    return [dots, _with_glyphs(labels, texts)]


def selected_point_layer(markers: pd.DataFrame, selected: str | None) -> pdk.Layer | None:
    """A dark ring around the selected symbol."""
    rows = markers[markers["id"] == selected]
    if rows.empty:
        return None
    data = [{"lon": r.lon, "lat": r.lat, "offset": gl_offset(r.offset), "radius": r.radius + 4}
            for r in rows.itertuples()]
    return pdk.Layer("ScatterplotLayer", data, id="selected-point", pickable=False, get_position=["lon", "lat"],
                     get_radius="radius", radius_units="'pixels'", get_pixel_offset="offset", filled=False,
                     stroked=True, get_line_color=theme.hex_to_rgb(theme.TEXT), line_width_units="'pixels'",
                     get_line_width=3)


def province_map(layers: list[pdk.Layer | None], view: pdk.ViewState = CHINA_VIEW) -> CompactDeck:
    return CompactDeck(layers=[layer for layer in layers if layer is not None], initial_view_state=view,
                       map_provider=None, tooltip=TOOLTIP)


# ---------------------------------------------------------------- legend

def _swatch(color: str, radius: float) -> str:
    size = round(radius * 2)
    return (f"<span style='display:inline-block;width:{size}px;height:{size}px;border-radius:50%;"
            f"background:{color};border:2px solid #fff;box-shadow:0 0 0 1px {theme.GRID};"
            f"vertical-align:middle;margin-right:6px'></span>")


def legend_html(kind_counts: dict[str, int], measure: map_data.Measure, vmin: float, vmax: float,
                source_text: str, has_missing: bool, has_outside: bool) -> str:
    """A compact legend: one entry per kind shown (symbol size and colour) and the shading scale.

    All text is escaped here: ours (translated), the domain's kind and measure names (translated where the
    catalogue has them) and `source_text` (from sources.csv).
    """
    # Babel extracts no _() inside an f-string: the legend's words are looked up first.
    not_available, outside = html.escape(_("not available")), html.escape(_("outside the region filter"))
    shading, symbols_word = html.escape(_("Shading:")), html.escape(_("Symbols:"))
    none = html.escape(_("none match the filters"))
    kinds = "".join(
        f"<span style='display:inline-flex;align-items:center;margin:0 14px 4px 0;white-space:nowrap'>"
        f"{_swatch(theme.PLACE_KIND_COLORS.get(k, theme.FALLBACK), map_data.KIND_RADIUS_PX.get(k, 7))}"
        f"{html.escape(_(map_data.kind_label(k, plural=True)))} ({n})</span>"
        for k, n in kind_counts.items())
    low, high = ramp_colors()
    gradient = (f"linear-gradient(to right, rgb({low[0]},{low[1]},{low[2]}), "
                f"rgb({high[0]},{high[1]},{high[2]}))")
    extra = ""
    if has_missing:
        extra += (f"<span style='margin-left:18px'><span style='display:inline-block;width:16px;height:12px;"
                  f"background:{theme.NEUTRAL};vertical-align:middle;margin-right:6px'></span>"
                  f"{not_available}</span>")
    if has_outside:
        extra += (f"<span style='margin-left:18px'><span style='display:inline-block;width:16px;height:12px;"
                  f"background:rgb({OUTSIDE_FILTER[0]},{OUTSIDE_FILTER[1]},{OUTSIDE_FILTER[2]});"
                  f"vertical-align:middle;margin-right:6px'>"
                  f"</span>{outside}</span>")
    scale = (f"<div style='display:flex;align-items:center;gap:8px;margin-top:4px;flex-wrap:wrap'>"
             f"<b>{shading}</b><span>{html.escape(_(measure.legend_title))}</span>"
             f"<span style='margin-left:8px'>{html.escape(fmt.number(vmin, measure.unit))}</span>"
             f"<span style='display:inline-block;width:180px;height:12px;background:{gradient};"
             f"border:1px solid {theme.GRID}'></span>"
             f"<span>{html.escape(fmt.number(vmax, measure.unit))}</span>{extra}</div>"
             f"<div style='color:{theme.MUTED_TEXT};font-size:0.875rem;margin-top:2px'>"
             f"{html.escape(source_text)}</div>")
    symbols = (f"<div style='display:flex;flex-wrap:wrap;align-items:center'><b style='margin-right:12px'>"
               f"{symbols_word}</b>{kinds or none}</div>")
    return f"<div style='font-size:1rem;color:{theme.TEXT};line-height:1.4'>{symbols}{scale}</div>"

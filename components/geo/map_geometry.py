"""Map geometry: screen positions of symbols and labels, and lighter boundaries for the browser. No st.* here.

Why its own module: it is pure arithmetic on coordinates, separate from what
the map shows (`components.domain.map_data`) and how it is drawn (`components.geo.maps`).

Coordinates in data/ are never changed. Many sites share one city point (five
in Beijing, six in Shanghai), so `spread_markers` gives each symbol a *pixel*
offset: a small ring around its city, and cities that would collide at the
initial zoom are pushed apart. Pixel offsets keep their size at every zoom,
so a ring never drifts into the wrong province as the user zooms in.
`layout_labels` then puts each city's name where it covers no symbol.
"""
from __future__ import annotations

import math
import unicodedata

import pandas as pd

from components import i18n

MARKER_GAP_PX = 3
CLUSTER_GAP_PX = 10     # between the rings of two cities, so each reads as its own group
CITY_LABEL_PX = 15
PROVINCE_LABEL_PX = 13
SMALL_DIVISIONS = ("Municipality", "Special administrative region")


def project(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Web-Mercator world pixels at `zoom` (deck.gl's 512-px world), y pointing down like the screen."""
    scale = 512 * 2 ** zoom
    x = (lon + 180) / 360 * scale
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * scale
    return x, y


def spread_markers(markers: pd.DataFrame, zoom: float) -> list[list[float]]:
    """A pixel offset [dx, dy] per marker so that no two symbols overlap at `zoom`.

    Symbols of one city sit on a ring around the city point (one symbol: no
    offset); then cities whose rings would touch at `zoom` are pushed apart
    along the line between them until they clear. Deterministic: the same data
    always gives the same picture.
    """
    if markers.empty:
        return []
    groups: dict[str, list[int]] = {}
    for idx, row in enumerate(markers.itertuples()):
        groups.setdefault(f"{row.province_code}|{row.city}", []).append(idx)
    radii = markers["radius"].tolist()
    offsets = [[0.0, 0.0] for _ in radii]
    centre, extent = {}, {}
    for key in sorted(groups):
        members = groups[key]
        first = markers.iloc[members[0]]
        centre[key] = project(float(first["lat"]), float(first["lon"]), zoom)
        biggest = max(radii[i] for i in members)
        n = len(members)
        if n == 1:
            extent[key] = biggest
            continue
        ring = (2 * biggest + MARKER_GAP_PX) / (2 * math.sin(math.pi / n))
        extent[key] = ring + biggest
        for position, i in enumerate(members):
            angle = -math.pi / 2 + 2 * math.pi * position / n
            offsets[i] = [ring * math.cos(angle), ring * math.sin(angle)]
    shift = {key: [0.0, 0.0] for key in groups}
    keys = sorted(groups)
    for _ in range(200):
        moved = False
        for a_index, a in enumerate(keys):
            for b in keys[a_index + 1:]:
                ax, ay = centre[a][0] + shift[a][0], centre[a][1] + shift[a][1]
                bx, by = centre[b][0] + shift[b][0], centre[b][1] + shift[b][1]
                dx, dy = ax - bx, ay - by
                dist = math.hypot(dx, dy)
                need = extent[a] + extent[b] + CLUSTER_GAP_PX
                if dist >= need - 1e-6:
                    continue
                ux, uy = (dx / dist, dy / dist) if dist > 1e-9 else (1.0, 0.0)
                push = (need - dist) / 2 + 0.01
                shift[a] = [shift[a][0] + ux * push, shift[a][1] + uy * push]
                shift[b] = [shift[b][0] - ux * push, shift[b][1] - uy * push]
                moved = True
        if not moved:
            break
    for key, members in groups.items():
        for i in members:
            offsets[i] = [round(offsets[i][0] + shift[key][0], 2), round(offsets[i][1] + shift[key][1], 2)]
    return offsets


def text_box(cx: float, cy: float, text: str, size: float) -> tuple[float, float, float, float]:
    """An estimate of a label's box, centred on (cx, cy): sans-serif Latin glyphs average ~0.55 em wide,
    a Chinese character is 1 em."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    half_w = (0.55 * size * (len(text) - wide) + size * wide + 6) / 2
    half_h = 0.65 * size
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def boxes_overlap(a: tuple, b: tuple) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def city_name(city: str, province: pd.Series | None, marker: pd.Series | None = None) -> str:
    """A city's label in the current language: its curated `city_zh` where the markers carry one, else,
    for a city that is its own province-level division (Beijing, Shanghai, Hong Kong), the province's
    `name_zh`; otherwise the name as the data has it."""
    if marker is not None and "city_zh" in marker.index:
        name = i18n.text(marker, "city")
        if name != city:
            return str(name)
    if province is not None and province["name"] == city:
        return str(i18n.text(province, "name"))
    return city


def layout_labels(markers: pd.DataFrame, offsets: list[list[float]], provinces: pd.DataFrame,
                  zoom: float) -> tuple[pd.DataFrame, list[str]]:
    """Where the city names go, and which province names fit, at the initial zoom.

    Each city with symbols gets its name beside its ring, on the first side
    (right, left, below, above) that covers no symbol and no other label. A
    province name is drawn only where it covers no symbol or city name (its
    name is in the tooltip anyway); the small municipalities and SARs never
    get one, as the city names already say Beijing or Shanghai.
    Returns (cities: city, lat, lon, label_offset, text: the name drawn, in the current language) and the
    province codes to label.
    """
    frame = markers.assign(offset=offsets)
    by_code = provinces.set_index("province_code")
    discs = []
    for row in frame.itertuples():
        x, y = project(float(row.lat), float(row.lon), zoom)
        cx, cy = x + row.offset[0], y + row.offset[1]
        discs.append((cx - row.radius, cy - row.radius, cx + row.radius, cy + row.radius))
    placed: list[tuple] = []
    rows = []
    for (city, code), group in frame.groupby(["city", "province_code"], sort=True):
        lat, lon = float(group["lat"].iloc[0]), float(group["lon"].iloc[0])
        x, y = project(lat, lon, zoom)
        xs = [x + o[0] for o in group["offset"]]
        ys = [y + o[1] for o in group["offset"]]
        r = float(group["radius"].max())
        left, right, top, bottom = min(xs) - r, max(xs) + r, min(ys) - r, max(ys) + r
        text = city_name(city, by_code.loc[code] if code in by_code.index else None, group.iloc[0])
        half_w = (text_box(0, 0, text, CITY_LABEL_PX)[2])
        half_h = 0.65 * CITY_LABEL_PX
        mid_x, mid_y = (left + right) / 2, (top + bottom) / 2
        candidates = [(right + 4 + half_w, mid_y), (left - 4 - half_w, mid_y),
                      (mid_x, bottom + 3 + half_h), (mid_x, top - 3 - half_h)]
        scored = []
        for order, (cx, cy) in enumerate(candidates):
            box = text_box(cx, cy, text, CITY_LABEL_PX)
            cost = sum(boxes_overlap(box, d) for d in discs) + sum(boxes_overlap(box, p) for p in placed)
            scored.append((cost, order, cx, cy, box))
        cost, _, cx, cy, box = min(scored)
        placed.append(box)
        rows.append({"city": city, "lat": lat, "lon": lon, "label_offset": [round(cx - x, 1), round(cy - y, 1)],
                     "text": text})
    cities = pd.DataFrame(rows, columns=["city", "lat", "lon", "label_offset", "text"])
    codes = []
    for row in provinces.itertuples():
        if row.division_type in SMALL_DIVISIONS:
            continue
        x, y = project(float(row.label_lat), float(row.label_lon), zoom)
        box = text_box(x, y, str(i18n.text(row, "name")), PROVINCE_LABEL_PX)
        if not any(boxes_overlap(box, d) for d in discs) and not any(boxes_overlap(box, p) for p in placed):
            codes.append(row.province_code)
    return cities, codes


_SIMPLIFIED: dict[int, tuple[dict, dict]] = {}


def _douglas_peucker(points: list, tolerance: float) -> list:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, best_index = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            dist = (abs(dy * px - dx * py + bx * ay - by * ax) / length) if length else math.hypot(px - ax, py - ay)
            if dist > best:
                best, best_index = dist, i
        if best_index is not None and best > tolerance:
            keep[best_index] = True
            stack.extend([(first, best_index), (best_index, last)])
    return [p for p, k in zip(points, keep) if k]


def _simplify_ring(ring: list, tolerance: float, decimals: int) -> list | None:
    out: list = []
    for x, y in _douglas_peucker(ring, tolerance):
        point = [round(x, decimals), round(y, decimals)]
        if not out or out[-1] != point:
            out.append(point)
    if len(out) < 4:
        return None      # an islet smaller than the tolerance: invisible at the map's zoom range
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def simplify_geojson(geojson: dict, tolerance: float = 0.02, decimals: int = 2) -> dict:
    """A lighter copy of the boundaries for the browser: Douglas-Peucker + rounding.

    0.02° is about 2 px at the map's maximum zoom (7), so the outlines look the
    same while the document sent on every rerun shrinks to about a third.
    Only `name`, `name_zh` and `iso_3166_2` are kept. Memoised per document
    object: the data layer hands out one shared object until the file changes.
    """
    cache_key = id(geojson)
    cached = _SIMPLIFIED.get(cache_key)
    if cached is not None and cached[0] is geojson:
        return cached[1]
    features = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        kept = []
        for polygon in polygons:
            rings = [_simplify_ring(ring, tolerance, decimals) for ring in polygon]
            if rings and rings[0] is not None:
                kept.append([r for r in rings if r is not None])
        props = feature["properties"]
        features.append({"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": kept},
                         "properties": {k: props[k] for k in ("name", "name_zh", "iso_3166_2")}})
    result = {"type": "FeatureCollection", "features": features}
    if len(_SIMPLIFIED) > 4:
        _SIMPLIFIED.clear()
    _SIMPLIFIED[cache_key] = (geojson, result)
    return result

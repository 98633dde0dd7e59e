"""Province map: hubs, pilot zones and fast-track zones on an offline map."""
import html

import pandas as pd
import streamlit as st

from components import layout, maps, theme

provinces, places = layout.tables_or_stop("provinces", "places")
geo = layout.geojson_or_stop()

layout.page_header("Province map", "Activity concentrates in Beijing, Shanghai, Guangdong and Hainan.")
counts = places.groupby("province_code").size()
fill = dict(zip(provinces["province_code"], maps.shade(provinces["province_code"].map(counts).fillna(0))))
tips = {r.province_code: html.escape(f"{r.name} {r.name_zh}: {int(counts.get(r.province_code, 0))} places")
        for r in provinces.itertuples()}
points = places.assign(
    color=places["kind"].map(lambda k: theme.hex_to_rgb(theme.PLACE_KIND_COLORS.get(k, theme.FALLBACK))),
    radius=8,
    tooltip=places.apply(lambda r: html.escape(f"{r['name']} ({r['kind']}): {r['offers']}"), axis=1))
deck = maps.province_map([maps.province_layer(geo, fill, tips), maps.places_layer(points)])
st.pydeck_chart(deck, height=620)
layout.source_caption(places, pd.DataFrame({"source_id": ["natural-earth"]}),
                      note="Boundaries: Natural Earth, illustrative, not authoritative.")

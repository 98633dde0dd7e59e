"""Province map: where hubs, pilot and fast-track zones and company HQs are, on an offline map; click to explore.

Thin by design: components.map_data shapes every frame (items, markers, the
province measure, selection details), components.map_geometry places symbols
and labels, and components.maps builds the deck.gl
layers and the legend; this file asks for data, wires the controls to the URL
and lays the pieces out.

Selection: a click on the map (or the picker beside it) writes `map.selected`
to the URL, and the URL is what the page reads, so a shared link opens on the
same selection. Clearing bumps a generation number in the deck's key, which
remounts the chart without its browser-side highlight; so does a filter change
that moves the symbols while a click is held, so a remembered click can never
point at a different symbol. Without a held click the key stays put.
"""
import hashlib
from functools import partial

import pandas as pd
import streamlit as st

from components import data_layer, export_ui, filters, layout, map_data, map_geometry, maps, url_state

provinces, places, companies, facts, policies, channels, segments = layout.tables_or_stop(
    "provinces", "places", "companies", "facts", "policies", "fast_track_channels", "segments")
geo = layout.geojson_or_stop()

KINDS_KEY, SEGMENTS_KEY, MEASURE_KEY = "map.kinds", "map.segments", "map.measure"
SELECTED_KEY, PICK_KEY, GENERATION_KEY = "map.selected", "map.pick", "_map_deck_generation"
SYMBOLS_KEY = "_map_deck_symbols"

source_names = {sid: row["short_name"] or layout.source_label(row) for sid, row in data_layer.source_lookup().items()}
segment_names = dict(zip(segments["segment_id"], segments["name"]))
hqs = map_data.company_hqs(companies, places, provinces)
everything = map_data.map_items(places, hqs, provinces, map_data.KIND_ORDER)

layout.page_header("Province map", map_data.finding(everything))

# ---- controls (each bound to the URL, checked first so a bad link value gets a notice)
global_filters = filters.current()
kind_choices = map_data.kind_options()
segment_choices = [segment_names[s] for s in segments["segment_id"]]
url_state.check_choices(KINDS_KEY, kind_choices, multi=True)
url_state.check_choices(SEGMENTS_KEY, segment_choices, multi=True)
url_state.check_choices(MEASURE_KEY, map_data.measure_options())
left, middle, right = st.columns([1.5, 1, 1])
chosen_kinds = left.multiselect("Show", kind_choices, key=KINDS_KEY, bind="query-params",
                                placeholder="All kinds of site and company HQs",
                                help="Kinds of site named by the sources, and company headquarters.")
chosen_segments = middle.multiselect("Company segments", segment_choices, key=SEGMENTS_KEY, bind="query-params",
                                     placeholder="All segments",
                                     help="Narrows the company HQs (sites are not tied to a segment). "
                                          "The sidebar's Segment and Region filters apply too.")
measure = map_data.measure_by_option(right.selectbox("Shade provinces by", map_data.measure_options(),
                                                     key=MEASURE_KEY, bind="query-params"))

by_name = {name: sid for sid, name in segment_names.items()}
segment_ids = map_data.combine_segments(tuple(by_name[n] for n in chosen_segments if n in by_name),
                                        global_filters.segment_ids)
items = map_data.map_items(places, hqs, provinces, map_data.kinds_from_labels(chosen_kinds),
                           global_filters.regions, segment_ids)

# ---- selection: URL first; a map click or the picker rewrites the URL
hq_all = map_data.all_hq_markers(places, hqs, provinces)
choices = map_data.selection_labels(provinces, places, hq_all)
selected = url_state.read_choice(SELECTED_KEY, list(choices), None)

markers = map_data.map_markers(items, source_names)
markers["offset"] = map_geometry.spread_markers(markers, maps.CHINA_VIEW.zoom)
frame = map_data.province_frame(provinces, items, measure, global_filters.regions, source_names)
frame["fill"] = maps.province_fills(frame, measure)
shapes = map_geometry.simplify_geojson(geo)
city_labels, labelled_provinces = map_geometry.layout_labels(markers, markers["offset"], provinces, maps.CHINA_VIEW.zoom)
selected_code = selected.partition(":")[2] if selected and selected.startswith("province:") else None
deck = maps.province_map([
    maps.province_layer(shapes, frame), maps.selected_province_layer(shapes, selected_code),
    maps.province_label_layer(provinces, labelled_provinces), *maps.anchor_layers(city_labels),
    *maps.point_layers(markers), maps.hq_count_layer(markers), maps.selected_point_layer(markers, selected)])

sites_shown = int((items["kind"] != map_data.COMPANY_HQ).sum())
export_ui.register_map(
    key="map.deck", title=map_data.finding(items), points=items, measure=measure.legend_title,
    shading=frame.loc[frame["in_view"], ["province_code", "value"]], zero_based=measure.column is None,
    source_ids=layout.source_ids_in([items, frame], columns=("source_id", "location_source_id", "measure_source_id")),
    numbers={"Sites on the map": str(sites_shown), "Company HQs on the map": str(len(items) - sites_shown)})

# The deck's key changes only when it must: remounting deck.gl costs seconds of WebGL start-up, so
# a filter change keeps the key and deck.gl updates its layers in place. A browser-side click
# highlight would then mark whichever symbol now sits at the clicked row, so when the symbols
# change while a click is held, the key moves on and the deck remounts without it.
symbols = hashlib.sha1("|".join(markers["id"]).encode()).hexdigest()[:10]
generation = st.session_state.get(GENERATION_KEY, 0)
if st.session_state.get(SYMBOLS_KEY, symbols) != symbols and map_data.selection_from_event(
        getattr(st.session_state.get(f"map.deck.{generation}"), "selection", None)):
    generation = st.session_state[GENERATION_KEY] = generation + 1
st.session_state[SYMBOLS_KEY] = symbols
deck_key = f"map.deck.{generation}"


def _on_map_click(key: str) -> None:
    """A click selects (or, on empty map, deselects): write it to the URL, which the page reads."""
    event = st.session_state.get(key)
    url_state.set_param(SELECTED_KEY, map_data.selection_from_event(event.selection if event else None))


def _forget_map_click() -> None:
    """Remount the deck so its own highlight of an earlier click does not contradict the URL."""
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1


def _on_pick() -> None:
    picked = st.session_state.get(PICK_KEY)
    url_state.set_param(SELECTED_KEY, next((k for k, v in choices.items() if v == picked), None))
    _forget_map_click()


def _on_clear() -> None:
    url_state.set_param(SELECTED_KEY, None)
    _forget_map_click()


map_column, panel = st.columns([2.35, 1], gap="medium")
with map_column:
    st.pydeck_chart(deck, height=maps.MAP_HEIGHT_PX, key=deck_key, on_select=partial(_on_map_click, deck_key),
                    selection_mode="single-object",
                    alt=f"Map of China's provinces shaded by {measure.legend_title.lower()}, "
                        f"with {len(items)} sites and company headquarters. Details are in the panel and table.")
    vmin, vmax = maps.scale_range(frame, measure)
    measure_ids = map_data.measure_sources(frame)
    scale_source = ("Source: " + "; ".join(source_names.get(s, s) for s in measure_ids) if measure_ids
                    else "Counted from the sites and companies the sources name, with the filters above.")
    st.html(maps.legend_html(map_data.kind_counts(items), measure, vmin, vmax, scale_source,
                             has_missing=bool(frame.loc[frame["in_view"], "value"].isna().any()),
                             has_outside=not frame["in_view"].all()))
    st.caption("Boundaries: made with Natural Earth (public domain). De facto boundaries, illustrative and not "
               "authoritative; see About this map below.")
    if (items["kind"] == "pilot_zone").any():
        st.caption(layout.md(map_data.pilot_sites_note(facts)))

with panel:
    with st.container(border=True, height=maps.MAP_HEIGHT_PX + 90):
        labels = list(choices.values())
        if st.session_state.get(PICK_KEY) != choices.get(selected):
            st.session_state[PICK_KEY] = choices.get(selected)
        st.selectbox("Select a province or site", labels, key=PICK_KEY, index=None, on_change=_on_pick,
                     placeholder="Click the map, or choose here")
        info = map_data.details(selected, provinces, places, hqs, facts, policies, channels,
                                segment_names) if selected else None
        if info is None:
            st.markdown("**Click a province or a symbol** to see what is there: its sites, the companies "
                        "headquartered there and the figures and policies that mention it.")
            ranking = map_data.province_ranking(items)
            if not ranking.empty:
                st.markdown("**Where the activity is** (with these filters)\n" + "\n".join(
                    f"- **{layout.md(r.province)}**: {r.sites} site{'s' if r.sites != 1 else ''}, "
                    f"{r.companies} company HQ{'s' if r.companies != 1 else ''}" for r in ranking.itertuples()))
            st.caption(layout.md(f"Showing {len(items)} sites and company HQs · "
                                 f"{global_filters.describe()}."))
        else:
            st.button("Clear selection", on_click=_on_clear, icon=":material/close:", key="map.clear")
            st.subheader(layout.md(info.title), anchor=False)
            st.caption(layout.md(info.subtitle))
            if info.kind != "province" and selected not in set(markers["id"]):
                st.caption("Not drawn on the map with the current filters.")
            if info.description:
                st.markdown(layout.md(info.description))
            for label, value in info.facts:
                st.markdown(f"**{layout.md(label)}:** {layout.md(value)}")
            if info.quote:
                st.caption(layout.md(f"“{info.quote}”"))
            layout.source_caption(pd.DataFrame({"source_id": info.source_ids}))
            sections = [(f"Sites here ({len(info.sites)})", info.sites),
                        (f"Company headquarters here ({len(info.companies)})", info.companies)]
            for heading, rows in (sections[::-1] if info.kind == "hq" else sections):
                if not rows.empty:
                    st.markdown(f"**{heading}**\n" + "\n".join(
                        f"- **{layout.md(r.name)}** · {layout.md(r.rest)}" for r in rows.itertuples()))
            if not info.mentions.empty:
                st.markdown("**Figures and policies that mention it**\n" + "\n".join(
                    f"- *{layout.md(r.what)}:* {layout.md(r.text)} "
                    f"({layout.md(source_names.get(r.source_id, r.source_id))})" for r in info.mentions.itertuples()))

# ---- the filtered sites as a table, with its CSV and source line
st.subheader("Sites and company headquarters on the map", anchor=False)
table = map_data.places_table(items, source_names)
if table.empty:
    layout.empty_state("No site or company matches these filters. Clear a filter to see more.")
else:
    st.dataframe(table.drop(columns=["source_id", "location_source_id", "quote", "Latitude", "Longitude"]),
                 hide_index=True, width="stretch",
                 column_config={"What the sources say": st.column_config.TextColumn(width="large")})
    layout.source_caption(table, columns=("source_id", "location_source_id"))
    layout.csv_download(table, "province-map-sites", key="map.table.csv")
missing_hq = companies[~companies["company_id"].isin(hqs["company_id"])]
st.caption(layout.md(
    f"Not on the map: {len(missing_hq)} companies the sources name without a sourced China base "
    f"({', '.join(missing_hq['name'])}). Company HQs are drawn at their city's point; many sites are city points, "
    "not exact sites (see each site's location note)."))
with st.expander("About this map", icon=":material/info:"):
    st.markdown(layout.md(
        "Boundaries: Made with Natural Earth (1:10m Admin-1, public domain), simplified for display. "
        "They are de facto boundaries, illustrative and not authoritative: Taiwan and the South China Sea "
        "islands are not included, and the western border follows lines of actual control. A map published "
        "inside mainland China needs an approved map (审图号)."))
    st.markdown(layout.md(
        "Symbols that share a city are drawn on a small ring around the city point (the dark dot); "
        "the data's coordinates are unchanged. The map needs no internet connection: no basemap, tiles "
        "or fonts are fetched."))
    layout.source_caption(pd.DataFrame({"source_id": ["natural-earth"]}),
                          note="Boundaries: Natural Earth, illustrative, not authoritative.")

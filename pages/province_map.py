"""Province map: where hubs, pilot and fast-track zones and company HQs are, on an offline map; click to explore.

Layout only: components.views.province_map computes what the map, its legend,
the side panel and the table show from the data, the sidebar filters and the
controls below (bound to the URL); components.ui.map_selection keeps the selection
in the URL and the deck's key across reruns.
"""
from functools import partial

import streamlit as st

from components.geo import maps
from components.ui import (export_ui, filters, layout, map_selection, markdown, presentation, sections, url_state,
                           view_runner)
from components.views import province_map as model
from components.i18n import _

KINDS_KEY, SEGMENTS_KEY, MEASURE_KEY = "map.kinds", "map.segments", "map.measure"

presenting = presentation.presenting()
inputs = view_runner.view_or_stop("province_map", "inputs")
layout.page_header(_("Province map"), inputs.finding)
# Presenting, the map follows the finding directly (a lower deck) and the controls sit under it: one screen.
map_area = st.container() if presenting else None

# ---- controls (each kept in the URL by its English option, checked first so a bad link value gets a notice)
url_state.check_choices(KINDS_KEY, inputs.kind_options, multi=True)
url_state.check_choices(SEGMENTS_KEY, inputs.segment_options, multi=True)
url_state.check_choices(MEASURE_KEY, inputs.measure_options)
left, middle, right = st.columns([1.5, 1, 1])
kinds = url_state.choice(left.multiselect, _("Show"), inputs.kind_options, key=KINDS_KEY, format_func=_, multi=True,
                         placeholder=_("All kinds of site and company HQs"),
                         help=_("Kinds of site named by the sources, and company headquarters."))
segments = url_state.choice(middle.multiselect, _("Company segments"), inputs.segment_options, key=SEGMENTS_KEY,
                            format_func=inputs.segment_label, multi=True, placeholder=_("All segments"),
                            help=_("Narrows the company HQs (sites are not tied to a segment). "
                                   "The sidebar's Segment and Region filters apply too."))
measure = url_state.choice(right.selectbox, _("Shade provinces by"), inputs.measure_options, key=MEASURE_KEY,
                           format_func=_, default=inputs.measure_options[0])
choices = inputs.choices
settings = model.Settings(tuple(kinds), tuple(segments), measure, None)


def map_and_panel() -> None:
    """The map and its side panel: a click or a pick reruns only these (the table below ignores the selection)."""
    selected = url_state.read_choice(map_selection.SELECTED_KEY, list(choices), None)
    view = view_runner.view_or_stop("province_map", "build", filters.current(),
                                    model.Settings(settings.kinds, settings.segments, settings.measure, selected,
                                                   presenting))
    export_ui.register(view.map_item)
    deck_key = map_selection.deck_key(view.symbols)
    height = maps.map_height(presenting)

    if presenting:
        # The map and, beside it, its legend and a short source line (the table below names each source);
        # the side panel follows under the controls.
        with map_area, layout.key_visual():
            map_column, legend_column = st.columns([2.35, 1], gap="medium")
        panel = st.container()
    else:
        map_column, panel = st.columns([2.35, 1], gap="medium")
        map_column = legend_column = map_column.container(key=layout.KEY_VISUAL_KEY)
    with map_column:
        st.pydeck_chart(view.deck, height=height, key=deck_key,
                        on_select=partial(map_selection.on_map_click, deck_key), selection_mode="single-object",
                        alt=view.alt_text)
    with legend_column:
        st.html(view.legend_html)
        if presenting:
            st.caption(markdown.md(view.source_summary))
        else:
            st.caption(_("Boundaries: made with Natural Earth (public domain). De facto boundaries, illustrative "
                         "and not authoritative; see About this map below."))
            if view.pilot_note:
                st.caption(markdown.md(view.pilot_note))

    with panel:
        if presenting and view.pilot_note:
            st.caption(markdown.md(view.pilot_note))
        with st.container(border=True, height="content" if presenting else height + 90):
            map_selection.sync_picker(choices.get(selected))
            st.selectbox(_("Select a province or site"), list(choices.values()), key=map_selection.PICK_KEY,
                         index=None, on_change=map_selection.on_pick, args=(choices,),
                         placeholder=_("Click the map, or choose here"))
            if view.panel is None:
                st.markdown(_("**Click a province or a symbol** to see what is there: its sites, the companies "
                              "headquartered there and the figures and policies that mention it."))
                if view.ranking:
                    st.markdown(_("**Where the activity is** (with these filters)") + "\n" + "\n".join(
                        f"- **{markdown.md(province)}**: {counts}" for province, counts in view.ranking))
                st.caption(markdown.md(view.showing))
            else:
                info = view.panel.details
                st.button(_("Clear selection"), on_click=map_selection.on_clear, icon=":material/close:", key="map.clear")
                st.subheader(markdown.md(info.title), anchor=False)
                st.caption(markdown.md(info.subtitle))
                if not view.panel.drawn:
                    st.caption(_("Not drawn on the map with the current filters."))
                if info.description:
                    st.markdown(markdown.md(info.description))
                for label, value in info.facts:
                    st.markdown(f"**{markdown.md(label)}:** {markdown.md(value)}")
                if info.quote:
                    st.caption(markdown.md(layout.original(info.quote)))
                layout.source_line(info.source_ids)
                for heading, rows in view.panel.sections:
                    st.markdown(f"**{heading}**\n" + "\n".join(
                        f"- **{markdown.md(r.name)}** · {markdown.md(r.rest)}" for r in rows.itertuples()))
                if not view.panel.mentions.empty:
                    st.markdown(_("**Figures and policies that mention it**") + "\n" + "\n".join(
                        f"- *{markdown.md(r.what)}:* {markdown.md(r.text)} ({markdown.md(r.source_name)})"
                        for r in view.panel.mentions.itertuples()))


# Presenting, the map is drawn above the controls (into map_area), which a section cannot do: a slide is not
# an analyst's loop, so there the map and panel run with the page.
(map_and_panel if presenting else sections.section(map_and_panel))()
view = view_runner.view_or_stop("province_map", "build", filters.current(), settings)

# ---- the filtered sites as a table, with its CSV and source line
st.subheader(_("Sites and company headquarters on the map"), anchor=False)
if view.table.empty:
    layout.empty_state(_("No site or company matches these filters. Clear a filter to see more."))
else:
    st.dataframe(view.table_shown, hide_index=True, width="stretch",
                 column_config={_("What the sources say"): st.column_config.TextColumn(width="large")})
    layout.source_line(view.table_source_ids)
    layout.csv_download(view.table, "province-map-sites", key="map.table.csv")
st.caption(markdown.md(view.not_on_map))
with st.expander(_("About this map"), icon=":material/info:"):
    st.markdown(markdown.md(_(
        "Boundaries: Made with Natural Earth (1:10m Admin-1, public domain), simplified for display. "
        "They are de facto boundaries, illustrative and not authoritative: Taiwan and the South China Sea "
        "islands are not included, and the western border follows lines of actual control. A map published "
        "inside mainland China needs an approved map (审图号).")))
    st.markdown(markdown.md(_(
        "Symbols that share a city are drawn on a small ring around the city point (the dark dot); "
        "the data's coordinates are unchanged. The map needs no internet connection: no basemap, tiles "
        "or fonts are fetched.")))
    layout.source_line(["natural-earth"], note=_("Boundaries: Natural Earth, illustrative, not authoritative."))

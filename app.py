"""Entry point: page config, navigation and the frame shared by every page.

It only routes and draws the frame (global filters, footer); pages live in
pages/ and ask components/ for data and charts.
"""
import streamlit as st

from components import export_ui, filters, layout, presentation, reconnect, url_state

st.set_page_config(page_title="Healthcare AI in China", page_icon="assets/favicon.png",
                   layout="wide", initial_sidebar_state="expanded")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/market_size.py", title="Market size", icon=":material/trending_up:", url_path="market-size"),
    st.Page("pages/province_map.py", title="Province map", icon=":material/map:", url_path="province-map"),
    st.Page("pages/physician_density.py", title="Physician density", icon=":material/stethoscope:",
            url_path="physician-density"),
    st.Page("pages/barriers_strategy.py", title="Barriers & strategy", icon=":material/flag:",
            url_path="barriers-strategy"),
    st.Page("pages/sources_method.py", title="Sources & method", icon=":material/menu_book:",
            url_path="sources-method"),
]

# Presentation mode steps through the pages with the key charts; the reference page is not a slide.
SLIDES = [p for p in PAGES if p.url_path != "sources-method"]

page = st.navigation(PAGES)
url_state.begin_run(page.url_path)
reconnect.rerun_on_reconnect()
layout.inject_css()
with st.sidebar:
    filters.render_global_filters()
    presentation.sidebar_controls()
presentation.frame(page, SLIDES)
notice_area = st.container()
layout.begin_exports()
try:
    page.run()
finally:
    # Runs even when a page stops on a broken data file: notices and footer always show.
    url_state.drop_unknown()
    export_ui.briefing_controls(page)
    with notice_area:
        layout.url_notices()
    layout.footer()

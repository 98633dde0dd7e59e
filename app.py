"""Entry point: page config, navigation and the frame shared by every page.

It only routes and draws the frame (global filters, footer); the page list is
components.pages, and each page in pages/ lays out its view model.
"""
import streamlit as st

from components import pages
from components.i18n import _
from components.ui import (css, export_registry, export_ui, filters, language, layout, presentation, reconnect,
                           url_state)

language.begin_run()
st.set_page_config(page_title=_("Healthcare AI in China"), page_icon="assets/favicon.png",
                   layout="wide", initial_sidebar_state="expanded")

PAGES = [st.Page(p.script, title=_(p.title), icon=p.icon, url_path=p.url_path or p.stem.replace("_", "-"),
                 default=p.default) for p in pages.PAGES]
# Presentation mode steps through the slide pages, in registry order.
SLIDES = [page for page, spec in zip(PAGES, pages.PAGES) if spec.slide]

page = st.navigation(PAGES)
url_state.begin_run(page.url_path)
language.check_url()
reconnect.rerun_on_reconnect()
css.inject_css()
with st.sidebar:
    language.switch()
    filters.render_global_filters()
    presentation.sidebar_controls()
presentation.frame(page, SLIDES)
notice_area = st.container()
export_registry.begin()
try:
    page.run()
finally:
    # Runs even when a page stops on a broken data file: notices and footer always show.
    url_state.drop_unknown()
    export_ui.briefing_controls(page)
    with notice_area:
        layout.url_notices()
    layout.footer()

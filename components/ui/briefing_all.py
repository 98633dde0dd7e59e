""""Export all": one deck with the key chart of every page that exports, built in this process.

Each page's view model (components.views.<page>) computes what the page shows
from the data, the sidebar filters and the page's default settings, so the deck
needs no page to run: it takes the first slide of each view, in the order of
the page registry, and renders them. Views are cached, so a page the viewer
has already seen under these filters costs nothing to compute again.
"""
from __future__ import annotations

from typing import Sequence

from components import pages
from components.i18n import _
from components.ui import view_runner
from components.data.datasets import DataFileError


def key_items(global_filters) -> list[tuple[str, dict]]:
    """(page title, export item of its key chart) for every page that exports, in navigation order.

    A page whose data files are broken is left out of the deck rather than failing it.
    """
    out = []
    for page in pages.PAGES:
        if not page.exports:
            continue
        try:
            settings = view_runner.compute(page.stem, "default_settings")
            view = view_runner.compute(page.stem, "build", global_filters, settings)
        except DataFileError:
            continue
        slides: Sequence = view.slides if view is not None else ()
        if slides:
            out.append((_(page.title), slides[0].export_item()))
    return out


def all_pages_briefing(global_filters, link: str):
    """The Briefing of every page's key chart (each page at its default view, with these filters)."""
    from components.export import briefing
    from components.ui import export_ui

    lookup, slides = export_ui._lookup(), []
    for title, item in key_items(global_filters):
        slides += export_ui.slides_from_items([item], lookup, export_ui._geojson, page_title=title)
    if not slides:
        raise briefing.BriefingError(_("no page has a chart to export"))
    return briefing.Briefing(
        dashboard=_(export_ui.DASHBOARD), page=_("All pages: the key chart of each"), generated=export_ui.today(),
        data_as_of=export_ui._data_as_of(), filters=global_filters.describe(), link=link,
        slides=tuple(slides), scope_note=_("Each page at its default view with these filters."),
        file_stem="briefing-all-pages")


def all_pages_deck(global_filters, link: str) -> bytes:
    from components.export.briefing import build_pptx

    return build_pptx(all_pages_briefing(global_filters, link))

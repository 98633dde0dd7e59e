"""The "Export briefing" controls: the current view as a PowerPoint deck and a one-page PDF, made on click.

app.py calls `briefing_controls(page)` after the page ran, so the export holds
exactly what the page registered through `layout.show_chart`
and `register` in this run: the same charts, rows, headline numbers and source
ids, with the global filters in words and a link that reopens the view.

Why lazily: rendering the charts of a deck is the costly part, so nothing is made
until the viewer clicks (st.download_button with a callable). The callable runs
on a server thread where st.* is ignored, so it only uses what was captured
here; when it fails, the click's rerun waits for it and shows an st.error that
names the problem, and no file is delivered.

"Export all" (in the block on the overview) builds one deck from every page's
view model (components.ui.briefing_all) with the current global filters, in this
process: no page has to run.

In Chinese every word of the controls and the files comes from the zh
catalogue. The file is made on a server thread outside the session, so each
job carries the language of the run that drew its button (i18n.use).
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import threading
import time
from typing import Callable, Sequence
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components import format as fmt
from components import i18n
from components.data import data_layer, source_names
from components.i18n import N_, _, ngettext
from components.ui import export_registry, filters, markdown, presentation, public_url, url_state
from components.data.datasets import DataFileError

DASHBOARD = N_("Healthcare AI in China")
ERROR_KEY = "_export_error"
BRIEFING_KEY = "_export_briefing"
LIVE_KEY = "_export_live"            # what the buttons drawn in the last full run will export (see refresh)
NOT_SETTINGS = {filters.SEGMENT_KEY, filters.REGION_KEY, presentation.PRESENT_KEY}
WAIT_FOR_START_S = 10               # how long it waits for the browser's request for the file
WAIT_FOR_FILE_S = 60                 # how long the click's rerun waits for the file before giving up
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF_MIME = "application/pdf"
REQUIRED = {"vl_convert": "vl-convert-python", "pptx": "python-pptx", "reportlab": "reportlab"}
# The names of the pages' own settings as the briefing states them (from their URL keys, e.g. "market.base").
SETTING_NAMES = (N_("base"), N_("custom base"), N_("custom rate"), N_("custom year"), N_("horizon"), N_("rate"),
                 N_("scale"), N_("ai gain pct"), N_("population bn"), N_("provinces"), N_("gap"), N_("headline"),
                 N_("official"), N_("kinds"), N_("measure"), N_("segments"), N_("selected"), N_("barrier"),
                 N_("barriers"), N_("mode"), N_("vertical"), N_("tab"), N_("entry paths"), N_("q"), N_("source"),
                 N_("topic"), N_("page"))


# ---------------------------------------------------------------- registering a view's items

def register(*items) -> None:
    """Register a view model's items (ChartItem, MapItem, TableItem) for this page's export.

    layout.show_chart registers the charts it draws; a page registers here what it
    lays out otherwise (the map, whose deck.gl canvas is redrawn for the export, and
    tables, which the briefing draws as tables).
    """
    export_registry.add(*(item.export_item() for item in items))


# ---------------------------------------------------------------- from registry items to slides

def _source_labels(ids: Sequence[str], lookup: dict[str, dict]) -> tuple[str, ...]:
    return tuple(source_names.label(lookup[i]) if i in lookup else i for i in ids)


def slides_from_items(items: Sequence[dict], lookup: dict[str, dict], geojson: Callable[[], dict] | None = None,
                      page_title: str = "") -> list:
    """Registry items -> ChartSlides and TableSlides (maps are redrawn as geoshape charts from their rows).

    The slide title is the chart's own title (the finding); the block's title
    (the topic) goes into the kicker with the page's name. A table longer than a
    slide continues on the next.
    """
    from components.export import briefing, briefing_map

    slides = []
    for item in items:
        if item.get("kind") == "table":
            table = item["table"]
            slides += briefing.paginate(briefing.TableSlide(
                title=table["heading"], subtitle=table.get("subtitle") or "",
                columns=tuple(table["columns"]), rows=tuple(tuple(r) for r in table["rows"]),
                widths=tuple(table.get("widths") or ()), sources=_source_labels(item.get("source_ids") or [], lookup),
                note=_note(item), data=item.get("data"),
                kicker=" · ".join(p for p in (page_title, str(item.get("title") or "")) if p)))
            continue
        chart, fixed = item.get("chart"), False
        if item.get("kind") == "map":
            if geojson is None:
                continue
            spec = item["map"]
            points = spec["points"] if "group" in spec["points"] else briefing_map.map_points(spec["points"])
            # Built on click, not now: the boundaries make it the one costly spec.
            chart = functools.partial(briefing_map.province_map_chart, geojson(), spec["shading"], points,
                                      measure=spec.get("measure", _("Value")), zero_based=spec.get("zero_based", True))
            fixed = True
        if chart is None:
            continue
        topic = str(item.get("title") or "")
        heading, subtitle = briefing.chart_heading(chart) if not fixed else ("", "")
        kicker = " · ".join(p for p in (page_title, topic if heading and heading != topic else "") if p)
        slides.append(briefing.ChartSlide(
            title=heading or topic, subtitle=subtitle, chart=chart, fixed_height=fixed, kicker=kicker,
            numbers=tuple((str(k), str(v)) for k, v in (item.get("numbers") or {}).items()),
            sources=_source_labels(item.get("source_ids") or [], lookup), note=_note(item),
            data=item.get("data") if isinstance(item.get("data"), pd.DataFrame) else None))
    return slides


def _note(item: dict) -> str:
    """The item's note in the current language (a note that is a catalogue string, e.g. the map's boundary note)."""
    note = item.get("note") or ""
    return _(note) if note else ""


def view_params(query: dict[str, list[str]]) -> dict[str, list[str]]:
    """The URL parameters that define the view (bounded values; presentation mode left out)."""
    return {k: [v for v in values if len(v) <= url_state.MAX_VALUE_CHARS]
            for k, values in query.items() if k != presentation.PRESENT_KEY}


def view_link(base_url: str | None, url_path: str, params: dict[str, list[str]]) -> str:
    """The link that reopens this view: the page's address plus its URL parameters."""
    if base_url:
        page_url = base_url.rstrip("/")
        if not url_path:      # the default page: "http://host/china-ai/?…", not "http://host/china-ai?…"
            page_url += "/"
    else:  # no browser context (tests, bare mode): a path to append to the dashboard's address
        page_url = "/" + url_path if url_path else ""
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    return (page_url or "/") + (f"?{query}" if query else "")


def settings_in_words(params: dict[str, list[str]]) -> tuple[str, ...]:
    """The page's own settings (scenario, selection, toggles) from its URL keys, e.g. 'base: cb2-2023'."""
    out = []
    for key, values in params.items():
        if key in NOT_SETTINGS or not values:
            continue
        name = key.split(".", 1)[-1].replace("_", " ")
        out.append(_("{setting}: {values}").format(setting=_(name), values=", ".join(values)))
    return tuple(out)


def _data_as_of() -> str:
    try:
        as_of = str(data_layer.dataset_info()["data_as_of"])
    except DataFileError:
        return _("unknown")
    return fmt.date(as_of) if i18n.current() == "zh" else as_of


def _lookup() -> dict[str, dict]:
    try:
        return data_layer.source_lookup()
    except DataFileError:
        return {}


def _geojson() -> dict:
    return data_layer.provinces_geojson()


def today() -> str:
    """'22 November 2026' / '2026年11月22日'."""
    if i18n.current() == "zh":
        return fmt.date(dt.date.today())
    return f"{dt.date.today():%d %B %Y}".lstrip("0")


def briefing_for(page_title: str, url_path: str, items: Sequence[dict], query: dict[str, list[str]],
                 base_url: str | None, filters_text: str):
    """The Briefing of one page view (called at script time; renders nothing)."""
    from components.export import briefing

    params = view_params(query)
    return briefing.Briefing(
        dashboard=_(DASHBOARD), page=page_title, generated=today(), data_as_of=_data_as_of(),
        filters=filters_text, link=view_link(base_url, url_path, params),
        slides=tuple(slides_from_items(items, _lookup(), _geojson, page_title)), settings=settings_in_words(params),
        file_stem=f"briefing-{url_path or 'overview'}")


def _query_dict() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def _base_url(url_path: str = "") -> str | None:
    """The page's public address (behind a proxy too: see components.ui.public_url); None in bare mode."""
    return public_url.page_url(public_url.current_base(), url_path)


# ---------------------------------------------------------------- generation on click

class _Job:
    """One click's file: made on the server thread, watched by the click's rerun."""

    def __init__(self, what: str, make: Callable[[], bytes], scope: str):
        self.what, self._make, self.scope = what, make, scope
        self.lang = i18n.current()       # the server thread has no session: the file is made in the run's language
        self.started, self.done = threading.Event(), threading.Event()
        self.error: str | None = None
        self.seconds: float | None = None

    def __call__(self) -> bytes:
        from components.export.briefing import BriefingError

        self.done.clear()
        self.error = None
        self.started.set()
        start = time.perf_counter()
        try:
            with i18n.use(self.lang):
                data = self._make()
                if not data:
                    raise BriefingError(_("the file came out empty"))
            return data
        except BriefingError as err:
            self.error = str(err)
            raise
        except Exception as err:  # noqa: BLE001 - any failure must reach the viewer as words, not a broken file
            with i18n.use(self.lang):
                self.error = _("an unexpected {error}").format(error=f"{type(err).__name__}: {err}")
            raise
        finally:
            self.seconds = time.perf_counter() - start
            self.done.set()


def _after_click(job: _Job) -> None:
    """Callback of the click's rerun: wait for the file, keep its timing, and any problem to show."""
    # The browser asks for the file as it asks for the rerun; if the request never came, do not hold the page.
    if not job.started.wait(WAIT_FOR_START_S):
        return
    if not job.done.wait(WAIT_FOR_FILE_S):
        st.session_state[f"{ERROR_KEY}.{job.scope}"] = _(
            "The {what} is taking longer than {seconds} s; try again.").format(what=_(job.what), seconds=WAIT_FOR_FILE_S)
        return
    if job.error:
        st.session_state[f"{ERROR_KEY}.{job.scope}"] = _(
            "The {what} could not be made: {error}. No file was downloaded.").format(what=_(job.what), error=job.error)


def missing_packages() -> list[str]:
    return [pip for module, pip in REQUIRED.items() if importlib.util.find_spec(module) is None]


def _show_error(scope: str) -> None:
    message = st.session_state.pop(f"{ERROR_KEY}.{scope}", None)
    if message:
        st.error(markdown.md(message), icon=":material/error:")


def _button(label: str, job: _Job, file_name: str, mime: str, key: str, help_text: str, icon: str) -> None:
    st.download_button(label, data=job, file_name=file_name, mime=mime, key=key, help=help_text, icon=icon,
                       on_click=_after_click, args=(job,))


def briefing_controls(page) -> None:
    """Sidebar block: slides and one-page PDF of what this page shows now."""
    with st.sidebar:
        st.markdown("**" + _("Export briefing") + "**")
        _show_error("page")
        try:
            _controls(page)
        except Exception as err:  # noqa: BLE001 - the frame must draw even if the export cannot
            st.caption(markdown.md(_("Export unavailable on this page: {error}").format(
                error=f"{type(err).__name__}: {err}")))


def _controls(page) -> None:
    """Slides and PDF buttons for this page (inside the sidebar block)."""
    st.session_state.pop(LIVE_KEY, None)
    missing = missing_packages()
    if missing:
        st.caption(markdown.md(_("Export unavailable: {packages} is not installed on the server.").format(
            packages=", ".join(missing))))
        return
    items = export_registry.registered()
    has_charts = any(i.get("chart") is not None or i.get("kind") in ("map", "table") for i in items)
    if page.url_path == "":      # the overview (default page) carries "Export all"
        export_all_button()
    if not has_charts:
        if page.url_path != "":
            st.caption(_("This page has no charts to export."))
        return
    b = briefing_for(page.title, page.url_path, items, _query_dict(), _base_url(page.url_path),
                     filters.current().describe())
    st.session_state[BRIEFING_KEY] = b    # what the buttons will export (read by the tests)
    # The buttons read the briefing from this holder when clicked: a section that reran alone replaces it.
    live = st.session_state[LIVE_KEY] = {"title": page.title, "url_path": page.url_path, "briefing": b}
    stamp = f"{dt.date.today():%Y%m%d}"
    from components.export import briefing  # cheap: its heavy imports happen inside the builders

    _button(_("Slides (PowerPoint)"), _Job(N_("slide deck"), lambda: briefing.build_pptx(live["briefing"]), "page"),
            f"{b.file_stem}-{stamp}.pptx", PPTX_MIME, "export.pptx",
            _("A title slide with the filters, one slide per chart with its numbers and sources, and a link back "
              "to this view."), ":material/download:")
    _button(_("One-page PDF"), _Job(N_("PDF"), lambda: briefing.build_pdf(live["briefing"]), "page"), f"{b.file_stem}-{stamp}.pdf",
            PDF_MIME, "export.pdf", _("The same briefing on one long page, for reading on a phone."),
            ":material/picture_as_pdf:")
    st.caption(markdown.md(ngettext("{count} chart · filters: {filters}", "{count} charts · filters: {filters}",
                                    len(b.slides)).format(count=len(b.slides), filters=b.filters)))


def refresh() -> None:
    """After a section reran alone: the export buttons of the last full run now export the page as it is.

    The sidebar is not redrawn by a section's rerun, so its buttons keep the
    briefing of the full run; they read it from the LIVE_KEY holder at click
    time, and this rebuilds it from the registry (which the section updated)
    and the URL (which its controls updated).
    """
    live = st.session_state.get(LIVE_KEY)
    if not live:
        return
    try:
        b = briefing_for(live["title"], live["url_path"], export_registry.registered(), _query_dict(),
                         _base_url(live["url_path"]), filters.current().describe())
    except Exception:  # noqa: BLE001 - the section must draw even if the export cannot follow it
        return
    st.session_state[BRIEFING_KEY] = live["briefing"] = b


# ---------------------------------------------------------------- export all (overview)

def all_pages_deck(global_filters, link: str) -> bytes:
    """The "Export all" deck: every exporting page's key chart, built in this process from the view models."""
    from components.ui import briefing_all

    return briefing_all.all_pages_deck(global_filters, link)


def export_all_button() -> None:
    """'Export all' (drawn in the overview's sidebar block): one deck covering every page's key chart."""
    _show_error("all")
    if missing_packages():
        return
    query = {k: v for k, v in _query_dict().items() if k in (filters.SEGMENT_KEY, filters.REGION_KEY)}
    link = view_link(_base_url(), "", view_params(query))
    current = filters.current()
    job = _Job(N_("deck of all pages"), lambda: all_pages_deck(current, link), "all")
    _button(_("Export all pages (PowerPoint)"), job, f"briefing-all-pages-{dt.date.today():%Y%m%d}.pptx", PPTX_MIME,
            "export.all", _("One deck with the key chart of every page, under the current filters."),
            ":material/download:")
    st.caption(_("One slide per page with its key chart, each page at its default view with the filters above."))

"""Shared page furniture: header, source line, data-error callout, notices, downloads.

Why one module: every page ends a chart with a source line built from the
rows it shows, and shows a broken data file the same way; doing that in one
place keeps the wording and the escaping right everywhere.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

import pandas as pd
import streamlit as st

from components import chart_specs, data_layer, source_names, theme, url_state
from components.datasets import DataFileError

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!$|<>~])")


def md(text: object) -> str:
    """Escape text for st.markdown/st.caption: data never turns into markup or LaTeX ("US$1.59")."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def page_header(title: str, finding: str | None = None) -> None:
    """Page title plus the one-sentence finding an executive should take away."""
    st.title(title, anchor=False)
    if finding:
        st.markdown(f"<p class='hcai-finding'>{_html(finding)}</p>", unsafe_allow_html=True)


def url_notices() -> None:
    """URL parameters that were ignored (texts come from url_state and name keys only)."""
    for text in url_state.notices():
        st.warning(md(text), icon=":material/link_off:")


def _html(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


source_label = source_names.label


def source_ids_in(frames: Iterable[pd.DataFrame], columns: Sequence[str] = ("source_id",)) -> list[str]:
    seen: list[str] = []
    for frame in frames:
        for column in columns:
            if column in frame.columns:
                for value in frame[column]:
                    if value and value not in seen:
                        seen.append(str(value))
    return seen


def source_caption(*frames: pd.DataFrame, columns: Sequence[str] = ("source_id",), note: str | None = None) -> None:
    """The source line under a chart or table, built from the rows actually shown."""
    source_line(source_ids_in(frames, columns), note)


def data_error(err: DataFileError) -> None:
    """The clear message a viewer sees instead of a traceback when a data file is broken."""
    lines = "\n".join(f"- {md(p)}" for p in err.problems[:20])
    more = f"\n- … and {len(err.problems) - 20} more" if len(err.problems) > 20 else ""
    st.error(f"**This page cannot show its data: {md(err.file)} has problems.**\n\n{lines}{more}\n\n"
             "Fix the file in data/ (see data/README.md); the page updates on the next interaction.",
             icon=":material/error:")


def tables_or_stop(*names: str) -> list[pd.DataFrame]:
    """Load the tables a page needs; on a broken file show the callout and stop this page only."""
    frames = []
    for name in names:
        try:
            frames.append(data_layer.table(name))
        except DataFileError as err:
            data_error(err)
            st.stop()
    return frames


def geojson_or_stop() -> dict:
    try:
        return data_layer.provinces_geojson()
    except DataFileError as err:
        data_error(err)
        st.stop()


def paragraphs(*parts: str | bool | None) -> None:
    """Several paragraphs as one markdown element; empty or False parts (`cond and text`) are left out.

    Why one element: a card of five one-line st.markdown calls is five elements
    for the browser to render on every run (Market size had 123 elements, 86 of
    them markdown); one element per block renders the same text for less.
    """
    text = "\n\n".join(part for part in parts if part)
    if text:
        st.markdown(text)


def empty_state(message: str) -> None:
    st.info(message, icon=":material/filter_alt_off:")


def csv_download(frame: pd.DataFrame, file_stem: str, key: str, label: str = "Download CSV") -> None:
    """CSV of exactly the rows a chart or table shows (UTF-8 with BOM so Excel reads Chinese).

    Written on click (deferred data): a page carries up to ten of these and most
    are never clicked, so no run pays for writing and storing every one.
    """
    rows = frame.copy()   # the rows as shown now, whatever the page does with `frame` later

    def make_csv() -> bytes:
        return rows.to_csv(index=False).encode("utf-8-sig")

    st.download_button(label, make_csv, file_name=f"{file_stem}.csv", mime="text/csv", key=key,
                       icon=":material/download:", on_click="ignore")


PRESENT_KEY = "present"
PRESENT_STATE_KEY = "_presenting"


def presenting() -> bool:
    """Presentation mode (URL flag `present=1`): bigger type, no chrome. Pages pass it to chart builders.

    The flag lives in the URL so a shared link opens in presentation mode, and in
    session state so it survives page switches: st.navigation keeps only the query
    parameters of widgets bound in app.py and drops plain ones such as this flag
    (checked in Streamlit 1.67), so each run puts it back while the session is
    presenting. Only the exit control (components.presentation) ends it.
    """
    url_state.register(PRESENT_KEY)
    raw = st.query_params.get_all(PRESENT_KEY)
    if raw and raw[-1] == "1":
        st.session_state[PRESENT_STATE_KEY] = True
    on = bool(st.session_state.get(PRESENT_STATE_KEY))
    if on and raw != ["1"]:
        st.query_params[PRESENT_KEY] = "1"
    return on


def set_presenting(on: bool) -> None:
    """Enter or leave presentation mode (used by the controls' callbacks)."""
    st.session_state[PRESENT_STATE_KEY] = on
    if on:
        st.query_params[PRESENT_KEY] = "1"
    elif PRESENT_KEY in st.query_params:
        del st.query_params[PRESENT_KEY]


EXPORT_REGISTRY_KEY = "_export_items"


def begin_exports() -> None:
    """Called by app.py before each page run: the page registers what it shows for the briefing export."""
    st.session_state[EXPORT_REGISTRY_KEY] = []


def registered_exports() -> list[dict]:
    return list(st.session_state.get(EXPORT_REGISTRY_KEY, []))


def chart_block(chart, data: pd.DataFrame, *, key: str, title: str, alt_text: str,
                source_frames: Sequence[pd.DataFrame] | None = None, note: str | None = None,
                numbers: dict[str, str] | None = None, height: int | None = None) -> None:
    """One chart as every page shows it: the chart, its source line, a CSV of its data.

    It also registers the chart for the briefing export, so an export contains
    exactly what is on screen. `key` is "<page>.<chart>"; `alt_text` describes the
    chart for screen readers; `numbers` are the headline figures shown with it.
    """
    if isinstance(chart, dict):   # a cached Vega-Lite dict (components.chart_specs)
        st.vega_lite_chart(chart_specs.for_display(chart), width="stretch", key=key, alt=alt_text)
    else:
        st.altair_chart(chart, width="stretch", key=key, alt=alt_text)
    frames = list(source_frames) if source_frames is not None else [data]
    source_caption(*frames, note=note)
    csv_download(data, key.replace(".", "-"), key=f"{key}.csv")
    st.session_state.setdefault(EXPORT_REGISTRY_KEY, []).append({
        "kind": "chart", "key": key, "title": title, "chart": chart, "data": data,
        "source_ids": source_ids_in(frames), "numbers": numbers or {}, "note": note or ""})


def show_chart(item) -> None:
    """A view model's ChartItem as every page shows it: the chart, its source line, a CSV of its rows.

    It also registers the chart for this page's briefing export, so the export holds what is on screen.
    """
    st.vega_lite_chart(chart_specs.for_display(item.spec), width="stretch", key=item.key, alt=item.alt_text)
    source_line(item.source_ids, note=item.note or None)
    csv_download(item.data, item.key.replace(".", "-"), key=f"{item.key}.csv")
    st.session_state.setdefault(EXPORT_REGISTRY_KEY, []).append(item.export_item())


def source_line(ids, note: str | None = None) -> None:
    """The source line for these source ids (a chart's or a card's)."""
    ids = [i for i in dict.fromkeys(ids) if i]
    if not ids:
        return
    try:
        lookup = data_layer.source_lookup()
    except DataFileError:
        lookup = {}
    names = [source_label(lookup[i]) if i in lookup else i for i in ids]
    text = "Source" + ("s" if len(names) > 1 else "") + ": " + "; ".join(names) + "."
    if note:
        text += " " + note
    st.caption(md(text))


def footer() -> None:
    """When the curator last checked the sources (not when they were published), and how many there are."""
    try:
        as_of = data_layer.dataset_info()["data_as_of"]
    except DataFileError:
        as_of = "unknown (dataset.json is not valid)"
    try:
        n_sources = len(data_layer.sources())
        count = f"{n_sources} sources"
    except DataFileError:
        count = "sources unavailable"
    st.caption(md(f"Sources checked on {as_of} · {count}, each with its publication date where it states one · "
                  "every figure links to its source on the Sources & method page."))


PAGE_CSS = f"""
<style>
.hcai-finding {{ font-size: 1.2rem; color: {theme.TEXT}; margin-top: -0.5rem; max-width: 70rem; }}
/* "Copy link to this view": plain HTML (it runs our own script), styled like Streamlit's secondary button. */
.hcai-copy-link {{
  font: inherit; font-size: 1rem; color: {theme.TEXT}; background: #FFFFFF; cursor: pointer;
  border: 1px solid {theme.BORDER}; border-radius: 0.5rem; padding: 0.35rem 0.75rem; min-height: 2.5rem;
}}
.hcai-copy-link:hover {{ border-color: {theme.ACCENT}; color: {theme.ACCENT}; }}
.hcai-copy-link:focus-visible {{ outline: 2px solid {theme.ACCENT}; outline-offset: 2px; }}
/* Captions (source lines): Streamlit fades them (opacity 0.6) to 4.35:1 on white, under WCAG AA's 4.5:1;
   the muted text colour at full opacity is 7.5:1. */
[data-testid="stCaptionContainer"] {{ opacity: 1; color: {theme.MUTED_TEXT}; }}
[data-testid="stCaptionContainer"] p {{ color: {theme.MUTED_TEXT}; }}
/* A button's keyboard-shortcut hint (e.g. "Esc"): Streamlit fades it to 3.4:1 on a primary button. */
button kbd {{ color: inherit !important; opacity: 1 !important; }}
/* Metric labels wrap instead of ending in "…": a clipped label hides which source a figure is from. */
[data-testid="stMetricLabel"] * {{ white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }}
.hcai-card-context {{ font-size: 1rem; color: {theme.TEXT}; margin: -0.5rem 0 0.25rem 0; }}
.hcai-copy-status {{ display: block; font-size: 0.875rem; color: {theme.MUTED_TEXT}; margin-top: 0.25rem; }}
</style>
"""


def inject_css() -> None:
    st.html(PAGE_CSS)

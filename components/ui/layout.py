"""Page furniture: the header, a chart with its source line, data-error callout, notices, downloads, footer.

Why one module: every page ends a chart with a source line built from the
rows it shows, and shows a broken data file the same way; doing that in one
place keeps the wording right everywhere. Escaping is components.ui.markdown, the
stylesheet components.ui.css, presentation mode components.ui.presentation, the
export registry components.ui.export_registry.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd
import streamlit as st

from components import format as fmt, i18n
from components.data import data_layer, source_names
from components.domain import wording
from components.i18n import _, ngettext
from components.ui import chart_specs, export_registry, markdown, presentation, url_state
from components.data.datasets import DataFileError

def page_header(title: str, finding: str | None = None) -> None:
    """Page title plus the one-sentence finding an executive should take away."""
    st.title(title, anchor=False)
    if finding:
        st.markdown(f"<p class='hcai-finding'>{markdown.html(finding)}</p>", unsafe_allow_html=True)
    if i18n.current() != i18n.DEFAULT and not presentation.presenting():
        translation_note()        # presenting, the footer says it: the slide keeps its screen for the visual


def original(quote: str) -> str:
    """A quote as shown: verbatim in its own language, marked 原文 ("original") when the page is in Chinese."""
    return f"“{quote}”" if i18n.current() == i18n.DEFAULT else f"原文：“{quote}”"


def quote_mark(text: str) -> str:
    """The source's own words in quotation marks; a translation of them is shown without (it is not their words)."""
    return f"“{text}”" if i18n.current() == i18n.DEFAULT else text


def translation_note() -> None:
    """In Chinese: says that the texts are translations and the quotes are the sources' own words."""
    st.caption(_("Chinese edition: interface and data texts are translations by the dashboard team, not the "
                 "sources' words; every quote stays verbatim in its original language, marked 原文; every "
                 "figure is the source's own."))


KEY_VISUAL_KEY = "key-visual"


def key_visual():
    """The block that carries a slide's finding (chart, map, cards or table, with its source line).

    One per page, marked for presentation mode and its browser test (class `st-key-key-visual`): presenting,
    it must sit on screen under the title and finding with nothing to scroll.
    """
    return st.container(key=KEY_VISUAL_KEY)


def url_notices() -> None:
    """URL parameters that were ignored (texts come from url_state and name keys only)."""
    for text in url_state.notices():
        st.warning(markdown.md(text), icon=":material/link_off:")


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
    lines = "\n".join(f"- {markdown.md(p)}" for p in err.problems[:20])
    more = ("\n- " + _("… and {count} more").format(count=len(err.problems) - 20)) if len(err.problems) > 20 else ""
    heading = _("This page cannot show its data: {file} has problems.").format(file=markdown.md(err.file))
    st.error(f"**{heading}**\n\n{lines}{more}\n\n"
             + _("Fix the file in data/ (see data/README.md); the page updates on the next interaction."),
             icon=":material/error:")


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


def csv_download(frame: pd.DataFrame, file_stem: str, key: str, label: str | None = None) -> None:
    """CSV of exactly the rows a chart or table shows (UTF-8 with BOM so Excel reads Chinese).

    Written on click (deferred data): a page carries up to ten of these and most
    are never clicked, so no run pays for writing and storing every one.
    """
    rows = frame.copy()   # the rows as shown now, whatever the page does with `frame` later

    def make_csv() -> bytes:
        return rows.to_csv(index=False).encode("utf-8-sig")

    st.download_button(label or _("Download CSV"), make_csv, file_name=f"{file_stem}.csv", mime="text/csv", key=key,
                       icon=":material/download:", on_click="ignore")


def show_chart(item) -> None:
    """A view model's ChartItem as every page shows it: the chart, its source line, a CSV of its rows.

    It also registers the chart for this page's briefing export, so the export holds what is on screen.
    """
    st.vega_lite_chart(chart_specs.for_display(item.spec), width="stretch", key=item.key, alt=item.alt_text)
    source_line(item.source_ids, note=item.note or None)
    csv_download(item.data, item.key.replace(".", "-"), key=f"{item.key}.csv")
    export_registry.add(item.export_item())


def source_line(ids, note: str | None = None) -> None:
    """The source line for these source ids (a chart's or a card's)."""
    ids = [i for i in dict.fromkeys(ids) if i]
    if not ids:
        return
    try:
        lookup = data_layer.source_lookup()
    except DataFileError:
        lookup = {}
    names = [source_names.label(lookup[i]) if i in lookup else i for i in ids]
    text = ngettext("Source: {names}.", "Sources: {names}.", len(names)).format(names=wording.join(names, "; "))
    text = wording.sentences(text, note)
    st.caption(markdown.md(text))


def footer() -> None:
    """When the curator last checked the sources (not when they were published), and how many there are."""
    try:
        as_of = fmt.date(data_layer.dataset_info()["data_as_of"])
    except DataFileError:
        as_of = _("unknown (dataset.json is not valid)")
    try:
        n_sources = len(data_layer.sources())
        count = ngettext("{count} source", "{count} sources", n_sources).format(count=n_sources)
    except DataFileError:
        count = _("sources unavailable")
    if i18n.current() != i18n.DEFAULT and presentation.presenting():
        translation_note()        # otherwise the page header has said it
    st.caption(markdown.md(_("Sources checked on {date} · {count}, each with its publication date where it states "
                             "one · every figure links to its source on the Sources & method page.")
                           .format(date=as_of, count=count)))


